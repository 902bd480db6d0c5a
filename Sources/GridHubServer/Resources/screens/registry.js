// 人口信息: the registry on a phone or a desk. Residents are shown as the API answers them — ID numbers
// and phones masked; a reveal asks for a reason and shows the number only until the page moves on.
// Heads see their building (or unit), workers their visits due, staff search their community.
"use strict";

(async () => {
  const { el, t, api, time } = GH;
  const account = GH.requireSignIn(["community_staff", "grid_worker", "building_head", "unit_head", "command_centre", "leader"]);
  const $ = (id) => document.getElementById(id);
  const staff = account.role === "community_staff" || account.role === "command_centre";
  const mayReveal = staff;
  const visits = ["grid_worker", "community_staff", "building_head", "unit_head"].includes(account.role);
  const TAGS = ["living_alone", "empty_nest", "aged_80", "disabled", "low_income", "entitled", "left_behind_child", "focus"];
  const tagName = (tag) => t("tag_" + tag);
  const sections = { mine: $("r-mine"), search: $("r-search"), due: $("r-due") };

  document.querySelector("#r-find select").append(...TAGS.map((tag) => el("option", { value: tag }, tagName(tag))));

  function showTab(name) {
    for (const [key, box] of Object.entries(sections)) box.hidden = key !== name;
    $("r-household").hidden = true;
    document.querySelectorAll(".tab").forEach((b) => b.classList.toggle("on", b.dataset.tab === name));
    if (name === "due") loadDue();
  }
  document.querySelectorAll(".tab").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));

  function residentCard(r, onOpen) {
    return el("li", { class: "card resident", "data-resident": r.id },
      el("button", { type: "button", class: "link", onclick: onOpen },
        el("b", {}, r.name), " ", el("span", { class: "muted" }, [r.gender ? t("gender_" + r.gender) : "", r.age != null ? t("age", { n: r.age }) : ""].filter(Boolean).join(" · "))),
      el("div", { class: "muted" }, r.address || ""),
      el("div", {}, ...(r.tags || []).map((tag) => el("span", { class: "badge tag" }, tagName(tag)))),
      r.visit_due_at ? el("div", { class: new Date(r.visit_due_at) < new Date() ? "due overdue" : "due" }, t("visit_due", { when: time(r.visit_due_at) })) : null);
  }

  // --- the head's building page: their building's (or unit's) households.
  async function loadMine() {
    const posts = await api("/api/v1/me/posts");
    if (!posts.length) { $("r-buildings").replaceChildren(GH.empty(t("registry_no_post"))); return; }
    const blocks = [];
    for (const post of posts) {
      const households = (await api(`/api/v1/buildings/${post.building_id}/households`))
        .filter((h) => post.unit_id == null || h.unit_id === post.unit_id);
      const title = households[0] ? households[0].building + (post.unit_id != null ? " " + households[0].unit : "") : "";
      blocks.push(el("h2", {}, title, " ", el("small", {}, t("registry_households", { n: households.length }))),
        el("ul", { class: "cards" }, ...households.map((h) =>
          el("li", { class: "card household", "data-household": h.id },
            el("button", { type: "button", class: "link", onclick: () => openHousehold(h.id) }, `${h.unit} ${h.room}`),
            " ", el("span", { class: "muted" }, t("kind_" + h.kind) + (h.party_member ? " · " + t("party_member") : ""))))));
    }
    $("r-buildings").replaceChildren(...blocks);
  }

  async function loadDue() {
    const due = await api("/api/v1/visits/due?days=3");
    $("r-due-list").replaceChildren(...(due.length ? due.map((r) => residentCard(r, () => openHousehold(r.household_id))) : [GH.empty(t("visit_none_due"))]));
  }

  $("r-find").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    const query = new URLSearchParams();
    if (form.get("q").trim()) query.set("q", form.get("q").trim());
    if (form.get("tag")) query.set("tag", form.get("tag"));
    query.set("limit", "50");
    const found = await api("/api/v1/residents?" + query);
    $("r-results").replaceChildren(...(found.length ? found.map((r) => residentCard(r, () => openHousehold(r.household_id))) : [GH.empty(t("registry_none"))]));
  });

  // --- one household: its people, each editable; reveal (staff), visit (workers and heads).
  async function openHousehold(id) {
    const box = $("r-household");
    const h = await api(`/api/v1/households/${id}`);
    for (const s of Object.values(sections)) s.hidden = true;
    box.hidden = false;
    box.replaceChildren(
      el("button", { type: "button", class: "link back", onclick: () => { box.hidden = true; showTab(defaultTab); } }, "← " + t("back")),
      el("h2", {}, `${h.building} ${h.unit} ${h.room}`),
      el("p", { class: "muted" }, t("kind_" + h.kind) + (h.party_member ? " · " + t("party_member") : "")),
      el("ul", { class: "cards" }, ...h.residents.map((r) => personCard(r, h))),
      el("button", { type: "button", class: "action add-person", onclick: (e) => addForm(e.target, h) }, t("add_person")));
    box.scrollIntoView();
  }

  // A newborn, a new tenant: a person joins the household. The ID number is checked by its check digit.
  function addForm(button, h) {
    const form = el("form", { class: "edit-form add-form" },
      el("label", {}, t("name"), el("input", { name: "name", maxlength: 40, required: true })),
      el("label", {}, t("id_number"), el("input", { name: "id_number", maxlength: 18, inputmode: "text", autocomplete: "off" })),
      el("label", {}, t("phone_short"), el("input", { name: "phone", inputmode: "tel", autocomplete: "off" })),
      el("label", {}, t("relation"), el("input", { name: "relation", maxlength: 20, placeholder: t("relation_hint") })),
      el("fieldset", {}, el("legend", {}, t("registry_tag")),
        ...TAGS.filter((tag) => tag !== "aged_80").map((tag) => el("label", { class: "check" },
          el("input", { type: "checkbox", name: "tags", value: tag }), tagName(tag)))),
      el("label", {}, t("focus_reason"), el("input", { name: "focus_reason", maxlength: 200 })),
      el("button", { type: "submit", class: "primary" }, t("save")));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const f = new FormData(form);
      const body = { name: f.get("name"), relation: f.get("relation") || null, tags: f.getAll("tags"),
        focus_reason: f.get("focus_reason") || null, reason: t("add_person") };
      if (f.get("id_number").trim()) body.id_number = f.get("id_number").trim();
      if (f.get("phone").trim()) body.phone = f.get("phone").trim();
      try {
        await api(`/api/v1/households/${h.id}/residents`, { body });
        GH.toast(t("saved"));
        openHousehold(h.id);
      } catch (err) { GH.toast(err.message, true); }
    });
    button.replaceWith(form);
  }

  function personCard(r, h) {
    const card = el("li", { class: "card person", "data-resident": r.id });
    const idLine = el("span", { class: "masked" }, r.id_number || "—");
    const phoneLine = el("span", { class: "masked" }, r.phone || "—");
    const actions = el("div", { class: "actions" },
      el("button", { type: "button", class: "action edit", onclick: () => editForm(card, r, h) }, t("edit")),
      visits ? el("button", { type: "button", class: "action visit", onclick: () => visitForm(card, r) }, t("visit_record")) : null,
      mayReveal ? el("button", { type: "button", class: "action reveal", onclick: () => reveal(r, "id_number", idLine) }, t("reveal_id")) : null);
    card.append(...[
      el("div", {}, el("b", {}, r.name), " ", el("span", { class: "muted" }, `${r.relation} · ${r.gender ? t("gender_" + r.gender) : ""} ${r.age != null ? t("age", { n: r.age }) : ""}`)),
      el("div", {}, t("id_number"), ": ", idLine),
      el("div", {}, t("phone_short"), ": ", phoneLine),
      el("div", {}, ...(r.tags || []).map((tag) => el("span", { class: "badge tag" }, tagName(tag))), r.focus_reason ? el("small", { class: "muted" }, " " + r.focus_reason) : null),
      r.visit_due_at ? el("div", { class: new Date(r.visit_due_at) < new Date() ? "due overdue" : "due" }, t("visit_due", { when: time(r.visit_due_at) })) : null,
      actions].filter(Boolean));
    return card;
  }

  async function reveal(r, field, target) {
    const reason = prompt(t("reveal_reason"));
    if (!reason) return;
    try {
      const answer = await api(`/api/v1/residents/${r.id}/reveal`, { body: { field, reason } });
      target.textContent = answer.value;
      setTimeout(() => { target.textContent = field === "id_number" ? r.id_number : r.phone; }, 30000);
    } catch (e) { GH.toast(e.message, true); }
  }

  function editForm(card, r, h) {
    const tags = new Set(r.tags || []);
    const form = el("form", { class: "edit-form" },
      el("label", {}, t("name"), el("input", { name: "name", value: r.name, maxlength: 40, required: true })),
      el("label", {}, t("phone_short"), el("input", { name: "phone", placeholder: r.phone || t("phone_new"), inputmode: "tel" })),
      el("label", {}, t("relation"), el("input", { name: "relation", value: r.relation, maxlength: 20 })),
      el("fieldset", {}, el("legend", {}, t("registry_tag")),
        ...TAGS.filter((tag) => tag !== "aged_80").map((tag) => el("label", { class: "check" },
          el("input", { type: "checkbox", name: "tags", value: tag, checked: tags.has(tag) }), tagName(tag)))),
      el("label", {}, t("focus_reason"), el("input", { name: "focus_reason", value: r.focus_reason || "", maxlength: 200 })),
      el("label", {}, t("change_reason"), el("input", { name: "reason", maxlength: 200, placeholder: t("change_reason_hint") })),
      el("button", { type: "submit", class: "primary" }, t("save")));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const f = new FormData(form);
      // The record is sent whole, but without the numbers the page only saw masked: absent, they are kept.
      const body = { name: f.get("name"), relation: f.get("relation"), tags: f.getAll("tags"), focus_reason: f.get("focus_reason") || null,
        reason: f.get("reason") || null, version: r.version, birth_date: r.birth_date || null, gender: r.gender || null,
        moved_in: r.moved_in || null, moved_out: r.moved_out || null };
      if (f.get("phone").trim()) body.phone = f.get("phone").trim();
      try {
        await api(`/api/v1/residents/${r.id}`, { method: "PUT", body });
        GH.toast(t("saved"));
        openHousehold(h.id);
      } catch (err) { GH.toast(err.message, true); }
    });
    card.querySelector(".edit-form")?.remove();
    card.append(form);
  }

  function visitForm(card, r) {
    const form = el("form", { class: "visit-form" },
      el("label", {}, t("visit_condition"), el("select", { name: "condition" },
        ...["good", "fair", "poor", "urgent"].map((c) => el("option", { value: c }, t("condition_" + c))))),
      el("label", {}, t("visit_notes"), el("textarea", { name: "notes", required: true, maxlength: 2000 })),
      el("label", {}, t("visit_needs"), el("input", { name: "needs", maxlength: 1000 })),
      el("label", {}, t("photo"), el("input", { type: "file", name: "photo", accept: "image/*", capture: "environment" })),
      el("button", { type: "submit", class: "primary" }, t("visit_save")));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const data = new FormData(form);
      data.set("resident_id", String(r.id));
      if (!data.get("photo") || !data.get("photo").size) data.delete("photo");
      try {
        const visit = await api("/api/v1/visits", { body: data });
        form.replaceChildren(el("p", { class: "receipt" }, t("visit_saved")));
        if (visit.needs) {
          const toCase = el("button", { type: "button", class: "action to-case" }, t("visit_to_case"));
          toCase.addEventListener("click", async () => {
            try {
              const filed = await api(`/api/v1/visits/${visit.id}/case`, { body: {} });
              form.replaceChildren(el("p", { class: "receipt case-filed" }, t("visit_case_filed", { number: filed.tracking_number })),
                el("a", { href: `/cases/${filed.case_id}` }, t("timeline")));
            } catch (err) { GH.toast(err.message, true); }
          });
          form.append(toCase);
        }
      } catch (err) { GH.toast(err.message, true); }
    });
    card.querySelector(".visit-form")?.remove();
    card.append(form);
  }

  const isHead = account.role === "building_head" || account.role === "unit_head";
  $("tab-mine").hidden = !isHead;
  $("tab-due").hidden = !(account.role === "grid_worker" || isHead);
  const defaultTab = isHead ? "mine" : account.role === "grid_worker" ? "due" : "search";
  if (isHead) await loadMine();
  showTab(defaultTab);
})().catch((e) => { if (e.message !== "signed out" && e.message !== "wrong page") GH.toast(e.message, true); });

// A case: what was reported, its photos, its timeline, the clock, and the moves the signed-in role may make.
"use strict";

(async () => {
  const { el, t, api } = GH;
  const account = GH.requireSignIn();
  const id = document.body.dataset.caseId;
  const main = document.getElementById("case");
  let c;
  try {
    c = await api(`/api/v1/cases/${id}`);
  } catch (e) {
    if (e.status === 404 || e.status === 400) {
      main.replaceChildren(el("div", { class: "not-found", "data-not-found": "" }, el("h2", {}, t("case_not_found")),
        el("p", {}, t("case_not_found_hint")), el("a", { href: GH.home(account.role) }, t("back_home"))));
      return;
    }
    throw e;
  }
  const catalogue = await api("/api/v1/catalog");
  const className = (code) => (catalogue.find((i) => i.code === code) || {}).name || code || "";

  async function render() {
    const timeline = await api(`/api/v1/cases/${id}/timeline`);
    const summons = c.whistle ? await api(`/api/v1/cases/${id}/summons`) : [];
    document.title = `${c.tracking_number} · GridHub`;
    main.replaceChildren(
      el("header", { class: "case-head" },
        el("h2", {}, c.tracking_number, " ", GH.badge(c.state)),
        classBlock(),
        c.due_at && !["closed", "rejected", "merged", "self_handled"].includes(c.state)
          ? el("p", { class: "due" + (c.overdue ? " late" : ""), id: "countdown", "data-due": c.due_at },
            t("due_at", { at: GH.time(c.due_at) }), " · ", el("span", { id: "countdown-text" }, GH.countdown(c.due_at)),
            c.clock_paused ? " · " + t("clock_paused") : "")
          : null),
      el("section", { class: "case-body" },
        el("p", { class: "description", "data-description": "" }, c.description || c.text || ""),
        el("dl", { class: "facts" },
          el("dt", {}, t("address")), el("dd", {}, c.address || `${c.location.lat.toFixed(5)}, ${c.location.lon.toFixed(5)}`),
          el("dt", {}, t("reported_at")), el("dd", {}, GH.time(c.reported_at)),
          el("dt", {}, t("reporters")), el("dd", {}, c.reporter_count),
          el("dt", {}, t("channel")), el("dd", {}, t("channel_" + c.channel))),
        c.photos.length ? el("div", { class: "photos" }, c.photos.map((p) =>
          el("a", { href: `/api/v1/photos/${p}`, target: "_blank" }, el("img", { src: `/api/v1/photos/${p}`, alt: t("photo"), loading: "lazy" })))) : null),
      summons.length ? el("section", { class: "summons" }, el("h3", {}, t("summoned")), el("ul", {}, summons.map((s) =>
        el("li", {}, s.department_name, " · ", s.reported_in_at ? t("reported_in_at", { at: GH.time(s.reported_in_at) }) + (s.late ? " " + t("late") : "")
          : t("report_in_by", { at: GH.time(s.report_in_due) }), s.done_at ? " · " + t("part_done") : "")))) : "",
      el("section", { class: "actions", id: "actions" }, await actions(summons)),
      el("section", { class: "timeline" }, el("h3", {}, t("timeline")), el("ol", {}, timeline.map((e) =>
        el("li", { "data-kind": e.kind }, el("time", {}, GH.time(e.at)), " ", el("b", {}, t("event_" + e.kind)), " · ", e.actor,
          e.note ? el("div", { class: "note" }, e.note) : null,
          e.photos.length ? el("div", { class: "photos small" }, e.photos.map((p) => el("img", { src: `/api/v1/photos/${p}`, alt: t("photo") }))) : null)))));
  }

  const after = (updated) => { c = updated; render(); };

  // The class: a suggestion waits for a person to confirm it; whoever may classify can change it.
  function classBlock() {
    const name = className(c.class_code);
    const label = !c.class_code ? t("no_class") : c.class_suggested ? t("class_suggested_label", { name }) : name;
    const parts = [el("span", { "data-class": c.class_code || "", class: c.class_suggested ? "suggested-class" : "" }, label)];
    if (c.may_classify) {
      const select = el("select", { "aria-label": t("set_class") }, catalogue.map((i) =>
        el("option", { value: i.code, selected: i.code === c.class_code }, `${i.major_name} · ${i.name}`)));
      if (c.class_suggested) {
        parts.push(" ", el("button", { type: "button", class: "primary", "data-confirm-class": "", onclick: () => classify(c.class_code) },
          t("confirm_class")));
      }
      parts.push(el("details", { class: "reclassify", open: !c.class_code }, el("summary", {}, c.class_code ? t("change_class") : t("set_class")),
        select, " ", el("button", { type: "button", "data-save-class": "", onclick: () => classify(select.value) }, t("save_class"))));
    }
    return el("div", { class: "case-class" }, parts);
  }
  async function classify(code) {
    try {
      after(await api(`/api/v1/cases/${id}/class`, { method: "PUT", body: { class_code: code } }));
      GH.toast(t("class_saved"));
    } catch (e) { GH.toast(e.message, true); }
  }

  async function actions(summons) {
    const parts = [];
    for (const action of c.allowed_actions) {
      if (action === "dispatch") {
        let hint = "";
        try {
          const s = await api(`/api/v1/cases/${id}/dispatch-suggestion`);
          const departments = await api("/api/v1/departments");
          const lead = (departments.find((d) => d.code === s.lead_department) || {}).name || s.lead_department || t("lead_street");
          hint = t("suggestion", { lead, limit: s.time_limit.value + " " + t("unit_" + s.time_limit.unit) });
        } catch { hint = t("no_suggestion"); }
        parts.push(el("div", { class: "suggest" }, hint), GH.actionForm(c, action, after));
      } else if (action === "whistle") {
        const departments = await api("/api/v1/departments");
        const picks = el("div", { class: "picks" }, departments.map((d) =>
          el("label", {}, el("input", { type: "checkbox", value: d.code, "data-department": d.code }), d.name)));
        parts.push(picks, GH.actionForm(c, action, after, { extra: () => ({
          departments: [...picks.querySelectorAll("input:checked")].map((i) => i.value) }) }));
      } else {
        parts.push(GH.actionForm(c, action, after));
      }
    }
    const mine = summons.find((s) => s.department_id === account.department_id);
    if (mine && !mine.reported_in_at) {
      parts.push(el("button", { class: "action", "data-action": "report_in", onclick: async () => after(await api(`/api/v1/cases/${id}/report-in`, { method: "POST" })) }, t("report_in")));
    } else if (mine && !mine.done_at) {
      parts.push(el("button", { class: "action", "data-action": "part_done", onclick: async () => after(await api(`/api/v1/cases/${id}/part-done`, { body: {} })) }, t("part_done")));
    }
    if (c.clock_paused && (account.role === "command_centre")) {
      for (const approve of [true, false]) {
        parts.push(el("button", { class: "action", "data-action": approve ? "approve_extension" : "deny_extension",
          onclick: async () => after(await api(`/api/v1/cases/${id}/extension/decision`, { body: { approve } })) },
        t(approve ? "approve_extension" : "deny_extension")));
      }
    }
    if (["department_handler", "enforcement_team"].includes(account.role) && ["dispatched", "in_progress"].includes(c.state) && !c.clock_paused) {
      const hours = el("input", { type: "number", min: 1, max: 240, value: 24, class: "hours" });
      parts.push(el("div", { class: "action-form" }, hours, el("button", { class: "action secondary", onclick: async () =>
        after(await api(`/api/v1/cases/${id}/extension`, { body: { hours: Number(hours.value), note: t("extension_note") } })) }, t("ask_extension"))));
    }
    if (c.state === "closed" && !c.rating && ["resident", "building_head", "unit_head"].includes(account.role)) {
      parts.push(el("div", { class: "rating" }, el("span", {}, t("rate_it")), ["satisfied", "basically_satisfied", "dissatisfied"].map((r) =>
        el("button", { class: "action", "data-rating": r, onclick: async () => after(await api(`/api/v1/cases/${id}/rating`, { body: { rating: r } })) }, t("rating_" + r)))));
    }
    if (c.rating) parts.push(el("p", { class: "rated" }, t("rated", { rating: t("rating_" + c.rating) })));
    // A problem that is the residents' to decide (a shared roof, a parking rule) becomes a topic for 四步议事.
    if ((account.capabilities || []).includes("topic.steer")) {
      parts.push(el("button", { class: "action secondary", "data-action": "to_topic", onclick: async () => {
        const title = (className(c.class_code) || c.text || t("topic_page_title")).slice(0, 30) + t("for_residents");
        const topic = await api("/api/v1/topics", { body: { title, description: (c.description || title).slice(0, 1000), case_ids: [Number(id)] },
          headers: { "Idempotency-Key": `topic-case-${id}` } }).catch((e) => GH.toast(e.message, true));
        if (topic) location.href = `/topics/${topic.id}`;
      } }, t("case_to_topic")));
    }
    return parts.length ? parts : [GH.empty(t("no_actions"))];
  }

  await render();
  setInterval(() => {
    const box = document.getElementById("countdown");
    if (box) document.getElementById("countdown-text").textContent = GH.countdown(box.dataset.due);
  }, 30000);
})().catch((e) => { if (e.message !== "signed out" && e.message !== "wrong page") GH.toast(e.message, true); });

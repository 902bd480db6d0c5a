// 议事: the community's deliberation board — every topic and its step, a matter raised at the 说事点
// (or on the phone), and for the committees the cases that keep coming back to one building.
"use strict";

(async () => {
  const { el, t, api, time } = GH;
  const $ = (id) => document.getElementById(id);
  const account = GH.requireSignIn();
  const can = (c) => (account.capabilities || []).includes(c);
  const steering = can("topic.steer");
  const states = ["raised", "proposed", "discussed", "reviewed", "published", "in_effect", "done", "withdrawn"];
  $("tp-state").append(...states.map((s) => el("option", { value: s }, t("topic_state_" + s))));
  const communities = await api("/api/v1/communities").catch(() => []);
  for (const select of [$("tp-community"), $("tp-raise-community")]) {
    select.append(...communities.map((c) => el("option", { value: c.id }, c.name)));
  }
  // One's own community first (the filter can widen it to the street).
  if (account.community_id) $("tp-raise-community").value = $("tp-community").value = account.community_id;

  async function load() {
    const q = new URLSearchParams();
    if ($("tp-state").value) q.set("state", $("tp-state").value);
    if ($("tp-community").value) q.set("community_id", $("tp-community").value);
    const topics = await api("/api/v1/topics?" + q);
    $("tp-list").replaceChildren(...(topics.length ? topics.map((x) => el("li", { class: "line topic", "data-topic": x.id },
      el("span", { class: "step step-" + x.state }, x.state_name),
      el("a", { href: `/topics/${x.id}` }, x.title),
      el("span", { class: "muted" }, x.community_name, " · ", t("topic_source_" + x.source), " · ", time(x.raised_at)),
      x.state === "published" && x.notice_ends_at ? el("span", { class: "muted" }, t("notice_until", { when: time(x.notice_ends_at) })) : ""))
      : [GH.empty(t("topics_none"))]));
  }
  $("tp-state").addEventListener("change", () => load().catch((e) => GH.toast(e.message, true)));
  $("tp-community").addEventListener("change", () => load().catch((e) => GH.toast(e.message, true)));

  // Raising a matter (说事): residents, the heads, grid workers and the committees.
  $("tp-raise-box").hidden = !can("topic.raise");
  $("tp-raise").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    try {
      const topic = await api("/api/v1/topics", { body: { community_id: Number(f.get("community_id")), title: f.get("title"),
        description: f.get("description") }, headers: { "Idempotency-Key": "topic-" + Date.now() } });
      location.href = `/topics/${topic.id}`;
    } catch (err) { GH.toast(err.message, true); }
  });

  // The committees see cases that keep coming back and raise them as one topic.
  if (steering && account.community_id) {
    const suggestions = await api(`/api/v1/topics/suggestions?community_id=${account.community_id}`).catch(() => []);
    $("tp-suggest").hidden = !suggestions.length;
    $("tp-suggestions").replaceChildren(...suggestions.map((s) => el("li", { class: "line" },
      el("span", {}, t("suggestion_line", { building: s.building_name, n: s.case_ids.length, code: s.class_code })),
      el("button", { type: "button", class: "action", onclick: async () => {
        try {
          const topic = await api("/api/v1/topics", { body: { title: t("suggestion_title", { building: s.building_name }),
            description: t("suggestion_desc", { building: s.building_name, n: s.case_ids.length }), building_id: s.building_id,
            case_ids: s.case_ids } });
          location.href = `/topics/${topic.id}`;
        } catch (err) { GH.toast(err.message, true); }
      } }, t("suggestion_raise")))));
  }
  // The committees' own page: its committees with their members, the representatives invited to review meetings.
  if (steering && account.community_id) {
    $("tp-bodies").hidden = false;
    await loadBodies();
  }
  async function loadBodies() {
    const c = account.community_id;
    const committees = await api(`/api/v1/committees?community_id=${c}`);
    $("tp-committees").replaceChildren(...committees.map((k) => el("details", { class: "committee", "data-committee": k.id },
      el("summary", {}, el("b", {}, k.name), " ", el("span", { class: "muted" }, t("members_n", { n: k.members.length }))),
      el("ul", { class: "lines" }, ...k.members.map((m) => el("li", { class: "line" }, el("b", {}, m.name), t("post_" + m.post),
        el("span", { class: "muted" }, `${m.term_starts} – ${m.term_ends}`),
        el("button", { type: "button", class: "link", onclick: async () => {
          await api(`/api/v1/committee-members/${m.id}`, { method: "DELETE" }).catch((e) => GH.toast(e.message, true));
          loadBodies();
        } }, t("remove"))))),
      el("form", { class: "find", onsubmit: async (e) => {
        e.preventDefault();
        const f = new FormData(e.target);
        const year = new Date().getFullYear();
        await api(`/api/v1/committees/${k.id}/members`, { body: { name: f.get("name"), post: f.get("post"),
          term_starts: `${year}-01-01`, term_ends: `${year + 4}-12-31` } }).catch((err) => GH.toast(err.message, true));
        loadBodies();
      } }, el("input", { name: "name", maxlength: 20, required: true, placeholder: t("member_name"), "aria-label": t("member_name") }),
        el("select", { name: "post", "aria-label": t("member_post") }, el("option", { value: "member" }, t("post_member")),
          el("option", { value: "chair" }, t("post_chair"))),
        el("button", { type: "submit", class: "action" }, t("member_add"))))));
    const reps = await api(`/api/v1/representatives?community_id=${c}`);
    $("tp-reps").replaceChildren(...reps.map((r) => el("li", { class: "line", "data-rep": r.id }, el("b", {}, r.name),
      el("span", { class: "muted" }, t("rep_" + r.kind), r.account_id ? " · " + t("rep_has_phone") : " · " + t("rep_on_paper")),
      el("button", { type: "button", class: "link", onclick: async () => {
        await api(`/api/v1/representatives/${r.id}`, { method: "DELETE" }).catch((e) => GH.toast(e.message, true));
        loadBodies();
      } }, t("remove")))));
  }
  $("tp-add-rep").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    try {
      const username = f.get("username").trim();
      await api("/api/v1/representatives", { body: { community_id: account.community_id, name: f.get("name"), kind: f.get("kind"),
        username: username || null } });
      e.target.reset();
      loadBodies();
    } catch (err) { GH.toast(err.message, true); }
  });

  // The year in numbers, for the centre and the leaders.
  if (can("indicators.read") && !account.community_id) {
    $("tp-report-box").hidden = false;
    $("tp-year").value = new Date().getFullYear();
    const report = async () => {
      const rows = await api(`/api/v1/topics/report?year=${$("tp-year").value}`);
      const pct = (x) => (x === undefined || x === null ? "—" : Math.round(x * 100) + "%");
      $("tp-report").replaceChildren(...rows.map((r) => el("tr", {}, el("td", {}, r.community_name), el("td", {}, r.topics),
        el("td", {}, r.done), el("td", {}, r.mean_days_to_done === undefined ? "—" : r.mean_days_to_done.toFixed(1)),
        el("td", {}, pct(r.on_time_share)))));
    };
    $("tp-year").addEventListener("change", () => report().catch((e) => GH.toast(e.message, true)));
    await report();
  }
  await load();
})().catch((e) => GH.toast(e.message, true));

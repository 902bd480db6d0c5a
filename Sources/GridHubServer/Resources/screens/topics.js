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
  if (account.community_id) $("tp-raise-community").value = account.community_id;

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
  await load();
})().catch((e) => GH.toast(e.message, true));

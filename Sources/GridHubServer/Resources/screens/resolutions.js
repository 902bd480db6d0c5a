// 公开决议: what each community resolved, posted for everyone without signing in — the count of the
// vote and the measures with their progress, no one's name.
"use strict";

(async () => {
  const { el, t, api, time } = GH;
  const $ = (id) => document.getElementById(id);
  const communities = await api("/api/v1/communities", { anonymous: true }).catch(() => []);
  $("rs-community").append(...communities.map((c) => el("option", { value: c.id }, c.name)));
  async function load() {
    const q = $("rs-community").value ? `?community_id=${$("rs-community").value}` : "";
    const list = await api("/api/v1/public/resolutions" + q, { anonymous: true });
    $("rs-list").replaceChildren(...(list.length ? list.map((r) => el("li", { class: "card resolution", "data-resolution": r.id },
      el("div", {}, el("span", { class: "step step-" + r.state }, r.state_name), " ", el("b", {}, r.title)),
      el("div", { class: "muted" }, r.community_name, r.committee_name ? " · " + r.committee_name : "", " · ", time(r.published_at)),
      el("p", { class: "prose" }, r.resolution),
      r.tally ? el("p", { class: "muted tally" }, t("tally", { invited: r.tally.invited, present: r.tally.present, agree: r.tally.agree,
        disagree: r.tally.disagree, abstain: r.tally.abstain })) : "",
      r.state === "published" ? el("p", { class: "notice" }, t("notice_until", { when: time(r.notice_ends_at) })) : "",
      r.measures.length ? el("ul", { class: "lines" }, ...r.measures.map((m) => el("li", { class: "line" },
        el("span", { class: m.done ? "ok" : "muted" }, m.done ? t("measure_done") : t("measure_open")), m.title,
        el("span", { class: "muted" }, t("measure_owner", { owner: m.owner, due: m.due_on }))))) : ""))
      : [GH.empty(t("resolutions_none"))]));
  }
  $("rs-community").addEventListener("change", () => load().catch((e) => GH.toast(e.message, true)));
  await load();
})().catch((e) => GH.toast(e.message, true));

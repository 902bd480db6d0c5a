// Printable minutes of a topic (会议纪要): the matter, the committees' minutes, each review meeting with
// who was invited, came and how the vote went, the resolution and its measures — laid out for paper.
"use strict";

(async () => {
  const { el, t, api, time } = GH;
  const $ = (id) => document.getElementById(id);
  const id = document.body.dataset.topicId;
  GH.requireSignIn();
  const x = await api(`/api/v1/topics/${id}`);
  $("mn-back").href = `/topics/${id}`;
  $("mn-title").textContent = t("minutes_heading", { community: x.community_name, title: x.title });
  const facts = [[t("committee"), x.committee_name || "—"], [t("minutes_state"), x.state_name],
    [t("minutes_raised"), time(x.raised_at)], [t("minutes_source"), t("topic_source_" + x.source)]];
  $("mn-facts").replaceChildren(...facts.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, v))));
  $("mn-description").textContent = x.description;
  $("mn-minutes").textContent = x.minutes || "—";
  $("mn-meetings").replaceChildren(...x.meetings.map((m) => el("section", {},
    el("h2", {}, t("minutes_meeting", { when: time(m.starts_at), place: m.place })),
    el("p", {}, m.tally ? t("tally", { invited: m.tally.invited, present: m.tally.present, agree: m.tally.agree,
      disagree: m.tally.disagree, abstain: m.tally.abstain }) : t("tally_live", { invited: m.invited, present: m.present, voted: m.voted }),
      " ", m.closed ? (m.passed ? t("vote_passed") : t("vote_failed")) : t("vote_open")),
    m.invitees ? el("table", { class: "minutes-seats" }, el("tbody", {}, ...m.invitees.map((s) => el("tr", {},
      el("td", {}, s.name), el("td", {}, t("rep_" + s.kind)), el("td", {}, s.attended ? t("present") : t("absent")),
      el("td", {}, s.vote ? t("vote_" + s.vote) + (s.paper ? "（" + t("paper_vote") + "）" : "") : "—"))))) : "")));
  $("mn-resolution").textContent = x.resolution || "—";
  $("mn-measures").replaceChildren(...x.measures.map((m) => el("li", {}, m.title, " — ", t("measure_owner", { owner: m.owner, due: m.due_on }))));
  $("mn-timeline").replaceChildren(...x.timeline.map((e) => el("li", {}, time(e.at), " ",
    e.action ? t("topic_action_" + e.action) : t("topic_event_" + e.kind.replace("topic.", "")), e.reason ? "：" + e.reason : "")));
  $("mn-print").addEventListener("click", () => window.print());
})().catch((e) => GH.toast(e.message, true));

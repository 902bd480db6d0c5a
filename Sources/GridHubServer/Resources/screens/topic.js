// A topic (议题) through the four steps: what was raised and from which cases, the committees' minutes,
// the review meeting — on a representative's phone: check in, then agree / disagree / abstain — the
// resolution with its measures and their cases, objections during the notice period, and for the
// committees the next step with what it needs.
"use strict";

(async () => {
  const { el, t, api, time } = GH;
  const $ = (id) => document.getElementById(id);
  const id = document.body.dataset.topicId;
  const account = GH.requireSignIn();
  const steps = ["raised", "proposed", "discussed", "reviewed", "published", "in_effect", "done"];
  $("tc-print").href = `/topics/${id}/minutes`;
  const key = (what) => ({ "Idempotency-Key": `${what}-${id}-${Date.now()}` });

  async function call(path, body, what) {
    try {
      render(await api(path, { body, headers: key(what) }));
      GH.toast(t("saved"));
    } catch (e) { GH.toast(e.message, true); }
  }

  function render(x) {
    $("tc-title").textContent = x.title;
    $("tc-meta").replaceChildren(el("span", { class: "step step-" + x.state }, x.state_name), " ", x.community_name,
      x.committee_name ? " · " + x.committee_name : "", x.building_name ? " · " + x.building_name : "",
      " · ", t("topic_source_" + x.source), x.raised_by_name ? " · " + x.raised_by_name : "", " · ", time(x.raised_at));
    const at = steps.indexOf(x.state);
    $("tc-steps").replaceChildren(...steps.map((s, i) => el("li", { class: i < at ? "past" : i === at ? "now" : "" },
      t("topic_state_" + s))));
    $("tc-steps").hidden = x.state === "withdrawn";
    $("tc-description").textContent = x.description;
    $("tc-cases-box").hidden = !x.cases.length;
    $("tc-cases").replaceChildren(...x.cases.map((c) => el("li", { class: "line" }, GH.badge(c.state),
      el("a", { href: `/cases/${c.id}` }, c.tracking_number), c.class_code || "")));
    $("tc-minutes-box").hidden = !x.minutes;
    $("tc-minutes").textContent = x.minutes || "";
    renderMeetings(x);
    renderVote(x);
    $("tc-resolution-box").hidden = !x.resolution;
    $("tc-resolution").textContent = x.resolution || "";
    $("tc-notice").textContent = x.notice_ends_at ? t("notice_until", { when: time(x.notice_ends_at) }) : "";
    $("tc-measures").replaceChildren(...x.measures.map((m) => el("li", { class: "line measure" },
      m.case_state ? GH.badge(m.case_state) : el("span", { class: "badge", style: "background:#999" }, t("measure_waiting")),
      el("b", {}, m.title), el("span", { class: "muted" }, t("measure_owner", { owner: m.owner, due: m.due_on })),
      m.case_id ? el("a", { href: `/cases/${m.case_id}` }, m.tracking_number) : "",
      m.on_time === true ? el("span", { class: "ok" }, t("on_time")) : m.on_time === false ? el("span", { class: "late" }, t("measure_late")) : "")));
    $("tc-object-box").hidden = !x.may_object;
    $("tc-objections-box").hidden = !x.objections.length;
    $("tc-objections").replaceChildren(...x.objections.map((o) => el("li", { class: "line" },
      el("span", { class: "muted" }, t("objection_" + o.state)), o.name ? el("b", {}, o.name) : "", el("span", {}, o.reason),
      o.answer ? el("span", { class: "muted" }, "→ " + o.answer) : "", el("span", { class: "muted" }, time(o.at)))));
    renderMoves(x);
    $("tc-timeline").replaceChildren(...x.timeline.map((e) => el("li", {},
      el("span", { class: "muted" }, time(e.at)), " ",
      el("b", {}, e.action ? t("topic_action_" + e.action) : t("topic_event_" + e.kind.replace("topic.", ""))),
      e.actor_name ? " · " + e.actor_name : "", e.reason ? el("div", { class: "prose" }, e.reason) : "")));
  }

  function tallyText(m) {
    const c = m.tally;
    return c ? t("tally", { invited: c.invited, present: c.present, agree: c.agree, disagree: c.disagree, abstain: c.abstain })
      : t("tally_live", { invited: m.invited, present: m.present, voted: m.voted });
  }

  function renderMeetings(x) {
    $("tc-meetings-box").hidden = !x.meetings.length;
    $("tc-meetings").replaceChildren(...x.meetings.map((m) => el("div", { class: "card meeting" },
      el("b", {}, time(m.starts_at), " · ", m.place), " ",
      m.closed ? el("span", { class: m.passed ? "ok" : "late" }, m.passed ? t("vote_passed") : t("vote_failed")) : el("span", { class: "muted" }, t("vote_open")),
      el("p", { class: "muted" }, tallyText(m), " · ", t("rules_line", { q: `${m.rules.quorum.numerator}/${m.rules.quorum.denominator}`,
        m: `${m.rules.majority.numerator}/${m.rules.majority.denominator}` })),
      m.invitees && !m.closed ? staffSeats(m) : "",
      m.invitees && m.closed ? el("ul", { class: "lines" }, ...m.invitees.map((s) => el("li", { class: "line" }, s.name,
        el("span", { class: "muted" }, s.attended ? (s.vote ? t("vote_" + s.vote) : t("vote_none")) : t("absent")),
        s.paper ? el("span", { class: "muted" }, t("paper_vote")) : ""))) : "",
      m.invitees && !m.closed ? el("button", { type: "button", class: "primary", id: "tc-close",
        onclick: () => call(`/api/v1/topics/${id}/votes/close`, {}, "close") }, t("vote_close")) : "")));
  }

  // Staff record those without a phone: attendance and a paper vote each.
  function staffSeats(m) {
    return el("ul", { class: "lines seats" }, ...m.invitees.map((s) => el("li", { class: "line", "data-seat": s.representative_id },
      el("span", {}, s.name, " ", el("small", { class: "muted" }, t("rep_" + s.kind))),
      s.attended ? el("span", { class: "ok" }, t("present")) : el("button", { type: "button", class: "action",
        onclick: () => call(`/api/v1/topics/${id}/attendance`, { representative_id: s.representative_id }, "seat-" + s.representative_id) }, t("mark_present")),
      el("select", { "aria-label": t("paper_vote"), onchange: (e) => e.target.value &&
        call(`/api/v1/topics/${id}/votes`, { choice: e.target.value, representative_id: s.representative_id }, "paper-" + s.representative_id) },
        el("option", { value: "" }, s.vote ? t("vote_" + s.vote) + (s.paper ? " · " + t("paper_vote") : "") : t("paper_vote")),
        ...["agree", "disagree", "abstain"].map((c) => el("option", { value: c }, t("vote_" + c)))))));
  }

  // A representative's phone: check in, then one large button per choice (the vote can change until it closes).
  function renderVote(x) {
    const m = x.meetings.find((m) => !m.closed && m.mine);
    $("tc-vote").hidden = !m;
    if (!m) return;
    $("tc-vote-meta").textContent = `${time(m.starts_at)} · ${m.place} · ${tallyText(m)}`;
    $("tc-checkin").hidden = m.mine.attended;
    $("tc-checkin").onclick = () => call(`/api/v1/topics/${id}/attendance`, {}, "checkin");
    $("tc-choices").replaceChildren(...(m.mine.attended ? ["agree", "disagree", "abstain"].map((c) => el("button", {
      type: "button", class: "vote " + c + (m.mine.vote === c ? " chosen" : ""), "data-choice": c,
      onclick: () => call(`/api/v1/topics/${id}/votes`, { choice: c }, "vote-" + c) }, t("vote_" + c))) : []));
    $("tc-my-vote").hidden = !m.mine.vote;
    $("tc-my-vote").textContent = m.mine.vote ? t("vote_mine", { choice: t("vote_" + m.mine.vote) }) : "";
  }

  // The committees' next step, each with what it needs.
  async function renderMoves(x) {
    const open = x.meetings.some((m) => !m.closed);
    // Only those who steer this topic are offered "return" on a discussed one: the moves say who may call its meeting.
    const forms = [];
    if (x.state === "discussed" && x.moves.includes("return") && !open) {
      forms.push(el("form", { class: "stack move", "data-move": "meeting", onsubmit: (e) => { e.preventDefault();
        const f = new FormData(e.target);
        const startsAt = new Date(f.get("starts_at")).toISOString().replace(/\.\d{3}Z$/, "Z");
        call(`/api/v1/topics/${id}/meetings`, { starts_at: startsAt, place: f.get("place") }, "meeting"); } },
        el("b", {}, t("meeting_call")), el("input", { name: "starts_at", type: "datetime-local", required: true, "aria-label": t("meeting_when") }),
        el("input", { name: "place", maxlength: 60, value: t("meeting_place_default"), required: true, "aria-label": t("meeting_where") }),
        el("button", { type: "submit", class: "primary" }, t("meeting_call"))));
    }
    const aside = [];  // sending back and withdrawing are there when needed, not in the way
    for (const move of x.moves) (["return", "withdraw"].includes(move) ? aside : forms).push(await moveForm(x, move));
    if (aside.length) forms.push(el("details", { class: "aside-moves" }, el("summary", {}, t("topic_other_moves")), ...aside));
    $("tc-steer").hidden = !forms.length;
    $("tc-moves").replaceChildren(...forms);
  }

  async function moveForm(x, move) {
    const fields = [];
    if (move === "propose") {
      const committees = await api(`/api/v1/committees?community_id=${x.community_id}`);
      fields.push(el("select", { name: "committee_id", "aria-label": t("committee") }, ...committees.map((c) => el("option", { value: c.id }, c.name))));
    } else if (move === "publish") {
      fields.push(el("textarea", { name: "text", rows: 3, maxlength: 2000, required: true, placeholder: t("resolution_ph"), "aria-label": t("resolution_ph") }));
      const rows = el("div", { class: "measure-rows" });
      const addRow = () => rows.append(el("div", { class: "measure-row" },
        el("input", { name: "m_title", maxlength: 60, placeholder: t("measure_title"), "aria-label": t("measure_title") }),
        el("input", { name: "m_owner", maxlength: 30, placeholder: t("measure_owner_ph"), "aria-label": t("measure_owner_ph") }),
        el("input", { name: "m_due", type: "date", "aria-label": t("measure_due") })));
      addRow();
      fields.push(rows, el("button", { type: "button", class: "action", onclick: addRow }, t("measure_add")));
    } else if (["discuss", "return", "withdraw", "enact"].includes(move)) {
      fields.push(el("textarea", { name: "reason", rows: move === "discuss" ? 4 : 2, maxlength: 4000, required: move !== "enact",
        placeholder: t("move_reason_" + move), "aria-label": t("move_reason_" + move) }));
    }
    return el("form", { class: "stack move", "data-move": move, onsubmit: (e) => {
      e.preventDefault();
      const f = new FormData(e.target);
      const body = { action: move };
      if (f.get("reason")) body.reason = f.get("reason");
      if (f.get("committee_id")) body.committee_id = Number(f.get("committee_id"));
      if (move === "publish") {
        const titles = f.getAll("m_title"), owners = f.getAll("m_owner"), dues = f.getAll("m_due");
        body.resolution = { text: f.get("text"), measures: titles.map((title, i) => ({ title, owner: owners[i], due_on: dues[i] }))
          .filter((m) => m.title.trim()) };
      }
      call(`/api/v1/topics/${id}/actions`, body, move);
    } }, ...fields, el("button", { type: "submit", class: move === "withdraw" || move === "return" ? "action" : "primary" },
      t("topic_action_" + move)));
  }

  $("tc-object").addEventListener("submit", (e) => {
    e.preventDefault();
    call(`/api/v1/topics/${id}/objections`, { reason: new FormData(e.target).get("reason") }, "objection");
  });
  render(await api(`/api/v1/topics/${id}`));
})().catch((e) => GH.toast(e.message, true));

// 网格员 and 部门: my work lists, each case with the moves I may make now, one tap each.
"use strict";

(async () => {
  const { el, t, api } = GH;
  const role = document.body.dataset.page;
  const account = GH.requireSignIn(role === "worker"
    ? ["grid_worker", "community_staff"] : ["department_handler", "enforcement_team"]);
  const queues = role === "worker" ? ["verify", "check", "handle"] : ["handle", "whistle"];
  const tabs = document.getElementById("tabs");
  const list = document.getElementById("work");
  let current = queues[0];

  tabs.replaceChildren(...queues.map((q) => el("button", { class: "tab", "data-queue": q, onclick: () => show(q) },
    t("queue_" + q), " ", el("span", { class: "count", id: "count-" + q }, "…"))));

  // What I was told and have not read: a new report in my grid, a case sent to my department, a summons.
  const notices = document.getElementById("notices");
  async function loadNotices() {
    const latest = await api("/api/v1/me/notifications?limit=20");
    const unread = latest.filter((n) => !n.read);
    notices.hidden = unread.length === 0;
    notices.replaceChildren(...(unread.length ? [
      el("h2", {}, t("notices_title"), " ",
        el("span", { class: "count" }, unread.length === latest.length && latest.length === 20 ? "20+" : String(unread.length))),
      el("ul", {}, unread.slice(0, 5).map((n) => el("li", { "data-kind": n.kind },
        n.case_id ? el("a", { href: `/cases/${n.case_id}` }, n.message) : n.message, " ",
        el("span", { class: "muted" }, GH.time(n.created_at))))),
      el("button", { class: "action secondary", id: "notices-read", onclick: () =>
        api("/api/v1/me/notifications/read", { body: {} }).then(loadNotices, (e) => GH.toast(e.message, true)) }, t("notices_read")),
    ] : []));
  }

  async function counts() {
    for (const q of queues) {
      const a = await api(`/api/v1/tasks?queue=${q}&limit=1`);
      document.getElementById("count-" + q).textContent = a.total + (a.total_capped ? "+" : "");
    }
  }

  async function show(queue) {
    current = queue;
    for (const b of tabs.children) b.classList.toggle("on", b.dataset.queue === queue);
    const answer = await api(`/api/v1/tasks?queue=${queue}&limit=50`);
    list.replaceChildren(...(answer.items.length ? answer.items.map((c) => card(c, queue)) : [GH.empty(t("queue_empty"))]));
    more(answer, queue);
  }

  // The next page of the queue under the last card (keyset paging: `next` names where it starts).
  function more(answer, queue) {
    if (!answer.next) return;
    const button = el("button", { class: "more", type: "button", onclick: async () => {
      button.remove();
      const page = await api(`/api/v1/tasks?queue=${queue}&limit=50&after=${encodeURIComponent(answer.next)}`);
      if (current !== queue) return;
      list.append(...page.items.map((c) => card(c, queue)));
      more(page, queue);
    } }, t("queue_more"));
    list.append(button);
  }

  function card(c, queue) {
    const refresh = () => { show(current); counts(); };
    // A grid worker may add a photo to any move, as feedback from the spot.
    const parts = c.allowed_actions.map((a) => GH.actionForm(c, a, refresh, { photo: role === "worker" }));
    if (queue === "whistle") {
      parts.push(el("button", { class: "action", "data-action": "report_in", onclick: () =>
        api(`/api/v1/cases/${c.id}/report-in`, { method: "POST" }).then(() => { GH.toast(t("reported_in")); refresh(); }, (e) => GH.toast(e.message, true)) }, t("report_in")));
      parts.push(el("button", { class: "action secondary", "data-action": "part_done", onclick: () =>
        api(`/api/v1/cases/${c.id}/part-done`, { body: {} }).then(() => { GH.toast(t("part_done")); refresh(); }, (e) => GH.toast(e.message, true)) }, t("part_done")));
    }
    return el("article", { class: "work-card", "data-case": c.id, "data-state": c.state },
      el("header", {}, el("a", { href: `/cases/${c.id}` }, c.tracking_number), " ", GH.badge(c.state),
        c.due_at ? el("span", { class: "due" + (c.overdue ? " late" : "") }, GH.countdown(c.due_at)) : null),
      el("p", { class: "description" }, c.description || c.text || ""),
      el("p", { class: "muted" }, c.address || "", " ", GH.time(c.reported_at)),
      c.photos.length ? el("div", { class: "photos small" }, c.photos.slice(0, 3).map((p) => el("img", { src: `/api/v1/photos/${p}`, alt: t("photo") }))) : null,
      el("div", { class: "actions" }, parts.length ? parts : GH.empty(t("no_actions"))));
  }

  await loadNotices();
  await counts();
  await show(current);
  void account;
})().catch((e) => { if (e.message !== "signed out" && e.message !== "wrong page") GH.toast(e.message, true); });

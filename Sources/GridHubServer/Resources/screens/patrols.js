// 指挥中心 · 巡查: who is out now, the month's assessment worst first, and a patrol's replay with a
// time slider, its check-ins and the reports filed on it.
"use strict";

(async () => {
  const { el, t, api } = GH;
  GH.requireSignIn(["command_centre", "leader"]);
  const $ = (id) => document.getElementById(id);
  const map = await GHMap.draw($("replay-map"));
  const month = new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" }).slice(0, 7);

  async function loadNow() {
    const out = await api("/api/v1/patrols/now");
    $("on-patrol-count").textContent = t("on_patrol", { n: out.length });
    $("on-patrol").replaceChildren(...(out.length ? out.map((w) => el("li", { "data-patrol": w.patrol_id },
      el("b", {}, w.worker_name), " ", el("span", { class: "muted" }, `${w.grid_code.slice(-6)} · ${(w.distance_m / 1000).toFixed(2)} km · ${GH.time(w.at)}`),
      " ", el("button", { class: "action secondary", onclick: () => replay(w.patrol_id) }, t("replay"))))
      : [el("li", { class: "empty" }, t("nobody_on_patrol"))]));
    if ($("replay").hidden) {
      map.overlay.replaceChildren(...out.map((w) => {
        const [x, y] = map.project([w.lon, w.lat]);
        return el("circle", { cx: x, cy: y, r: 8, class: "worker-dot", "data-worker": w.worker }, el("title", {}, w.worker_name));
      }));
    }
  }

  async function loadAssessment() {
    $("assessment-csv").href = `/api/v1/patrols/assessment?month=${month}&format=csv`;
    $("assessment-csv").onclick = async (ev) => {  // the download needs the token, so fetch it here
      ev.preventDefault();
      const r = await fetch(ev.currentTarget.href, { headers: { authorization: "Bearer " + GH.session.access } });
      const url = URL.createObjectURL(await r.blob());
      el("a", { href: url, download: `patrol-assessment-${month}.csv` }).click();
    };
    const rows = await api(`/api/v1/patrols/assessment?month=${month}`);
    const pct = (v) => v == null ? "—" : Math.round(v * 100) + "%";
    $("assessment").replaceChildren(
      el("thead", {}, el("tr", {}, ["worker", "rate", "counted_due", "missed", "make_ups", "avg_minutes", "distance", "coverage",
        "reports_found"].map((k) => el("th", {}, t("col_" + k))))),
      el("tbody", {}, rows.map((r) => el("tr", { class: r.rate < 0.8 ? "low" : "", "data-worker": r.username },
        el("td", {}, el("button", { class: "link", onclick: () => latest(r.username) }, r.name), " ", el("span", { class: "muted" }, r.username)),
        el("td", {}, pct(r.rate)), el("td", {}, `${r.counted}/${r.due}`), el("td", {}, r.missed), el("td", {}, r.make_ups),
        el("td", {}, r.average_duration_min.toFixed(0)), el("td", {}, r.distance_km.toFixed(1)), el("td", {}, pct(r.average_coverage)),
        el("td", {}, r.reports_found)))));
  }

  /** A worker's latest patrol, replayed. */
  async function latest(username) {
    const list = await api(`/api/v1/patrols?worker=${encodeURIComponent(username)}&limit=1`);
    if (list[0]) replay(list[0].id); else GH.toast(t("no_patrols"));
  }

  async function replay(id) {
    const track = await api(`/api/v1/patrols/${id}/track`);
    const p = track.properties;
    const line = track.geometry.coordinates;
    const times = p.times.map(Date.parse);
    $("replay").hidden = false;
    map.fit(line);
    const slider = $("replay-slider");
    slider.max = Math.max(0, line.length - 1);
    slider.value = slider.max;
    const points = line.map(map.project);
    const walked = el("polyline", { class: "track walked", points: "" });
    const dot = el("circle", { r: 7, class: "worker-dot" });
    const marks = [
      ...p.check_ins.map((c) => { const [x, y] = map.project([c.lon, c.lat]);
        return el("rect", { x: x - 5, y: y - 5, width: 10, height: 10, class: "check-in-mark" }, el("title", {}, `${t("check_in")} ${c.place_name} ${GH.time(c.at)}`)); }),
      ...p.reports.map((r) => { const [x, y] = map.project([r.lon, r.lat]);
        return el("polygon", { points: `${x},${y - 7} ${x - 6},${y + 5} ${x + 6},${y + 5}`, class: "report-mark" }, el("title", {}, `${r.tracking_no} ${GH.time(r.at)}`)); }),
    ];
    map.overlay.replaceChildren(el("polyline", { class: "track", points: points.map((q) => q.join(",")).join(" ") }), walked, ...marks, dot);
    const show = () => {
      const i = Number(slider.value);
      walked.setAttribute("points", points.slice(0, i + 1).map((q) => q.join(",")).join(" "));
      if (points[i]) { dot.setAttribute("cx", points[i][0]); dot.setAttribute("cy", points[i][1]); }
      $("replay-info").textContent = t("replay_info", { worker: p.patrol.worker_name, time: times[i] ? GH.time(new Date(times[i]).toISOString()) : "",
        distance: (p.patrol.distance_m / 1000).toFixed(2), coverage: p.patrol.coverage == null ? "—" : Math.round(p.patrol.coverage * 100) + "%",
        kept: p.kept_fixes, raw: p.raw_fixes, checkins: p.check_ins.length, reports: p.reports.length });
    };
    slider.oninput = show;
    show();
  }

  await loadNow();
  setInterval(() => loadNow().catch(() => {}), 30000);
  await loadAssessment();
})().catch((e) => { if (e.message !== "signed out" && e.message !== "wrong page") GH.toast(e.message, true); });

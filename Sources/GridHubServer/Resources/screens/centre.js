// 街道指挥中心: the live map, the queues, and the indicators, on one screen.
"use strict";

(async () => {
  const { el, t, api } = GH;
  const account = GH.requireSignIn(["command_centre", "leader"]);
  const OPEN = ["reported", "verifying", "accepted", "dispatched", "in_progress", "handled", "checking", "rework", "returned"];
  const live = new Map();
  let queuesSoon;

  const map = await GHMap.draw(document.getElementById("map"));
  const page = await api(`/api/v1/cases?state=${OPEN.join(",")}&limit=200`);
  for (const c of page.items) live.set(c.id, c);
  const redraw = () => {
    map.setCases([...live.values()]);
    document.getElementById("live-count").textContent = t("live_count", { n: live.size });
  };
  redraw();
  legend();

  // 人口关爱: per grid, the residents in special groups and the visits overdue (counts only, no names).
  document.getElementById("care-toggle").addEventListener("change", async (ev) => {
    if (!ev.target.checked) return map.overlay.replaceChildren();
    const [care, geo] = await Promise.all([api("/api/v1/registry/care"), api("/api/v1/grids", { anonymous: true })]);
    const byID = new Map(care.map((g) => [g.grid_id, g]));
    map.overlay.replaceChildren(...geo.features.flatMap((f) => {
      const g = byID.get(f.properties.id);
      if (!g) return [];
      const pts = f.geometry.coordinates[0].slice(0, -1).map(map.project);
      const [x, y] = [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
      const special = Object.values(g.special).reduce((a, b) => a + b, 0);
      return [el("text", { x, y: y + 16, class: "care-label" + (g.overdue_visits ? " overdue" : ""), "text-anchor": "middle",
        "data-grid": f.properties.code }, t("care_counts", { special, overdue: g.overdue_visits }),
        el("title", {}, t("care_title", { residents: g.residents, special, overdue: g.overdue_visits })))];
    }));
  });

  // 热点: where the last 30 days' reports concentrate (red, by count) and what keeps coming back (orange
  // rings: one class within 50 m three times in 30 days), each with its reports. One layer at a time.
  const hotspotToggle = document.getElementById("hotspot-toggle");
  const careToggle = document.getElementById("care-toggle");
  careToggle.addEventListener("change", () => { if (careToggle.checked) { hotspotToggle.checked = false; hotspotList.hidden = true; } });
  const hotspotList = document.getElementById("hotspot-list");
  hotspotToggle.addEventListener("change", async () => {
    hotspotList.hidden = !hotspotToggle.checked;
    if (!hotspotToggle.checked) return map.overlay.replaceChildren();
    careToggle.checked = false;
    const scan = await api("/api/v1/insight/hotspots").catch((e) => { GH.toast(e.message, true); return null; });
    if (!scan) return;
    const marks = [];
    for (const h of scan.hotspots) {
      const [x, y] = map.project([h.centre.lon, h.centre.lat]);
      marks.push(el("circle", { cx: x, cy: y, r: 10 + 3 * Math.min(h.count, 10), class: "hotspot", "data-hotspot": h.case_ids.join(",") },
        el("title", {}, t("hotspot_title", { n: h.count, z: h.z.toFixed(1) }))));
    }
    for (const r of scan.recurring) {
      const [x, y] = map.project([r.centre.lon, r.centre.lat]);
      marks.push(el("circle", { cx: x, cy: y, r: 14, class: "recurring", "data-recurring": r.case_ids.join(",") },
        el("title", {}, t("recurring_title", { code: r.class_code, n: r.case_ids.length, days: r.days }))));
    }
    map.overlay.replaceChildren(...marks);
    const link = (id) => el("a", { href: `/cases/${id}` }, "#" + id);
    hotspotList.replaceChildren(
      ...(scan.hotspots.length || scan.recurring.length ? [] : [GH.empty(t("hotspots_none"))]),
      ...scan.hotspots.map((h) => el("li", { class: "line" }, el("b", { class: "late" }, t("hotspot_title", { n: h.count, z: h.z.toFixed(1) })),
        ...h.case_ids.slice(0, 12).flatMap((id) => [" ", link(id)]))),
      ...scan.recurring.map((r) => el("li", { class: "line" },
        el("b", {}, t("recurring_title", { code: r.class_code, n: r.case_ids.length, days: r.days })),
        r.hour_band !== undefined ? el("span", { class: "muted" }, t("recurring_hour", { from: r.hour_band, to: r.hour_band + 2 })) : "",
        ...r.case_ids.slice(0, 12).flatMap((id) => [" ", link(id)]))));
  });

  // Live: server-sent events carry every case that changes; the map follows without a reload.
  function listen(since) {
    const source = new EventSource(`/api/v1/events?access_token=${encodeURIComponent(GH.session.access)}&since=${since}`);
    source.addEventListener("case", (ev) => {
      const c = JSON.parse(ev.data);
      if (OPEN.includes(c.state)) live.set(c.id, c); else live.delete(c.id);
      redraw();
      // A burst of changes reloads the queues once.
      clearTimeout(queuesSoon);
      queuesSoon = setTimeout(loadQueues, 1000);
    });
    source.addEventListener("error", () => {
      // The token may have expired: refresh it through the API and listen again.
      source.close();
      setTimeout(async () => { await api("/api/v1/me"); listen(Date.now() - 60000); }, 3000);
    });
  }
  listen(Date.now());

  function legend() {
    const box = document.getElementById("legend");
    box.replaceChildren(...OPEN.map((s) => el("span", { class: "legend-item" },
      el("i", { style: `background:${GH.STATE_COLOURS[s]}` }), GH.stateName(s))));
  }

  // The queues the street works from.
  async function loadQueues() {
    for (const queue of ["triage", "whistle", "returned", "overdue", "detected"]) {
      const box = document.getElementById("queue-" + queue);
      const answer = await api(`/api/v1/tasks?queue=${queue}&limit=8`);
      box.querySelector(".count").textContent = answer.total + (answer.total_capped ? "+" : "");
      const list = box.querySelector("ul");
      list.replaceChildren(...(answer.items.length ? answer.items.map((c) => el("li", {},
        el("a", { href: `/cases/${c.id}` }, c.tracking_number), " ", GH.badge(c.state), " ",
        el("span", { class: "muted" }, c.text || c.description || c.class_code || ""),
        c.due_at ? el("span", { class: "due" + (c.overdue ? " late" : "") }, GH.countdown(c.due_at)) : null))
        : [el("li", { class: "empty" }, t("queue_empty"))]));
    }
  }
  loadQueues();

  // Indicator cards for today, 7 and 30 days, and charts drawn here as SVG.
  const day = 86400000;
  const startOfToday = new Date(new Date().toLocaleString("en-US", { timeZone: "Asia/Shanghai" }));
  const todayStart = Date.now() - (startOfToday.getHours() * 3600 + startOfToday.getMinutes() * 60) * 1000;
  const periods = [["today", todayStart], ["days7", Date.now() - 7 * day], ["days30", Date.now() - 30 * day]];
  const cards = document.getElementById("cards");
  const rates = [];
  for (const [name, from] of periods) {
    const a = await api(`/api/v1/indicators?from=${iso(from)}&to=${iso(Date.now())}`);
    const i = a.indicators;
    rates.push([name, i]);
    cards.append(el("section", { class: "card", "data-period": name },
      el("h3", {}, t(name)),
      el("div", { class: "big" }, i.reports), el("div", { class: "muted" }, t("reports")),
      el("dl", {},
        el("dt", {}, t("closed")), el("dd", {}, i.closed),
        el("dt", {}, t("overdue")), el("dd", {}, i.overdue),
        el("dt", {}, t("composite")), el("dd", {}, percent(i.composite)))));
  }
  document.getElementById("rates").replaceChildren(rateChart(rates));
  const daily = [];
  for (let d = 6; d >= 0; d--) {
    const from = todayStart - d * day;
    const a = await api(`/api/v1/indicators?from=${iso(from)}&to=${iso(Math.min(from + day, Date.now()))}`);
    daily.push([new Date(from), a.indicators.reports, a.indicators.closed]);
  }
  document.getElementById("daily").replaceChildren(dailyChart(daily));

  /** ISO 8601 without milliseconds, as the API reads it. */
  function iso(ms) { return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"); }

  function percent(v) { return v === null || v === undefined ? "—" : Math.round(v * 100) + "%"; }

  /** 响应率, 解决率, 满意率 for each period, as grouped horizontal bars. */
  function rateChart(rows) {
    const names = ["response_rate", "resolution_rate", "satisfaction_rate"];
    const colours = ["#1a73e8", "#1e8e3e", "#f9ab00"];
    const svg = el("svg", { viewBox: `0 0 420 ${rows.length * 70 + 10}`, class: "chart", role: "img", "aria-label": t("rates") });
    rows.forEach(([period, i], r) => {
      svg.append(el("text", { x: 0, y: r * 70 + 16, class: "chart-label" }, t(period)));
      names.forEach((n, k) => {
        const v = i[n] ?? 0, y = r * 70 + 22 + k * 15;
        svg.append(el("rect", { x: 110, y, width: Math.max(1, v * 260), height: 11, fill: colours[k] }, el("title", {}, `${t(n)} ${percent(i[n])}`)));
        svg.append(el("text", { x: 0, y: y + 10, class: "chart-small" }, t(n)));
        svg.append(el("text", { x: 116 + v * 260, y: y + 10, class: "chart-small" }, percent(i[n])));
      });
    });
    return svg;
  }

  /** Reports and closures per day for the last 7 days, as paired columns. */
  function dailyChart(days) {
    const max = Math.max(1, ...days.map((d) => Math.max(d[1], d[2])));
    const svg = el("svg", { viewBox: "0 0 420 180", class: "chart", role: "img", "aria-label": t("daily") });
    days.forEach(([date, reports, closed], i) => {
      const x = 20 + i * 56, h1 = (reports / max) * 130, h2 = (closed / max) * 130;
      svg.append(el("rect", { x, y: 150 - h1, width: 20, height: h1, fill: "#1a73e8" }, el("title", {}, `${t("reports")} ${reports}`)));
      svg.append(el("rect", { x: x + 22, y: 150 - h2, width: 20, height: h2, fill: "#1e8e3e" }, el("title", {}, `${t("closed")} ${closed}`)));
      svg.append(el("text", { x: x + 21, y: 168, "text-anchor": "middle", class: "chart-small" },
        date.toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai", month: "numeric", day: "numeric" })));
      svg.append(el("text", { x: x + 10, y: 146 - h1, "text-anchor": "middle", class: "chart-small" }, reports));
    });
    svg.append(el("text", { x: 20, y: 12, class: "chart-small" }, `■ ${t("reports")}`));
    svg.append(el("text", { x: 120, y: 12, class: "chart-small", fill: "#1e8e3e" }, `■ ${t("closed")}`));
    return svg;
  }
  void account;
})().catch((e) => { if (e.message !== "signed out" && e.message !== "wrong page") GH.toast(e.message, true); });

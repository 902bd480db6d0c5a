// 部门考核: the month's table by which the street rates each stationed department and the
// law-enforcement team — ranked, with the change from last month; downloaded as CSV or printed on A4
// for the street head to sign.
"use strict";

(async () => {
  const { el, t, api } = GH;
  const $ = (id) => document.getElementById(id);
  GH.requireSignIn(["command_centre", "leader"]);
  // Last month in Shanghai by default: a month is assessed once it has ended.
  const shanghai = new Date(Date.now() + 8 * 3600 * 1000);
  const last = new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth() - 1, 1));
  const month = new URLSearchParams(location.search).get("month") || last.toISOString().slice(0, 7);
  $("ev-month").value = month;
  const pct = (x) => (x === undefined || x === null ? "—" : (x * 100).toFixed(1) + "%");
  const one = (x) => (x === undefined || x === null ? "—" : x.toFixed(1));

  async function load() {
    const m = $("ev-month").value;
    $("ev-title").textContent = t("evaluation_heading", { month: m });
    $("ev-weights").textContent = t("evaluation_weights");
    const rows = await api(`/api/v1/insight/evaluation?month=${m}`);
    $("ev-rows").replaceChildren(...rows.map((r) => el("tr", { "data-department": r.code },
      el("td", {}, r.rank), el("td", {}, r.name),
      el("td", {}, r.received), el("td", {}, pct(r.response_rate)), el("td", {}, pct(r.on_time_rate)),
      el("td", {}, pct(r.rework_rate)), el("td", {}, pct(r.satisfaction_rate)),
      el("td", {}, r.whistles), el("td", {}, pct(r.report_in_rate)), el("td", {}, one(r.part_score)),
      el("td", { class: "score" }, one(r.composite)),
      el("td", { class: r.trend > 0 ? "ok" : r.trend < 0 ? "late" : "" }, r.trend === undefined ? "—" : (r.trend > 0 ? "↑" : r.trend < 0 ? "↓" : "") + one(Math.abs(r.trend))))));
  }
  $("ev-month").addEventListener("change", () => {
    history.replaceState(null, "", `?month=${$("ev-month").value}`);
    load().catch((e) => GH.toast(e.message, true));
  });
  $("ev-print").addEventListener("click", () => window.print());
  $("ev-csv").addEventListener("click", async () => {
    const r = await fetch(`/api/v1/insight/evaluation?month=${$("ev-month").value}&format=csv`,
      { headers: { authorization: "Bearer " + GH.session.access } });
    const url = URL.createObjectURL(await r.blob());
    el("a", { href: url, download: `部门考核-${$("ev-month").value}.csv` }).click();
    URL.revokeObjectURL(url);
  });
  await load();
})().catch((e) => GH.toast(e.message, true));

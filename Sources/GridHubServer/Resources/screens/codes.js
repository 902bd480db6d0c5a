// 打卡二维码: a grid's buildings and key places, each with the QR code of its check-in link, to print
// and post at the entrance; a worker on patrol scans it and checks in there.
"use strict";

(async () => {
  const { el, t, api } = GH;
  const account = GH.requireSignIn(["grid_worker", "community_staff", "command_centre"]);
  const select = document.getElementById("codes-grid");
  const geo = await api("/api/v1/grids", { anonymous: true });
  const mine = geo.features.filter((f) => account.role === "command_centre"
    || (account.role === "community_staff" && f.properties.community_id === account.community_id)
    || (account.grid_ids || []).includes(f.properties.id));
  select.replaceChildren(...mine.map((f) => el("option", { value: f.properties.code }, `${f.properties.community_name} · ${f.properties.name}`)));
  const wanted = new URLSearchParams(location.search).get("grid");
  if (wanted) select.value = wanted;
  const box = document.getElementById("codes");

  async function show() {
    box.replaceChildren(GH.empty(t("loading")));
    const codes = await api(`/api/v1/patrols/places/codes?grid=${encodeURIComponent(select.value)}`);
    box.replaceChildren(...codes.map((c) => {
      // The SVG is the server's own drawing (squares only); parsed as SVG, never as HTML.
      const image = new DOMParser().parseFromString(c.svg, "image/svg+xml").documentElement;
      return el("figure", { class: "code", "data-place": c.key }, image,
        el("figcaption", {}, el("b", {}, c.name), el("br"), el("span", { class: "muted" }, t("codes_scan"))));
    }));
  }
  select.addEventListener("change", () => { history.replaceState(null, "", `?grid=${select.value}`); show(); });
  document.getElementById("codes-print").addEventListener("click", () => window.print());
  await show();
})().catch((e) => { if (e.message !== "signed out" && e.message !== "wrong page") GH.toast(e.message, true); });

// The street drawn as SVG from the grids' own polygons: no tiles, no external URL.
"use strict";

const GHMap = (() => {
  const { el } = GH;

  /** Draws the grids into `host`; returns {svg, project, unproject, setCases, setPin}. */
  async function draw(host, options = {}) {
    const geo = await GH.api("/api/v1/grids", { anonymous: true });
    const rings = geo.features.map((f) => f.geometry.coordinates[0]);
    const all = rings.flat();
    const minLon = Math.min(...all.map((p) => p[0])), maxLon = Math.max(...all.map((p) => p[0]));
    const minLat = Math.min(...all.map((p) => p[1])), maxLat = Math.max(...all.map((p) => p[1]));
    const k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
    const width = 1000, scale = width / ((maxLon - minLon) * k), height = Math.round((maxLat - minLat) * scale);
    const pad = 12;
    const project = ([lon, lat]) => [pad + (lon - minLon) * k * scale, pad + (maxLat - lat) * scale];
    const unproject = (x, y) => ({ lon: minLon + (x - pad) / (k * scale), lat: maxLat - (y - pad) / scale });

    const svg = el("svg", { viewBox: `0 0 ${width + 2 * pad} ${height + 2 * pad}`, class: "map", role: "img",
      "aria-label": GH.t("map_label") });
    const palette = ["#e8f0fe", "#fce8e6", "#e6f4ea", "#fef7e0", "#f3e8fd", "#e4f7fb", "#fde7f3", "#f1f3f4"];
    const communities = [...new Set(geo.features.map((f) => f.properties.community_id))];
    const grids = el("g", { class: "grids" });
    const labels = el("g", { class: "labels" });
    // An edge two grids of one community share is thin; the others outline the communities.
    const edges = new Map();
    for (const f of geo.features) {
      const pts = f.geometry.coordinates[0].map(project);
      const colour = palette[communities.indexOf(f.properties.community_id) % palette.length];
      grids.append(el("polygon", { points: pts.map((p) => p.join(",")).join(" "), fill: colour, class: "grid",
        "data-grid": f.properties.code }, el("title", {}, `${f.properties.community_name} · ${f.properties.name} · ${f.properties.code}`)));
      for (let i = 0; i + 1 < pts.length; i++) {
        const a = pts[i].map((v) => v.toFixed(1)).join(","), b = pts[i + 1].map((v) => v.toFixed(1)).join(",");
        const key = a < b ? a + " " + b : b + " " + a;
        const seen = edges.get(key);
        edges.set(key, seen ? { ...seen, other: f.properties.community_id } : { a: pts[i], b: pts[i + 1], one: f.properties.community_id });
      }
      const cx = pts.slice(0, -1).reduce((s, p) => s + p[0], 0) / (pts.length - 1);
      const cy = pts.slice(0, -1).reduce((s, p) => s + p[1], 0) / (pts.length - 1);
      labels.append(el("text", { x: cx, y: cy, class: "grid-label", "text-anchor": "middle" }, f.properties.code.slice(-6)));
    }
    const outlines = el("g", { class: "outlines" });
    for (const e of edges.values()) {
      if (e.other === e.one) continue;
      outlines.append(el("line", { x1: e.a[0], y1: e.a[1], x2: e.b[0], y2: e.b[1], class: "community-edge" }));
    }
    const markers = el("g", { class: "markers" });
    const overlay = el("g", { class: "overlay" });
    const pin = el("g", { class: "pin" });
    svg.append(grids, outlines, labels, markers, overlay, pin);
    const fullView = svg.getAttribute("viewBox");
    host.replaceChildren(svg);

    if (options.onTap) {
      svg.addEventListener("click", (ev) => {
        const m = svg.getScreenCTM().inverse();
        const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(m);
        options.onTap(unproject(p.x, p.y));
      });
    }

    /** One marker per case, coloured by state; a click opens the case. */
    function setCases(cases) {
      markers.replaceChildren(...cases.map((c) => {
        const [x, y] = project([c.location.lon, c.location.lat]);
        return el("circle", { cx: x, cy: y, r: c.overdue ? 9 : 7, fill: GH.STATE_COLOURS[c.state] || "#666",
          class: "marker" + (c.overdue ? " overdue" : ""), "data-case": c.id, "data-state": c.state,
          onclick: () => { location.href = `/cases/${c.id}`; } },
        el("title", {}, `${c.tracking_number} · ${GH.stateName(c.state)}`));
      }));
    }

    function setPin(point) {
      if (!point) return pin.replaceChildren();
      const [x, y] = project([point.lon, point.lat]);
      pin.replaceChildren(el("circle", { cx: x, cy: y, r: 10, class: "pin-dot" }));
    }

    /** Shows the part of the street round these [lon, lat] points (the whole street when none). */
    function fit(points, margin = 60, least = 320) {
      if (!points.length) return svg.setAttribute("viewBox", fullView);
      const xy = points.map(project);
      const xs = xy.map((p) => p[0]), ys = xy.map((p) => p[1]);
      const [x0, x1, y0, y1] = [Math.min(...xs) - margin, Math.max(...xs) + margin, Math.min(...ys) - margin, Math.max(...ys) + margin];
      const side = Math.max(x1 - x0, y1 - y0, least);  // never closer than a few grids across
      svg.setAttribute("viewBox", `${(x0 + x1 - side) / 2} ${(y0 + y1 - side) / 2} ${side} ${side}`);
    }

    return { svg, project, unproject, setCases, setPin, overlay, fit };
  }

  return { draw };
})();

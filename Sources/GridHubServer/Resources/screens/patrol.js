// 网格员巡查: start and end a patrol on the phone; a fix every ten seconds from the browser's
// geolocation, kept in IndexedDB until the server has it (so a dropped network loses nothing and a
// reload carries on), live distance, time and coverage, the buildings not yet passed, check-ins.
"use strict";

(async () => {
  const { el, t, api } = GH;
  const account = GH.requireSignIn(["grid_worker"]);
  const params = new URLSearchParams(location.search);
  // Seconds between fixes (the tests walk faster than a person).
  const every = Math.min(60, Math.max(1, Number(params.get("every")) || 10)) * 1000;
  const wanted = params.get("check_in");  // a building's QR code opens the page on its check-in
  const $ = (id) => document.getElementById(id);

  // --- the fix queue: IndexedDB, one store of fixes keyed [patrol, at], one of ends keyed patrol.
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open("gridhub-patrol", 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore("fixes", { keyPath: ["patrol", "at"] });
      open.result.createObjectStore("ends", { keyPath: "patrol" });
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const tx = (store, mode, work) => new Promise((resolve, reject) => {
    const x = db.transaction(store, mode);
    const result = work(x.objectStore(store));
    x.oncomplete = () => resolve(result instanceof IDBRequest ? result.result : result);
    x.onerror = () => reject(x.error);
  });
  const pendingFixes = (patrol, limit) => tx("fixes", "readonly", (s) =>
    s.getAll(IDBKeyRange.bound([patrol, ""], [patrol, "\uffff"]), limit));
  const countFixes = () => tx("fixes", "readonly", (s) => s.count());

  let patrol = null;        // the running patrol as the server last described it
  let places = [];
  let position = null;      // the newest position the phone gave
  let lastRecorded = 0;
  let watch = null, ticker = null, flushing = false;
  let map = null;

  function render() {
    const running = patrol && patrol.running;
    $("p-toggle").disabled = false;
    $("p-toggle").textContent = running ? t("patrol_end") : t("patrol_start");
    $("p-toggle").classList.toggle("stop", !!running);
    $("p-report").hidden = !running;
    $("p-distance").textContent = patrol ? (patrol.distance_m / 1000).toFixed(2) + " km" : "0";
    const seconds = patrol ? (running ? (Date.now() - Date.parse(patrol.started_at)) / 1000 : patrol.duration_s) : 0;
    const two = (n) => String(Math.floor(n)).padStart(2, "0");
    $("p-time").textContent = `${Math.floor(seconds / 3600)}:${two((seconds / 60) % 60)}:${two(seconds % 60)}`;
    $("p-coverage").textContent = patrol && patrol.coverage != null ? Math.round(patrol.coverage * 100) + "%" : "–";
    $("p-state").textContent = running ? t("patrol_running", { time: GH.time(patrol.started_at) })
      : patrol ? t("patrol_last", { state: patrol.counted ? t("patrol_counted") : t("patrol_not_counted") }) : t("patrol_none");
    const passed = new Set(patrol ? patrol.passed : []);
    const left = places.filter((p) => !passed.has(p.key));
    $("p-left").textContent = places.length ? t("patrol_left", { n: left.length, total: places.length }) : "";
    $("p-places").replaceChildren(...[...left, ...places.filter((p) => passed.has(p.key))].map((p) => el("li", {
      class: "place" + (passed.has(p.key) ? " passed" : "") + (p.key === wanted ? " wanted" : ""), "data-place": p.key },
      el("span", {}, passed.has(p.key) ? "✓ " : "○ ", p.name), " ",
      running ? el("button", { class: "action secondary", onclick: () => checkIn(p) }, t("patrol_check_in")) : null)));
    if (map) {
      map.overlay.replaceChildren(...places.map((p) => {
        const [x, y] = map.project([p.lon, p.lat]);
        return el("circle", { cx: x, cy: y, r: 5, class: "place-dot" + (passed.has(p.key) ? " passed" : "") });
      }), ...(position ? [el("circle", { cx: map.project([position.coords.longitude, position.coords.latitude])[0],
        cy: map.project([position.coords.longitude, position.coords.latitude])[1], r: 7, class: "me-dot" })] : []));
    }
  }

  async function sync(text) {
    const waiting = await countFixes();
    $("p-sync").textContent = text || (waiting ? t(navigator.onLine ? "patrol_sending" : "patrol_offline", { n: waiting }) : t("patrol_synced"));
    $("p-sync").classList.toggle("late", !navigator.onLine && waiting > 0);
  }

  /** Keeps the newest position; every `every` ms one becomes a fix in the queue. */
  function record() {
    if (!patrol || !patrol.running || !position || position.timestamp <= lastRecorded) return;
    lastRecorded = position.timestamp;
    const c = position.coords;
    const fix = { patrol: patrol.id, at: new Date(position.timestamp).toISOString(), lat: c.latitude, lon: c.longitude,
      accuracy: c.accuracy };
    if (c.speed != null && c.speed >= 0) fix.speed = c.speed;
    if (c.heading != null && c.heading >= 0 && c.heading <= 360) fix.heading = c.heading;
    if (c.altitude != null) fix.altitude = c.altitude;
    tx("fixes", "readwrite", (s) => s.put(fix)).then(() => flush());
  }

  /** Sends queued fixes in time order, 500 at a time, then any end waiting; stops at the first failure. */
  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      const ends = await tx("ends", "readonly", (s) => s.getAll());
      const patrols = new Set([...(patrol ? [patrol.id] : []), ...ends.map((e) => e.patrol)]);
      for (const id of patrols) {
        for (;;) {
          const batch = await pendingFixes(id, 500);
          if (!batch.length) break;
          const receipt = await api(`/api/v1/patrols/${id}/fixes`, {
            body: { fixes: batch.map(({ patrol: _, ...f }) => f) } });
          await tx("fixes", "readwrite", (s) => batch.forEach((f) => s.delete([f.patrol, f.at])));
          if (receipt.patrols[0] && patrol && receipt.patrols[0].id === patrol.id) patrol = receipt.patrols[0];
        }
        const end = ends.find((e) => e.patrol === id);
        if (end) {
          const ended = await api(`/api/v1/patrols/${id}/end`, { body: { at: end.at } });
          await tx("ends", "readwrite", (s) => s.delete(id));
          if (patrol && patrol.id === id) patrol = ended;
        }
      }
      await sync();
    } catch (e) {
      await sync();
      if (e.status) GH.toast(e.message, true);  // a refusal, not the network
    } finally {
      flushing = false;
      render();
    }
  }

  function startRecording() {
    if (watch !== null) return;
    if (!navigator.geolocation) { GH.toast(t("patrol_no_gps"), true); return; }
    watch = navigator.geolocation.watchPosition((p) => { position = p; if (!lastRecorded) record(); },
      (e) => $("p-sync").textContent = t("patrol_gps_error", { reason: e.message }),
      { enableHighAccuracy: true, maximumAge: 5000, timeout: 30000 });
    ticker = setInterval(() => { record(); render(); }, every);
  }

  function stopRecording() {
    if (watch !== null) navigator.geolocation.clearWatch(watch);
    clearInterval(ticker);
    watch = null;
  }

  async function toggle() {
    $("p-toggle").disabled = true;
    try {
      if (patrol && patrol.running) {
        record();
        stopRecording();
        await tx("ends", "readwrite", (s) => s.put({ patrol: patrol.id, at: new Date().toISOString() }));
        patrol = { ...patrol, running: false };
        await flush();
        await loadMissed();
      } else {
        patrol = await api("/api/v1/patrols", { body: {} });
        lastRecorded = 0;
        startRecording();
        await loadPlaces();
      }
    } catch (e) {
      GH.toast(e.message, true);
    }
    render();
  }

  async function checkIn(place) {
    if (!position) return GH.toast(t("patrol_no_gps"), true);
    try {
      await api(`/api/v1/patrols/${patrol.id}/check-ins`, { body: { place: place.key,
        lat: position.coords.latitude, lon: position.coords.longitude } });
      GH.toast(t("patrol_checked_in", { name: place.name }));
      patrol = await api(`/api/v1/patrols/${patrol.id}`);
      render();
    } catch (e) { GH.toast(e.message, true); }
  }

  async function loadPlaces() {
    const geo = await api("/api/v1/grids", { anonymous: true });
    const gridID = patrol ? patrol.grid_id : (account.grid_ids || [])[0];
    const grid = geo.features.find((f) => f.properties.id === gridID);
    if (!grid) return;
    places = await api(`/api/v1/patrols/places?grid=${grid.properties.code}`);
    if (!map) {
      map = await GHMap.draw($("p-map"));
    }
    map.fit(grid.geometry.coordinates[0], 20, 0);
    render();
    const w = document.querySelector(".place.wanted");
    if (w) w.scrollIntoView({ block: "center" });
  }

  async function loadMissed() {
    const missed = await api("/api/v1/patrols/makeups");
    $("p-missed").replaceChildren(...(missed.length ? missed.slice(0, 10).map((m) => el("li", { "data-slot": m.id },
      `${m.day} ${t("patrol_window", { n: m.window + 1 })} · ${t("makeup_" + m.state)}`, m.reason ? ` · ${m.reason}` : "",
      m.state === "missed" ? el("button", { class: "action secondary", onclick: () => askMakeUp(m) }, t("patrol_makeup")) : null))
      : [GH.empty(t("patrol_no_missed"))]));
  }

  async function askMakeUp(m) {
    const reason = prompt(t("patrol_makeup_reason"));
    if (!reason) return;
    try {
      await api("/api/v1/patrols/makeups", { body: { day: m.day, window: m.window, reason } });
      GH.toast(t("patrol_makeup_sent"));
      await loadMissed();
    } catch (e) { GH.toast(e.message, true); }
  }

  $("p-toggle").addEventListener("click", toggle);
  window.addEventListener("online", flush);
  window.addEventListener("offline", () => sync());

  // Carry on after a reload: the running patrol from the server, the queue from IndexedDB.
  const latest = await api(`/api/v1/patrols?worker=${encodeURIComponent(account.username)}&limit=1`);
  patrol = latest[0] || null;
  if (patrol && patrol.running) startRecording();
  await loadPlaces();
  await flush();
  render();
  await loadMissed();
  const devices = await api("/api/v1/me/trackers");
  $("p-devices").replaceChildren(...(devices.length ? devices.map((d) => el("li", {}, el("b", {}, d.device_id), " ",
    d.label || "", " · ", d.last_seen_at ? t("patrol_seen", { time: GH.time(d.last_seen_at) }) : t("patrol_never_seen")))
    : [GH.empty(t("patrol_no_devices"))]));
})().catch((e) => { if (e.message !== "signed out" && e.message !== "wrong page") GH.toast(e.message, true); });

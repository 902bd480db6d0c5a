// 随手拍: photos, a place, a class or words, a description — and the tracking number. A retried submit
// reuses its Idempotency-Key, so a flaky connection never makes two cases.
"use strict";

(async () => {
  const { el, t, api } = GH;
  const account = GH.session.access ? GH.session.account : null;
  if (account) document.getElementById("gh-who").textContent = `${account.display_name} · ${t("role_" + account.role)}`;
  const deviceID = localStorage.getItem("gh.device") || (() => {
    const d = "web-" + crypto.getRandomValues(new Uint32Array(4)).join("-");
    localStorage.setItem("gh.device", d);
    return d;
  })();
  // The device's secret, given with its first report: it, not the device id, opens "my reports".
  const deviceToken = () => localStorage.getItem("gh.device_token");
  const form = document.getElementById("report-form");
  const lat = form.elements.lat, lon = form.elements.lon;
  let picked = null;
  // Whether the person chose the class themselves: a suggestion never overrides their choice.
  let chosenByHand = false;

  const map = await GHMap.draw(document.getElementById("report-map"), { onTap: (p) => place(p, t("place_tapped")) });
  function place(p, how) {
    lat.value = p.lat.toFixed(6);
    lon.value = p.lon.toFixed(6);
    map.setPin(p);
    document.getElementById("place-text").textContent = `${how} · ${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`;
  }
  document.getElementById("use-position").addEventListener("click", () => {
    if (!navigator.geolocation) return GH.toast(t("no_position"), true);
    navigator.geolocation.getCurrentPosition(
      (pos) => place({ lat: pos.coords.latitude, lon: pos.coords.longitude }, t("place_gps")),
      () => GH.toast(t("no_position"), true), { enableHighAccuracy: true, timeout: 10000 });
  });

  // The class picker: the catalogue's major classes as icons, then the classes in plain words.
  const catalogue = await api("/api/v1/catalog", { anonymous: true });
  // A major class is the kind letter and two digits (C03 市容环境 部件, E01 市容环境 事件).
  const majors = [...new Map(catalogue.map((i) => [i.code.slice(0, 3), i])).values()];
  const picker = document.getElementById("classes");
  const minors = el("div", { class: "minors" });
  picker.replaceChildren(el("div", { class: "majors" }, majors.map((i, n) =>
    el("button", { type: "button", class: "major", "data-major": i.code.slice(0, 3), onclick: () => showMinors(i.code.slice(0, 3)) },
      el("span", { class: "icon", style: `background:hsl(${(n * 47) % 360} 60% 45%)` }, i.major_name.slice(0, 1)),
      i.major_name, el("small", { class: "muted" }, t("kind_" + i.kind))))), minors);
  function showMinors(major) {
    minors.replaceChildren(...catalogue.filter((i) => i.code.startsWith(major)).map((i) =>
      el("button", { type: "button", class: "minor" + (picked === i.code ? " on" : ""), "data-class": i.code, onclick: () => {
        choose(i.code, i.name, false);
        showMinors(major);
      } }, i.name)));
  }
  function choose(code, name, suggested) {
    picked = code;
    if (!suggested) chosenByHand = true;
    document.getElementById("class-text").textContent = t(suggested ? "class_suggested" : "class_picked", { name });
    for (const b of document.querySelectorAll("#suggested .chip")) b.classList.toggle("on", b.dataset.class === code);
  }

  // The live suggestion: as the words are typed, the likeliest classes; the first is chosen until the
  // person picks one themselves.
  const suggested = document.getElementById("suggested");
  let typing = null, asked = "";
  for (const name of ["text", "description"]) {
    form.elements[name].addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(suggest, 300); });
  }
  async function suggest() {
    const words = `${form.elements.text.value} ${form.elements.description.value}`.trim().slice(0, 200);
    if (words === asked) return;
    asked = words;
    if (!words) return suggested.replaceChildren();
    let list;
    try {
      list = await api(`/api/v1/catalog/suggest?limit=3&text=${encodeURIComponent(words)}`, { anonymous: true });
    } catch { return; }
    if (words !== asked) return;  // a later question is on its way
    if (!list.length) return suggested.replaceChildren();
    suggested.replaceChildren(el("span", { class: "muted" }, t("perhaps")), ...list.map((s) =>
      el("button", { type: "button", class: "chip", "data-class": s.code, onclick: () => choose(s.code, s.name, false) }, s.name)));
    if (!chosenByHand && list[0].score >= 0.2) choose(list[0].code, list[0].name, true);
    else if (picked) choose(picked, catalogue.find((i) => i.code === picked)?.name || picked, !chosenByHand);
  }

  // Submitting: one Idempotency-Key per draft, kept until an answer comes back.
  const bar = document.getElementById("progress");
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!lat.value) return GH.toast(t("need_place"), true);
    if (!picked && !form.elements.text.value.trim()) return GH.toast(t("need_class"), true);
    const key = localStorage.getItem("gh.pending") || crypto.randomUUID();
    localStorage.setItem("gh.pending", key);
    const data = new FormData();
    data.append("lat", lat.value);
    data.append("lon", lon.value);
    if (picked) data.append("class_code", picked);
    for (const name of ["text", "description", "phone"]) if (form.elements[name].value.trim()) data.append(name, form.elements[name].value.trim());
    if (!account) data.append("device_id", deviceID);
    // Opened from the patrol page: the report is found on patrol and counts to it.
    if (account && new URLSearchParams(location.search).get("channel") === "patrol") data.append("channel", "patrol");
    for (const f of form.elements.photos.files) data.append("photos", f, f.name);
    send(data, key, 0);
  });

  function send(data, key, attempt) {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/reports");
    xhr.setRequestHeader("Idempotency-Key", key);
    if (GH.session.access) xhr.setRequestHeader("Authorization", "Bearer " + GH.session.access);
    else if (deviceToken()) xhr.setRequestHeader("Device-Token", deviceToken());
    bar.hidden = false;
    bar.value = 0;
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100); };
    form.querySelector("button[type=submit]").disabled = true;
    xhr.onload = () => {
      form.querySelector("button[type=submit]").disabled = false;
      let answer = {};
      try { answer = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status === 200 || xhr.status === 201) {
        localStorage.removeItem("gh.pending");
        const given = xhr.getResponseHeader("Device-Token");
        if (given) localStorage.setItem("gh.device_token", given);
        bar.value = 100;
        showReceipt(answer);
        form.reset();
        picked = null;
        map.setPin(null);
        loadMine();
      } else if (xhr.status === 401) {
        GH.session.clear();
        location.href = "/login?next=/report";
      } else if (xhr.status >= 500 && attempt < 3) {
        setTimeout(() => send(data, key, attempt + 1), 1500 * (attempt + 1));
      } else {
        if (xhr.status < 500) localStorage.removeItem("gh.pending");
        GH.toast(answer.message || t("send_failed"), true);
      }
    };
    xhr.onerror = () => {
      form.querySelector("button[type=submit]").disabled = false;
      // No answer: the report may or may not have arrived. The same key makes the retry safe.
      if (attempt < 3) setTimeout(() => send(data, key, attempt + 1), 1500 * (attempt + 1));
      else GH.toast(t("send_failed"), true);
    };
    xhr.send(data);
  }

  function showReceipt(r) {
    const box = document.getElementById("receipt");
    box.hidden = false;
    box.replaceChildren(el("h3", {}, t("reported_ok")), el("p", { class: "tracking", "data-tracking": r.tracking_number }, r.tracking_number),
      el("p", {}, GH.lang === "en" ? r.notice_en : r.notice));
    box.scrollIntoView({ behavior: "smooth" });
  }

  async function loadMine() {
    const list = document.getElementById("mine");
    const answer = account ? await api("/api/v1/me/reports?limit=50")
      : deviceToken() ? await api(`/api/v1/me/reports?device_id=${encodeURIComponent(deviceID)}&limit=50`,
        { anonymous: true, headers: { "Device-Token": deviceToken() } }).catch(() => ({ items: [] }))
      : { items: [] };
    list.replaceChildren(...(answer.items.length ? answer.items.map((c) => el("li", { "data-case": c.id, "data-state": c.state },
      account ? el("a", { href: `/cases/${c.id}` }, c.tracking_number) : el("b", {}, c.tracking_number), " ", GH.badge(c.state),
      el("div", { class: "muted" }, c.description || c.text || ""), el("div", { class: "muted" }, GH.time(c.reported_at))))
      : [el("li", { class: "empty" }, t("no_reports"))]));
  }
  loadMine();
})().catch((e) => GH.toast(e.message, true));

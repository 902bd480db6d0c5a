// 积分: a resident's points, the shop and their pickup codes, volunteer activities; the counter staff's
// 核销 (type or scan the code, hand the item out) and shelf; the centre's month. An anonymous rider sees
// the device's points and claims them with a code to the phone.
"use strict";

(async () => {
  const { el, t, api, time } = GH;
  const $ = (id) => document.getElementById(id);
  const signedIn = GH.session.access && GH.session.account;
  const device = localStorage.getItem("gh.device");
  const deviceToken = localStorage.getItem("gh.device_token");
  const account = signedIn ? GH.requireSignIn() : (device && deviceToken ? null : GH.requireSignIn());
  const role = account ? account.role : "rider";
  const tabsFor = {
    resident: ["mine", "shop", "redemptions", "activities"], building_head: ["mine", "shop", "redemptions", "activities"],
    unit_head: ["mine", "shop", "redemptions", "activities"], rider: ["mine"],
    community_staff: ["counter", "items-admin", "activities"], canteen_staff: ["counter"],
    command_centre: ["month", "activities"], leader: ["month"],
  };
  const tabs = tabsFor[role] || ["mine"];
  const loaders = { mine: loadMine, shop: loadShop, redemptions: loadCodes, activities: loadActivities, counter: loadCounter,
    "items-admin": loadStock, month: loadMonth };

  function show(name) {
    for (const key of Object.keys(loaders)) $("p-" + key).hidden = key !== name;
    document.querySelectorAll("#p-tabs .tab").forEach((b) => b.classList.toggle("on", b.dataset.tab === name));
    loaders[name]().catch((e) => GH.toast(e.message, true));
  }
  $("p-tabs").replaceChildren(...tabs.map((name) =>
    el("button", { type: "button", class: "tab", "data-tab": name, onclick: () => show(name) }, t("points_tab_" + name))));

  const riderHeaders = { "Device-Token": deviceToken };
  const signed = (n) => (n > 0 ? "+" : "") + n;

  // --- my points: balance, on hold, today's earnings against the cap, every line with its reason.
  async function loadMine() {
    const p = account ? await api("/api/v1/me/points?limit=100")
      : await api(`/api/v1/me/points?device_id=${encodeURIComponent(device)}&limit=100`, { anonymous: true, headers: riderHeaders });
    $("p-available").textContent = p.available;
    $("p-held").textContent = p.held ? t("points_held", { n: p.held }) : "";
    $("p-today").textContent = t("points_today", { n: p.earned_today, cap: p.daily_cap });
    $("p-claim").hidden = !!account;
    $("p-lines").replaceChildren(...(p.lines.length ? p.lines.map((l) => el("li", { class: "line" },
      el("span", { class: "amount " + (l.change < 0 ? "out" : "in") }, l.change ? signed(l.change) : t("points_held_short", { n: l.held_change })),
      el("span", {}, l.reason), el("span", { class: "muted" }, time(l.at)))) : [GH.empty(t("points_none"))]));
  }

  // --- the shop: items on sale, redeemed with one tap; the code shows large with its QR.
  async function loadShop() {
    const items = await api("/api/v1/shop/items");
    $("p-items").replaceChildren(...(items.length ? items.map((i) => el("li", { class: "card item", "data-item": i.id },
      i.photos.length ? el("img", { src: i.photos[0], alt: i.name, class: "thumb" }) : "",
      el("b", {}, i.name), el("div", { class: "price" }, t("points_price", { n: i.price })),
      el("div", { class: "muted" }, t("item_left", { n: i.stock }), i.monthly_limit ? " · " + t("item_limit_n", { n: i.monthly_limit }) : ""),
      el("div", { class: "muted" }, i.community_name, " ", i.pickup_name),
      el("button", { type: "button", class: "primary redeem", onclick: (e) => redeem(i, e.currentTarget) }, t("redeem"))))
      : [GH.empty(t("shop_empty"))]));
  }

  // The first tap asks (on the button itself), the second redeems: no redemption by a stray touch.
  async function redeem(item, button) {
    if (!button.classList.contains("confirming")) {
      button.classList.add("confirming");
      button.textContent = t("redeem_confirm", { n: item.price });
      return;
    }
    button.disabled = true;
    try {
      const r = await api(`/api/v1/shop/items/${item.id}/redeem`, { body: { quantity: 1 },
        headers: { "Idempotency-Key": "redeem-" + item.id + "-" + Date.now() } });
      GH.toast(t("redeemed"));
      show("redemptions");
      setTimeout(() => pickup(r), 0);
    } catch (e) { GH.toast(e.message, true); button.disabled = false; }
  }

  function qr(svgText) {
    const doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
    return document.importNode(doc.documentElement, true);
  }

  function pickup(r) {
    const box = el("div", { class: "pickup", role: "dialog", "aria-label": t("pickup_code") },
      el("p", {}, r.item_name, " × ", r.quantity, " · ", r.pickup_name),
      el("div", { class: "pickup-code", id: "p-big-code" }, r.code.slice(0, 4) + " " + r.code.slice(4)),
      r.qr_svg ? el("div", { class: "qr" }, qr(r.qr_svg)) : "",
      el("p", { class: "muted" }, t("pickup_until", { when: time(r.expires_at) })),
      el("button", { type: "button", class: "action", onclick: () => box.remove() }, t("close")));
    document.body.append(box);
  }

  // --- my redemptions: held ones open their code; one not collected can be cancelled.
  async function loadCodes() {
    const list = await api("/api/v1/me/redemptions");
    $("p-codes").replaceChildren(...(list.length ? list.map((r) => el("li", { class: "line redemption " + r.state },
      el("span", {}, r.item_name, " × ", r.quantity), el("span", { class: "badge state-" + r.state }, t("redemption_" + r.state)),
      r.state === "held" ? el("span", {},
        el("button", { type: "button", class: "primary show-code", onclick: () => pickup(r) }, t("pickup_show")), " ",
        el("button", { type: "button", class: "action", onclick: async () => {
          try { await api(`/api/v1/me/redemptions/${r.id}/cancel`, { method: "POST" }); loadCodes(); } catch (e) { GH.toast(e.message, true); }
        } }, t("redemption_cancel"))) : el("span", { class: "muted" }, time(r.resolved_at)))) : [GH.empty(t("redemptions_none"))]));
  }

  // --- volunteer activities: residents sign up; staff create them and check people in on the spot.
  const manages = role === "community_staff" || role === "command_centre";
  async function loadActivities() {
    $("p-new-activity").hidden = role !== "community_staff";
    const list = await api("/api/v1/activities");
    $("p-acts").replaceChildren(...(list.length ? list.map(activity) : [GH.empty(t("activities_none"))]));
  }

  function activity(a) {
    const item = el("li", { class: "card activity", "data-activity": a.id },
      el("b", {}, a.title), " ", el("span", { class: "badge tag" }, t("points_price", { n: a.points })),
      el("div", { class: "muted" }, time(a.starts_at), " · ", a.place, " · ", t("activity_signed", { n: a.signed_up, cap: a.capacity })));
    if (!manages) {
      item.append(a.mine ? el("div", {}, a.checked_in ? t("activity_came") : t("activity_mine"))
        : el("button", { type: "button", class: "primary", onclick: async () => {
          try { await api(`/api/v1/activities/${a.id}/signup`, { method: "POST" }); loadActivities(); } catch (e) { GH.toast(e.message, true); }
        } }, t("activity_join")));
    } else if (a.signups) {
      item.append(el("ul", { class: "signups" }, ...a.signups.map((s) => el("li", {}, s.name, " ",
        s.checked_in_at ? el("span", { class: "muted" }, t("activity_came"))
          : el("button", { type: "button", class: "action checkin", onclick: async () => {
            try { await api(`/api/v1/activities/${a.id}/checkin`, { body: { account_id: s.account_id } }); loadActivities(); } catch (e) { GH.toast(e.message, true); }
          } }, t("activity_checkin"))))));
    }
    return item;
  }

  $("p-new-activity").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const start = new Date(f.get("starts_at"));
    const end = new Date(start.getTime() + Number(f.get("hours")) * 3600000);
    try {
      await api("/api/v1/activities", { body: { title: f.get("title"), place: f.get("place"), starts_at: start.toISOString(),
        ends_at: end.toISOString(), points: Number(f.get("points")), capacity: Number(f.get("capacity")) } });
      e.target.reset();
      loadActivities();
    } catch (err) { GH.toast(err.message, true); }
  });

  // --- the counter: type or scan a code, see what it is for, hand it out.
  async function loadCounter() {
    const waiting = await api("/api/v1/shop/redemptions?state=held&limit=50");
    $("p-waiting").replaceChildren(...(waiting.length ? waiting.map((r) => el("li", { class: "line" },
      el("span", {}, r.holder_name), el("span", {}, r.item_name, " × ", r.quantity), el("span", { class: "muted" }, time(r.created_at))))
      : [GH.empty(t("counter_none"))]));
  }

  async function lookup(code) {
    try {
      const r = await api("/api/v1/shop/redemptions/" + encodeURIComponent(code));
      const hand = el("button", { type: "button", class: "primary fulfil" }, t("counter_fulfil"));
      const box = el("div", { class: "receipt found" },
        el("p", {}, el("b", {}, r.item_name), " × ", r.quantity, " · ", t("points_price", { n: r.amount })),
        el("p", {}, r.holder_name, " · ", el("span", { class: "badge state-" + r.state }, t("redemption_" + r.state))), r.state === "held" ? hand : "");
      hand.addEventListener("click", async () => {
        try {
          await api(`/api/v1/shop/redemptions/${encodeURIComponent(code)}/fulfil`, { method: "POST" });
          GH.toast(t("counter_done"));
          $("p-found").replaceChildren(el("p", { class: "receipt" }, t("counter_done"), "：", r.item_name));
          $("p-code-form").reset();
          loadCounter();
        } catch (e) { GH.toast(e.message, true); }
      });
      $("p-found").replaceChildren(box);
    } catch (e) { $("p-found").replaceChildren(el("p", { class: "empty" }, e.message)); }
  }

  $("p-code-form").addEventListener("submit", (e) => {
    e.preventDefault();
    lookup(new FormData(e.target).get("code").trim());
  });

  // The camera, where the browser can read QR codes (BarcodeDetector); typing always works.
  if ("BarcodeDetector" in window && navigator.mediaDevices) {
    $("p-scan").hidden = false;
    $("p-scan").addEventListener("click", async () => {
      const video = $("p-video");
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      const detector = new BarcodeDetector({ formats: ["qr_code"] });
      const tick = async () => {
        const codes = await detector.detect(video).catch(() => []);
        if (codes.length) {
          stream.getTracks().forEach((track) => track.stop());
          video.hidden = true;
          document.querySelector("#p-code-form input").value = codes[0].rawValue;
          return lookup(codes[0].rawValue);
        }
        requestAnimationFrame(tick);
      };
      tick();
    });
  }

  // --- the shelf: add items (with a picture), see the stock.
  async function loadStock() {
    const items = await api("/api/v1/shop/items?all=true" + (account.community_id ? "&community_id=" + account.community_id : ""));
    $("p-stock").replaceChildren(...(items.length ? items.map((i) => el("li", { class: "line" },
      el("span", {}, i.name), el("span", {}, t("points_price", { n: i.price })), el("span", { class: i.stock ? "" : "out" }, t("item_left", { n: i.stock })),
      el("span", { class: "muted" }, i.on_sale ? i.pickup_name : t("item_off")))) : [GH.empty(t("shop_empty"))]));
  }

  $("p-new-item").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    if (!f.get("monthly_limit")) f.delete("monthly_limit");
    if (!(f.get("photo") && f.get("photo").size)) f.delete("photo");
    try {
      await api("/api/v1/shop/items", { body: f });
      e.target.reset();
      GH.toast(t("item_added"));
      loadStock();
    } catch (err) { GH.toast(err.message, true); }
  });

  // --- the centre's month: issued, redeemed, expired, held, the budget, top earners; fund or correct.
  const pick = $("p-month-pick");
  pick.value = new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" }).slice(0, 7);
  pick.addEventListener("change", () => { if (pick.value) loadMonth().catch((e) => GH.toast(e.message, true)); });

  async function loadMonth() {
    const m = await api("/api/v1/points/month?month=" + encodeURIComponent(pick.value));
    $("p-month-numbers").replaceChildren(...[["month_earned", m.earned - m.reversed], ["month_redeemed", m.redeemed],
      ["month_fulfilled", m.fulfilled], ["month_expired", m.expired], ["month_held", m.held], ["month_budget", m.budget]]
      .map(([k, v]) => el("div", { class: "card" }, el("div", { class: "muted" }, t(k)), el("div", { class: "big" }, String(v)))));
    $("p-top").replaceChildren(...(m.top_earners.length ? m.top_earners.map((e) => el("li", { class: "line" },
      el("span", {}, e.name), el("span", { class: "amount in" }, "+" + e.earned))) : [GH.empty(t("points_none"))]));
    $("p-adjust").hidden = role !== "command_centre";
    if (!m.balanced) GH.toast(t("month_unbalanced"), true);
  }

  $("p-adjust").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    try {
      await api("/api/v1/points/adjust", { body: { holder: f.get("holder").trim(), amount: Number(f.get("amount")), reason: f.get("reason").trim() } });
      e.target.reset();
      GH.toast(t("adjust_done"));
      loadMonth();
    } catch (err) { GH.toast(err.message, true); }
  });

  // --- an anonymous rider claims the device's points: a code to the phone, then an account.
  let claimPhone = "";
  $("p-claim-start").addEventListener("submit", async (e) => {
    e.preventDefault();
    claimPhone = new FormData(e.target).get("phone").trim();
    try {
      const r = await api(`/api/v1/points/claim/start?device_id=${encodeURIComponent(device)}`, { anonymous: true,
        headers: riderHeaders, body: { phone: claimPhone } });
      $("p-claim-code").hidden = !r.demo_code;
      $("p-claim-code").textContent = t("claim_demo_code", { code: r.demo_code || "" });
      $("p-claim-finish").hidden = false;
    } catch (err) { GH.toast(err.message, true); }
  });

  $("p-claim-finish").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    try {
      const r = await api(`/api/v1/points/claim/finish?device_id=${encodeURIComponent(device)}`, { anonymous: true,
        headers: riderHeaders, body: { phone: claimPhone, code: f.get("code").trim(), password: f.get("password"),
          display_name: f.get("display_name").trim() || null } });
      GH.toast(t("claim_done", { n: r.moved, user: r.username }));
      location.href = "/login";
    } catch (err) { GH.toast(err.message, true); }
  });

  show(tabs[0]);
})().catch((e) => { if (e.message !== "signed out" && e.message !== "wrong page") GH.toast(e.message, true); });

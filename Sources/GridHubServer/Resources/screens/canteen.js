// 助餐送餐: the canteen on a phone. The deliverer walks the day's list in order and confirms each meal
// at the door; staff, workers and heads order for the elderly before the cut-off; staff read the day.
"use strict";

(async () => {
  const { el, t, api, time } = GH;
  const account = GH.requireSignIn(["canteen_staff", "community_staff", "grid_worker", "building_head", "unit_head", "resident"]);
  const $ = (id) => document.getElementById(id);
  const delivers = account.role === "canteen_staff" || account.role === "community_staff";
  const yuan = (fen) => (fen / 100).toFixed(fen % 100 ? 2 : 0);
  const today = new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
  const tomorrow = new Date(Date.now() + 86400000).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
  const sections = { deliver: $("c-deliver"), order: $("c-order"), counts: $("c-counts") };

  function showTab(name) {
    for (const [key, box] of Object.entries(sections)) box.hidden = key !== name;
    document.querySelectorAll(".tab").forEach((b) => b.classList.toggle("on", b.dataset.tab === name));
    ({ deliver: loadDeliveries, order: loadMenu, counts: loadCounts })[name]();
  }
  document.querySelectorAll(".tab").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));

  const stateName = (s) => t("meal_" + s);

  // --- the deliverer's list, in walking order; each stop confirmed at the door.
  async function loadDeliveries() {
    const list = await api(`/api/v1/canteen/deliveries?day=${today}`);
    $("c-name").textContent = list.canteen;
    const left = list.stops.filter((s) => s.state !== "delivered").length;
    $("c-route").textContent = t("canteen_route", { n: list.stops.length, left, metres: Math.round(list.metres) });
    $("c-stops").replaceChildren(...(list.stops.length ? list.stops.map(stop) : [GH.empty(t("canteen_no_deliveries"))]));
  }

  function stop(o) {
    const item = el("li", { class: "card stop " + o.state, "data-order": o.id },
      el("div", {}, el("b", {}, o.address), " ", el("span", { class: "badge meal-" + o.state }, stateName(o.state))),
      el("div", {}, o.name, " · ", el("span", { class: "muted" }, t("canteen_by", { when: time(o.deliver_by) }))));
    if (o.state === "ordered" || o.state === "missed") {
      const photo = el("input", { type: "file", accept: "image/*", capture: "environment", hidden: true });
      const confirm = async (how) => {
        const data = new FormData();
        data.set("confirmation", how);
        if (how === "photo") data.set("photo", photo.files[0]);
        try {
          await api(`/api/v1/canteen/orders/${o.id}/delivered`, { body: data });
          GH.toast(t("canteen_confirmed"));
          loadDeliveries();
        } catch (e) { GH.toast(e.message, true); }
      };
      photo.addEventListener("change", () => { if (photo.files.length) confirm("photo"); });
      item.append(el("div", { class: "actions" },
        el("button", { type: "button", class: "primary confirm-resident", onclick: () => confirm("resident") }, t("canteen_confirm_resident")),
        el("button", { type: "button", class: "action confirm-photo", onclick: () => photo.click() }, t("canteen_confirm_photo")), photo));
    } else if (o.delivered_at) {
      item.append(el("div", { class: "muted" }, t("canteen_delivered_at", { when: time(o.delivered_at) })));
    }
    return item;
  }

  // --- ordering: the week's menu, then a resident (found by name, or one's own record) and a day.
  async function loadMenu() {
    const menu = await api(`/api/v1/canteen/menu?from=${today}&days=7`).catch(() => []);
    $("c-menu").replaceChildren(...(menu.length ? menu.slice(0, 2).map((m) =>
      el("p", {}, el("b", {}, m.day === today ? t("today") : m.day), " ", t("meal_" + m.meal), "：", m.dishes.join("、"))) : []));
    if (account.role === "resident") {
      $("c-find").hidden = true;
      const mine = await api("/api/v1/me/residents");
      $("c-diners").replaceChildren(...(mine.length ? mine.map(diner) : [GH.empty(t("canteen_not_linked"))]));
    }
  }

  $("c-find").addEventListener("submit", async (e) => {
    e.preventDefault();
    const q = new FormData(e.target).get("q").trim();
    if (!q) return;
    const found = await api("/api/v1/residents?limit=20&q=" + encodeURIComponent(q));
    $("c-diners").replaceChildren(...(found.length ? found.map(diner) : [GH.empty(t("registry_none"))]));
  });

  function diner(r) {
    const day = el("select", { name: "day", "aria-label": t("canteen_day") },
      el("option", { value: today }, t("today")), el("option", { value: tomorrow }, t("tomorrow")));
    const delivery = el("input", { type: "checkbox", name: "delivery" });
    const order = el("button", { type: "button", class: "primary order" }, t("canteen_order_button"));
    const card = el("li", { class: "card diner", "data-resident": r.id },
      el("div", {}, el("b", {}, r.name), " ", el("span", { class: "muted" }, r.address || "")),
      el("div", { class: "actions" }, day, el("label", { class: "check" }, delivery, t("canteen_delivery")), order));
    order.addEventListener("click", async () => {
      try {
        const o = await api("/api/v1/canteen/orders", { body: { resident_id: r.id, day: day.value, meal: "lunch", delivery: delivery.checked } });
        card.append(el("p", { class: "receipt" }, t("canteen_ordered", { price: yuan(o.price_fen), subsidy: yuan(o.standard_fen - o.price_fen) })));
      } catch (e) { GH.toast(e.message, true); }
    });
    return card;
  }

  async function loadCounts() {
    const counts = await api(`/api/v1/canteen/counts?day=${today}`);
    $("c-table").replaceChildren(...(counts.length ? counts.map((c) => el("table", {},
      el("caption", {}, `${c.day} ${t("meal_" + c.meal)}`),
      ...[["canteen_c_ordered", c.ordered], ["canteen_c_eat_in", c.eat_in], ["canteen_c_delivery", c.delivery],
        ["canteen_c_delivered", c.delivered], ["canteen_c_missed", c.missed], ["canteen_c_paid", yuan(c.paid_fen)],
        ["canteen_c_subsidy", yuan(c.subsidy_fen)]].map(([k, v]) => el("tr", {}, el("th", {}, t(k)), el("td", {}, String(v)))))) : [GH.empty(t("canteen_no_orders"))]));
  }

  $("tab-deliver").hidden = !delivers;
  $("tab-counts").hidden = !delivers;
  showTab(delivers ? "deliver" : "order");
})().catch((e) => { if (e.message !== "signed out" && e.message !== "wrong page") GH.toast(e.message, true); });

// GridHub screens: the shared part. Plain JavaScript, no build step, no external URL.
// Everything a user wrote is put on the page as text nodes (never parsed as markup), so a report
// titled <script> shows as text.
"use strict";

const GH = (() => {
  const page = document.body.dataset;
  const T = JSON.parse(document.getElementById("gh-text").textContent);
  const WORKFLOW = JSON.parse(document.getElementById("gh-workflow").textContent);
  const store = window.localStorage;

  /** The page's words in the chosen language, with {name} filled in. */
  function t(key, values) {
    let s = T[key] ?? key;
    for (const [k, v] of Object.entries(values || {})) s = s.replaceAll(`{${k}}`, String(v));
    return s;
  }

  /** Builds an element: el("div", {class: "x", onclick: f}, child, "text", …). Text is always text. */
  function el(tag, attrs, ...children) {
    const e = document.createElementNS(
      ["svg", "path", "circle", "polygon", "polyline", "text", "g", "rect", "line"].includes(tag)
        ? "http://www.w3.org/2000/svg" : "http://www.w3.org/1999/xhtml", tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  // --- session: tokens in localStorage, refreshed once on a 401, else back to sign-in with the page kept.
  const session = {
    get access() { return store.getItem("gh.access"); },
    get refresh() { return store.getItem("gh.refresh"); },
    get account() { try { return JSON.parse(store.getItem("gh.account")); } catch { return null; } },
    save(pair) {
      store.setItem("gh.access", pair.access_token);
      store.setItem("gh.refresh", pair.refresh_token);
      store.setItem("gh.account", JSON.stringify(pair.account));
    },
    clear() { ["gh.access", "gh.refresh", "gh.account"].forEach((k) => store.removeItem(k)); },
  };

  function toSignIn() {
    const next = location.pathname + location.search + location.hash;
    location.href = "/login?next=" + encodeURIComponent(next);
  }

  // A refresh token works once (a second use revokes the whole session), so calls that meet a 401
  // together share one refresh.
  let refreshing = null;
  function refreshOnce() {
    refreshing ??= (async () => {
      if (!session.refresh) return false;
      const r = await fetch("/api/v1/auth/refresh", {
        method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ refresh_token: session.refresh }),
      });
      if (!r.ok) return false;
      session.save(await r.json());
      return true;
    })().finally(() => { refreshing = null; });
    return refreshing;
  }

  /** Calls the API. JSON bodies or FormData; a 401 refreshes once, then sends you to sign in. */
  async function api(path, options = {}) {
    const send = () => {
      const headers = Object.assign({}, options.headers);
      if (session.access && !options.anonymous) headers.authorization = "Bearer " + session.access;
      let body = options.body;
      if (body && !(body instanceof FormData)) { headers["content-type"] = "application/json"; body = JSON.stringify(body); }
      return fetch(path, { method: options.method || (body ? "POST" : "GET"), headers, body });
    };
    let r = await send();
    if (r.status === 401 && !options.anonymous) {
      if (await refreshOnce()) r = await send();
      if (r.status === 401) { session.clear(); toSignIn(); throw new Error(t("session_expired")); }
    }
    const text = await r.text();
    const data = text ? JSON.parse(text) : null;
    if (!r.ok) { const e = new Error((data && data.message) || r.statusText); e.status = r.status; e.code = data && data.error; throw e; }
    return data;
  }

  /** Pages for signed-in people call this first; it answers the account or goes to sign-in. */
  function requireSignIn(roles) {
    const account = session.account;
    if (!session.access || !account) { toSignIn(); throw new Error("signed out"); }
    if (roles && !roles.includes(account.role)) { location.href = home(account.role); throw new Error("wrong page"); }
    const who = document.getElementById("gh-who");
    if (who) who.textContent = `${account.display_name} · ${t("role_" + account.role)}`;
    return account;
  }

  function home(role) {
    return ({ command_centre: "/centre", leader: "/centre", grid_worker: "/worker", community_staff: "/worker",
      department_handler: "/department", enforcement_team: "/department", building_head: "/registry", unit_head: "/registry",
      canteen_staff: "/canteen" })[role] || "/report";
  }

  async function signOut() {
    const refresh = session.refresh;
    session.clear();
    if (refresh) {
      await fetch("/api/v1/auth/logout", { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ refresh_token: refresh }) }).catch(() => {});
    }
    location.href = "/login";
  }

  // --- words for the domain
  const STATE_COLOURS = {
    reported: "#d93025", verifying: "#e8710a", accepted: "#f9ab00", dispatched: "#1a73e8", in_progress: "#4285f4",
    handled: "#12b5cb", checking: "#9334e6", closed: "#1e8e3e", rework: "#795548", returned: "#a142f4",
    rejected: "#80868b", merged: "#9aa0a6", self_handled: "#188038",
  };
  const stateName = (s) => t("state_" + s);
  const actionName = (a) => t("action_" + a);

  function time(iso) {
    if (!iso) return "—";
    const d = new Date(iso);
    return d.toLocaleString(page.lang === "en" ? "en-GB" : "zh-CN", { timeZone: "Asia/Shanghai", hour12: false,
      month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  }

  /** "还剩 3 小时 20 分" / "已超时 40 分" for a due time. */
  function countdown(iso) {
    if (!iso) return "";
    const ms = new Date(iso) - Date.now();
    const m = Math.round(Math.abs(ms) / 60000);
    const text = m >= 2880 ? t("days_hours", { d: Math.floor(m / 1440), h: Math.floor((m % 1440) / 60) })
      : m >= 60 ? t("hours_minutes", { h: Math.floor(m / 60), m: m % 60 }) : t("minutes", { m });
    return ms >= 0 ? t("left", { d: text }) : t("over", { d: text });
  }

  function badge(state) {
    return el("span", { class: "badge", style: `background:${STATE_COLOURS[state] || "#666"}` }, stateName(state));
  }

  function empty(text) { return el("p", { class: "empty" }, text); }

  function toast(text, bad) {
    const box = el("div", { class: "toast" + (bad ? " bad" : ""), role: "status" }, text);
    document.body.append(box);
    setTimeout(() => box.remove(), 4000);
  }

  /** One action's button, with what the workflow's own rules say it needs: a reason, a photo. `options.extra`
   *  adds fields (the departments of a whistle); `options.photo` offers an optional photo (a worker's feedback). */
  function actionForm(caseItem, action, done, options = {}) {
    const rule = WORKFLOW[action] || {};
    const note = rule.needs_reason ? el("input", { type: "text", name: "note", placeholder: t("reason_required"), "data-action-note": action }) : null;
    const photo = rule.needs_photo || options.photo
      ? el("input", { type: "file", accept: "image/*", capture: "environment", multiple: true, "data-action-photo": action }) : null;
    const button = el("button", { class: "action", "data-action": action, onclick: async () => {
      if (note && !note.value.trim()) { note.focus(); return toast(t("reason_required"), true); }
      if (rule.needs_photo && !photo.files.length) { return toast(t("photo_required"), true); }
      button.disabled = true;
      try {
        let body = Object.assign({ action }, note ? { note: note.value.trim() } : {}, options.extra ? options.extra() : {});
        if (photo && photo.files.length) {
          const form = new FormData();
          for (const [k, v] of Object.entries(body)) form.append(k, v);
          for (const f of photo.files) form.append("photos", f, f.name);
          body = form;
        }
        const updated = await api(`/api/v1/cases/${caseItem.id}/actions`, { body });
        toast(t("done_action", { action: actionName(action) }));
        done(updated);
      } catch (e) { toast(e.message, true); button.disabled = false; }
    } }, actionName(action));
    return el("div", { class: "action-form" }, button, note, photo);
  }

  function setLanguage(lang) {
    document.cookie = `gh_lang=${lang}; path=/; max-age=31536000; samesite=lax`;
    location.reload();
  }

  document.addEventListener("DOMContentLoaded", () => {
    const out = document.getElementById("gh-signout");
    if (out) out.addEventListener("click", signOut);
    const account = session.access ? session.account : null;
    out.hidden = !account;
    document.getElementById("gh-signin").hidden = !!account;
    for (const a of document.querySelectorAll("nav [data-roles]")) a.hidden = !account || !a.dataset.roles.split(" ").includes(account.role);
    for (const b of document.querySelectorAll("button[data-lang]")) b.addEventListener("click", () => setLanguage(b.dataset.lang));
  });

  return { t, el, api, session, requireSignIn, home, signOut, badge, time, countdown, empty, toast, actionForm,
    stateName, actionName, STATE_COLOURS, WORKFLOW, lang: page.lang };
})();

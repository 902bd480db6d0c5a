// Sign in, then go back to the page you came from, or to your role's home.
"use strict";

document.getElementById("login-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  const error = document.getElementById("login-error");
  error.textContent = "";
  try {
    const pair = await GH.api("/api/v1/auth/login", { anonymous: true,
      body: { username: f.elements.username.value.trim(), password: f.elements.password.value } });
    GH.session.save(pair);
    // The owner, and only the owner, hears of a lock that wrong guesses caused.
    if (pair.locked_at) alert(GH.t("locked_notice", { time: GH.time(pair.locked_at) }));
    const next = new URLSearchParams(location.search).get("next");
    location.href = next && next.startsWith("/") && !next.startsWith("//") ? next : GH.home(pair.account.role);
  } catch (e) {
    error.textContent = e.message;
  }
});

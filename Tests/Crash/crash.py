"""Crash and restart lose nothing acknowledged.

Round after round: start `gridhub serve`, send JSON and photo reports from several threads, each
with its own Idempotency-Key, and SIGKILL the server while they are in flight. After a restart every
report that got a 2xx must be there — its case, its first timeline event, its photo's bytes — and
retrying its key must replay the first answer. At the end SQLite's integrity check must say ok.
Then the operator's commands: a second server on the same port, backup while serving, restore, audit.
"""
import hashlib
import os
import signal
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import uuid
import zlib

import requests

BIN, WORK, PORT, ROUNDS = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
DATA = os.path.join(WORK, "data")
BASE = f"http://127.0.0.1:{PORT}"
CENTRE = (43.8754, 125.3012)  # inside the demo street
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print(f"FAIL {what}", flush=True)


def png(seed):
    """A small real PNG whose pixels depend on `seed`, so every photo is new."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes((seed * 7 + x * 13 + y) % 256 for x in range(24)) for y in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def start(demo=False):
    log = open(os.path.join(WORK, "server.log"), "a")
    args = [BIN, "serve", "--data", DATA, "--port", str(PORT)] + (["--demo"] if demo else [])
    proc = subprocess.Popen(args, stdout=log, stderr=log)
    for _ in range(1200):  # the demo seeds its street and its register first
        try:
            if requests.get(BASE + "/healthz", timeout=1).ok:
                return proc
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            raise SystemExit("gridhub did not start:\n" + open(os.path.join(WORK, "server.log")).read()[-3000:])
        time.sleep(0.25)
    raise SystemExit("gridhub did not answer /healthz")


def token(username="jumin01"):
    r = requests.post(BASE + "/api/v1/auth/login", json={"username": username, "password": "gridhub-demo"}, timeout=10)
    r.raise_for_status()
    return r.json()["access_token"]


def reporter(n, auth, acked, stop, lock):
    i = 0
    while not stop.is_set():
        key = str(uuid.uuid4())
        lat, lon = CENTRE[0] + (n * 37 + i) % 90 * 0.00005, CENTRE[1] + (i % 11) * 0.0004
        photo = png(n * 10_000 + i) if i % 2 else None
        try:
            if photo:
                r = requests.post(BASE + "/api/v1/reports", headers={"Authorization": auth, "Idempotency-Key": key},
                                  data={"lat": lat, "lon": lon, "text": f"崩溃测试{n}-{i}", "description": "crash"},
                                  files={"photos": ("p.png", photo, "image/png")}, timeout=10)
            else:
                r = requests.post(BASE + "/api/v1/reports", headers={"Authorization": auth, "Idempotency-Key": key},
                                  json={"lat": lat, "lon": lon, "text": f"崩溃测试{n}-{i}", "description": "crash"}, timeout=10)
            if 200 <= r.status_code < 300:
                with lock:
                    acked.append((key, r.json(), photo, lat, lon, n, i))
            elif r.status_code < 500 and r.status_code != 429:
                check(False, f"report answered {r.status_code}: {r.text[:200]}")
        except requests.RequestException:
            pass  # the server died under it: not acknowledged, nothing to check
        i += 1


def verify(acked, auth):
    for key, first, photo, lat, lon, n, i in acked:
        case_id = first["case_id"]
        c = requests.get(f"{BASE}/api/v1/cases/{case_id}", headers={"Authorization": auth}, timeout=10)
        check(c.ok and c.json()["tracking_number"] == first["tracking_number"], f"case {first['tracking_number']} is there")
        timeline = requests.get(f"{BASE}/api/v1/cases/{case_id}/timeline", headers={"Authorization": auth}, timeout=10)
        check(timeline.ok and timeline.json() and timeline.json()[0]["kind"] == "reported", f"timeline of {case_id} starts")
        if photo:
            sha = hashlib.sha256(photo).hexdigest()
            p = requests.get(f"{BASE}/api/v1/photos/{sha}", timeout=10)
            check(p.ok and p.content == photo, f"photo {sha[:12]} of case {case_id} has its bytes")
        again = requests.post(BASE + "/api/v1/reports", headers={"Authorization": auth, "Idempotency-Key": key},
                              data={"lat": lat, "lon": lon, "text": f"崩溃测试{n}-{i}", "description": "crash"},
                              files={"photos": ("p.png", photo, "image/png")} if photo else None, timeout=10) if photo else \
            requests.post(BASE + "/api/v1/reports", headers={"Authorization": auth, "Idempotency-Key": key},
                          json={"lat": lat, "lon": lon, "text": f"崩溃测试{n}-{i}", "description": "crash"}, timeout=10)
        check(again.headers.get("Idempotent-Replayed") == "true" and again.json().get("tracking_number") == first["tracking_number"],
              f"retrying {key[:8]} replays {first['tracking_number']}")


def rounds():
    started = time.time()
    proc = start(demo=True)
    total = 0
    for r in range(ROUNDS):
        auth = "Bearer " + token(f"jumin0{r % 9 + 1}")
        acked, stop, lock = [], threading.Event(), threading.Lock()
        threads = [threading.Thread(target=reporter, args=(n, auth, acked, stop, lock)) for n in range(6)]
        for t in threads:
            t.start()
        time.sleep(2.0 + r * 0.7)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        stop.set()
        for t in threads:
            t.join()
        proc = start()
        verify(acked, "Bearer " + token(f"jumin0{r % 9 + 1}"))
        total += len(acked)
        print(f"round {r + 1}: killed under load, {len(acked)} acknowledged reports all there after restart", flush=True)
    check(total > 0, "some reports were acknowledged")
    return proc, total, time.time() - started


def operator(proc):
    # A second server on the busy port says so and exits.
    second = subprocess.run([BIN, "serve", "--data", os.path.join(WORK, "other"), "--port", str(PORT)],
                            capture_output=True, text=True, timeout=60)
    check(second.returncode != 0 and f"Port {PORT}" in second.stderr and "in use" in second.stderr,
          f"a second server on port {PORT} is refused in words: {second.stderr[-300:]!r}")
    # Backup while serving and writing, then restore into an empty folder.
    auth = "Bearer " + token()
    stop = threading.Event()
    writer = threading.Thread(target=reporter, args=(99, auth, [], stop, threading.Lock()))
    writer.start()
    backup = os.path.join(WORK, "backup")
    made = subprocess.run([BIN, "backup", "--data", DATA, "--out", backup], capture_output=True, text=True, timeout=120)
    stop.set()
    writer.join()
    check(made.returncode == 0 and "photos" in made.stdout, f"backup while serving: {made.stdout}{made.stderr[-300:]}")
    restored = os.path.join(WORK, "restored")
    back = subprocess.run([BIN, "restore", "--data", restored, "--from", backup], capture_output=True, text=True, timeout=120)
    check(back.returncode == 0, f"restore: {back.stdout}{back.stderr[-300:]}")
    db = sqlite3.connect(os.path.join(restored, "gridhub.sqlite"))
    check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "the restored database is intact")
    check(db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] > 0, "the restored database holds the cases")
    db.close()
    # The audit trail shows the sign-ins and the backup.
    audit = subprocess.run([BIN, "audit", "--data", DATA, "--since", "1h"], capture_output=True, text=True, timeout=60)
    check(audit.returncode == 0 and "auth.sign_in" in audit.stdout and "data.backup" in audit.stdout,
          f"gridhub audit lists sign-ins and the backup: {audit.stdout[-300:]}{audit.stderr[-300:]}")
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    db = sqlite3.connect(os.path.join(DATA, "gridhub.sqlite"))
    check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check after the crashes is ok")
    db.close()


proc, total, seconds = rounds()
operator(proc)
print(f"crash test: {ROUNDS} SIGKILL rounds, {total} acknowledged reports verified in {seconds:.0f} s; "
      f"{len(failures)} failed", flush=True)
sys.exit(1 if failures else 0)

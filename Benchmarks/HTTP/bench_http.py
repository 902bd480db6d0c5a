"""GridHub's HTTP load benchmark (issues 7, 20): generate a city's year of cases, start `gridhub serve`
on a temporary folder, and measure each endpoint with wrk at 32 connections — throughput, p50/p99 and
the ratio to /healthz measured in the same run — plus start-up time to the first 200 and peak RSS.

With --database postgres://…, the city lives in that PostgreSQL database (generated there with COPY
when it is empty, reused when it already holds the cases asked for) and --instances servers share it,
wrk's threads dealt to them in turn.

Run through scripts/bench-http, which builds release and sets up Python; see BENCHMARKS.md.
"""

import argparse
import datetime
import io
import json
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from section import write_section  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PASSWORD = "gridhub-demo"
# The demo street's box (DemoStreet: 1,600 m × 1,231 m around 43.88 N, 125.31 E); street k of the
# generated city sits k % 15 boxes east and k // 15 boxes north (ScaleCity).
STREET_HEIGHT = 1_231 / 111_320.0
STREET_WIDTH = 1_600 / (111_320.0 * 0.720_437)  # cos(43.88°)
SOUTH, WEST = 43.88 - STREET_HEIGHT / 2, 125.31 - STREET_WIDTH / 2
CLASSES = ["E0101", "E0502", "C0102", "C0101", "E0404", "E0301", "E0504", "E0201", "E0109", "C0113", "E0111", "C0201"]


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--binary", required=True, help="the gridhub executable to measure")
    p.add_argument("--cases", type=int, default=1_000_000)
    p.add_argument("--duration", type=int, default=10, help="seconds of load per endpoint")
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--out", help="write the results into this Markdown file's HTTP section")
    p.add_argument("--command", default="scripts/bench-http", help="the command line to quote in the report")
    p.add_argument("--database", help="a PostgreSQL URL: measure the city there instead of SQLite")
    p.add_argument("--instances", type=int, help="gridhub serve instances sharing the database (default 2 on PostgreSQL)")
    p.add_argument("--data", help="the data folder (keys, photos); on PostgreSQL it stays beside the database "
                                  "(default: gridhub-bench-<database name> in the temporary folder), since its keys "
                                  "unlock the city's sealed data when it is reused")
    args = p.parse_args()
    args.instances = args.instances or (2 if args.database else 1)
    if args.instances > 1 and not args.database:
        p.error("several instances need a shared --database")

    work = tempfile.mkdtemp(prefix="gridhub-bench-")
    try:
        results = run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = render(args, results)
    print(report)
    if args.out:
        write_section(args.out, "bench-http-postgres" if args.database else "bench-http", report)
    failures = [r["name"] for r in results["rows"] if r["status_errors"] or r["socket_errors"] or not r["requests"]]
    if failures:
        sys.exit(f"bench-http: errors or no answers from: {', '.join(failures)}")


def run(args, work):
    data = args.data or os.path.join(work, "data")
    if args.database and not args.data:
        data = os.path.join(tempfile.gettempdir(), "gridhub-bench-" + re.sub(r"\W", "-", args.database.rsplit("/", 1)[-1]))
    database = ["--database", args.database] if args.database else []
    existing = city_size(args.database) if args.database else None
    if existing and existing["cases"] >= args.cases:
        generation = dict(existing, reused=True)
    elif existing and existing["cases"] > 0:
        sys.exit(f"bench-http: {redact(args.database)} holds {existing['cases']:,} cases, fewer than the "
                 f"{args.cases:,} asked for; give an empty database (it is generated there) or a full one (reused)")
    else:
        generation = generate(args, data, database)

    # Instances share the signing key (a token from one is good on the other) and the data folder.
    env = dict(os.environ, GRIDHUB_JWT_SECRET=os.urandom(32).hex())
    ports = [free_port() for _ in range(args.instances)]
    log = open(os.path.join(work, "serve.log"), "w")
    servers, startups = [], []
    try:
        for port in ports:
            t0 = time.monotonic()
            servers.append(subprocess.Popen(
                [args.binary, "serve", "--data", data, "--port", str(port)] + database, stdout=log, stderr=log, env=env))
            startups.append(wait_ready(f"http://127.0.0.1:{port}", t0, servers[-1]))
        rows = measure(args, ports, work, generation["streets"])
        rss_kib = max(peak_rss_kib(server.pid) for server in servers)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    return {"generation": generation, "startup_s": max(startups), "rss_mib": rss_kib / 1024, "rows": rows}


def generate(args, data, database):
    started = time.monotonic()
    out = subprocess.run(
        [args.binary, "demo", "--data", data, "--scale", str(args.cases)] + database,
        check=True, capture_output=True, text=True).stdout
    generation = {"seconds": time.monotonic() - started, "output": out.strip(), "reused": False}
    m = re.search(r"generated: (\d+) cases with (\d+) timeline events in ([\d.]+) s \((\d+) cases/s\); (\d+) streets, "
                  r"(\d+) grids \(their organisation and staff written in ([\d.]+) s\); "
                  r"the indicator totals built in ([\d.]+) s", out)
    if not m:
        sys.exit(f"bench-http: unexpected output from gridhub demo:\n{out}")
    generation.update(cases=int(m[1]), events=int(m[2]), case_seconds=float(m[3]), rate=int(m[4]), streets=int(m[5]),
                      grids=int(m[6]), street_seconds=float(m[7]), indicator_seconds=float(m[8]))
    return generation


def city_size(url):
    """What a PostgreSQL database already holds (psql comes with scripts/pg-cluster): None when empty."""
    query = ("SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM case_events), (SELECT count(*) FROM streets), "
             "(SELECT count(*) FROM grids)")
    out = subprocess.run(["psql", url, "-tAc", query], capture_output=True, text=True)
    if out.returncode != 0:
        if "does not exist" in out.stderr:
            return None  # not migrated yet: an empty database
        sys.exit(f"bench-http: cannot read {redact(url)}: {out.stderr.strip()}")
    cases, events, streets, grids = (int(n) for n in out.stdout.strip().split("|"))
    return {"cases": cases, "events": events, "streets": streets, "grids": grids}


def redact(url):
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


def measure(args, ports, work, streets):
    base = f"http://127.0.0.1:{ports[0]}"
    centre = login(base, "zhihui")
    residents = [login(base, f"jumin{n:02d}") for n in range(1, 31)]
    demo_street = next(s for s in get(base, "/api/v1/streets", centre) if s["code"] == "220104001")
    department, department_token = busiest_department(base, centre)
    cases = get(base, "/api/v1/cases?limit=200", centre)["items"]

    rng = random.Random(7)
    points = [city_point(rng, streets) for _ in range(2_000)]
    files = {
        "points": write_lines(work, "points", (f"{lat:.6f},{lon:.6f}" for lat, lon in points)),
        "classes": write_lines(work, "classes", CLASSES),
        "residents": write_lines(work, "residents", residents),
        "centre": write_lines(work, "centre", [centre]),
        "department": write_lines(work, "department", [department_token]),
    }
    photo, offset = make_photo(work)
    year_ago = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ")
    patrols = start_patrols(base)
    endpoints = [
        ("GET /healthz", {"paths": ["/healthz"]}),
        ("report intake, JSON (POST /api/v1/reports)", {"body": "report", "tokens": files["residents"]}),
        ("report intake with one 200 KB JPEG (multipart)",
         {"body": "photo", "tokens": files["residents"], "photo": (photo, offset)}),
        ("grid locate among the city's grids", {"paths": [f"/api/v1/grids/locate?lat={a:.6f}&lon={o:.6f}" for a, o in points]}),
        (f"department task queue, page of 50 ({department}, queue=handle, soonest due first)",
         {"paths": ["/api/v1/tasks?queue=handle&limit=50"], "tokens": files["department"]}),
        ("one case (GET /api/v1/cases/{id})",
         {"paths": [f"/api/v1/cases/{c['id']}" for c in cases], "tokens": files["centre"]}),
        ("its timeline (GET /api/v1/cases/{id}/timeline)",
         {"paths": [f"/api/v1/cases/{c['id']}/timeline" for c in cases], "tokens": files["centre"]}),
        ("street indicators, last 30 days",
         {"paths": [f"/api/v1/indicators?level=street&id={demo_street['id']}"], "tokens": files["centre"]}),
        ("street indicators, last 365 days",
         {"paths": [f"/api/v1/indicators?level=street&id={demo_street['id']}&from={year_ago}"], "tokens": files["centre"]}),
        (f"patrol fix ingest, batches of {FIXES_A_BATCH} (POST /api/v1/patrols/{{id}}/fixes, {len(patrols)} patrols)",
         {"body": "fixes", "patrols": write_lines(work, "patrols", patrols)}),
    ]
    rows = []
    for name, spec in endpoints:
        env = dict(os.environ)
        if "paths" in spec:
            env["BENCH_PATHS"] = write_lines(work, "paths", spec["paths"])
        env["BENCH_TOKENS"] = spec.get("tokens", "")
        env["BENCH_BODY"] = spec.get("body", "")
        env["BENCH_POINTS"], env["BENCH_CLASSES"] = files["points"], files["classes"]
        env["BENCH_PORTS"] = ",".join(str(p) for p in ports) if len(ports) > 1 else ""
        if "patrols" in spec:
            env["BENCH_PATROLS"] = spec["patrols"]
        if "photo" in spec:
            env["BENCH_PHOTO"], env["BENCH_PHOTO_OFFSET"] = spec["photo"][0], str(spec["photo"][1])
        wrk(args, base, env, work, seconds=1)  # warm-up, not counted
        result = wrk(args, base, env, work, seconds=args.duration)
        result["name"] = name
        result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
        if spec.get("body") == "fixes":
            result["fixes_per_s"] = result["rps"] * FIXES_A_BATCH
        rows.append(result)
        print(f"  {name}: {result['rps']:.0f}/s p50 {result['p50_us'] / 1000:.2f} ms p99 {result['p99_us'] / 1000:.2f} ms"
              f" errors {result['status_errors']}+{result['socket_errors']}", file=sys.stderr)
    return rows


def wrk(args, base, env, work, seconds):
    env["BENCH_OUT"] = os.path.join(work, "wrk.json")
    env["BENCH_THREADS"] = "2"
    env["BENCH_RUN"] = str(time.time_ns())
    subprocess.run(
        ["wrk", f"-t{env['BENCH_THREADS']}", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "10s", "-s",
         os.path.join(HERE, "load.lua"), base],
        check=True, env=env, stdout=subprocess.DEVNULL)
    with open(env["BENCH_OUT"]) as f:
        return json.load(f)


FIXES_A_BATCH = 500  # load.lua's FIXES


def start_patrols(base):
    """A running patrol for each of the demo street's grid workers: "token id start-millis" lines."""
    lines = []
    for n in range(1, 49):
        token = login(base, f"wgy{n:02d}")
        req = urllib.request.Request(base + "/api/v1/patrols", b"{}", {
            "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req) as r:
                patrol = json.load(r)
        except urllib.error.HTTPError as e:
            if e.code != 409:
                raise
            # One already running (the demo's patrols include today's): it is the one to feed.
            patrol = next((p for p in get(base, "/api/v1/patrols?limit=5", token) if p["running"]), None)
            if patrol is None:
                continue
        started = datetime.datetime.fromisoformat(patrol["started_at"].replace("Z", "+00:00"))
        lines.append(f"{token} {patrol['id']} {int(started.timestamp() * 1000)}")
    return lines


def busiest_department(base, centre):
    """The demo street's department with the most cases to handle: the longest real queue."""
    best = None
    for d in get(base, "/api/v1/departments", centre):
        token = login(base, f"bm-{d['code'].lower()}")
        total = get(base, "/api/v1/tasks?queue=handle&limit=1", token)["total"]
        if best is None or total > best[0]:
            best = (total, f"{d['name']}, {total:,} cases in it", token)
    return best[1], best[2]


def city_point(rng, streets):
    k = rng.randrange(streets)
    return (SOUTH + (k // 15 + 0.02 + 0.96 * rng.random()) * STREET_HEIGHT,
            WEST + (k % 15 + 0.02 + 0.96 * rng.random()) * STREET_WIDTH)


def make_photo(work):
    """A 200 KB phone-like JPEG with EXIF (camera, GPS) for the server to strip; and an offset in the
    middle of its scan data where each request writes 16 digits of its own."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(11)
    image = Image.new("RGB", (1280, 960), (120, 130, 140))
    draw = ImageDraw.Draw(image)
    for _ in range(4_000):
        x, y = rng.randrange(1280), rng.randrange(960)
        draw.rectangle([x, y, x + rng.randrange(4, 40), y + rng.randrange(4, 40)],
                       fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    exif = image.getexif()
    exif[0x010F], exif[0x0110] = "GridHub", "bench phone"
    exif.get_ifd(0x8825).update({1: "N", 2: (43.0, 52.0, 48.0), 3: "E", 4: (125.0, 18.0, 36.0)})
    quality, data = 95, b""
    while quality > 10:
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=quality, exif=exif)
        data = buf.getvalue()
        if len(data) <= 210_000:
            break
        quality -= 5
    sos = data.index(b"\xff\xda")
    scan = sos + 2 + int.from_bytes(data[sos + 2:sos + 4], "big")
    path = os.path.join(work, "photo.jpg")
    with open(path, "wb") as f:
        f.write(data)
    return path, scan + (len(data) - scan) // 2


def wait_ready(base, t0, server):
    while time.monotonic() - t0 < 60:
        if server.poll() is not None:
            sys.exit("bench-http: gridhub serve exited while starting")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as r:
                if r.status == 200:
                    return time.monotonic() - t0
        except OSError:
            time.sleep(0.005)
    sys.exit("bench-http: gridhub serve did not answer within 60 s")


def login(base, username):
    body = json.dumps({"username": username, "password": PASSWORD}).encode()
    req = urllib.request.Request(base + "/api/v1/auth/login", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)["access_token"]


def get(base, path, token):
    req = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def write_lines(work, name, lines):
    path = os.path.join(work, f"{name}-{time.monotonic_ns()}.txt")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmHWM:\s+(\d+) kB", f.read())[1])


def machine():
    cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read())
    mem = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read())[1]) / 1024 / 1024
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return (f"{os.cpu_count()} cores ({cpu[1] if cpu else platform.processor()}), {mem:.0f} GiB, "
            f"Linux {platform.release()}, {swift[0] if swift else 'swift ?'}")


# The budget of issue 20, per engine: rows (row prefix, minimum ratio to /healthz, maximum p99 in ms),
# fix ingest (fixes/s), start-up (s).
BUDGETS = {
    "sqlite": {
        "rows": [
            ("report intake, JSON", 0.30, 20),
            ("grid locate", 0.50, None),
            ("department task queue", 0.40, 10),
            ("one case", 0.40, 10),
            ("its timeline", 0.40, 10),
            ("street indicators", None, 20),
        ],
        "fixes": 50_000, "startup_s": 1,
    },
    "postgres": {
        "rows": [
            ("report intake, JSON", 0.15, 30),
            ("department task queue", 0.25, 15),
            ("one case", 0.25, 15),
            ("its timeline", 0.25, 15),
            ("street indicators", None, 30),
        ],
        "fixes": 20_000, "startup_s": 2,
    },
}


def verdict(row, ceiling, budget):
    if "fixes_per_s" in row:
        rate, target = row["fixes_per_s"], budget["fixes"]
        return (f"≥ {target:,} fixes/s",
                f"{rate:,.0f} fixes/s, " + ("met" if rate >= target else "**missed**"))
    for prefix, ratio, p99 in budget["rows"]:
        if row["name"].startswith(prefix):
            misses = []
            if ratio is not None and row["rps"] / ceiling < ratio:
                misses.append(f"< {ratio:.0%} of /healthz")
            if p99 is not None and row["p99_us"] / 1000 > p99:
                misses.append(f"p99 > {p99} ms")
            targets = " and ".join(
                ([f"≥ {ratio:.0%}"] if ratio is not None else []) + ([f"p99 ≤ {p99} ms"] if p99 is not None else []))
            return targets, ("**missed**: " + ", ".join(misses)) if misses else "met"
    return "", ""


def render(args, results):
    g = results["generation"]
    rows = results["rows"]
    ceiling = rows[0]["rps"]
    budget = BUDGETS["postgres" if args.database else "sqlite"]
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    servers = (f"{args.instances} `gridhub serve` instances sharing PostgreSQL {postgres_version(args.database)} "
               f"(wrk's threads dealt to them in turn), PostgreSQL and wrk" if args.database else "server and wrk")
    out = [
        f"Measured {now} on {machine()}.",
        f"Command: `{args.command}` ({args.cases:,} cases, wrk -t2 -c{args.connections}, "
        f"{args.duration} s an endpoint after a 1 s warm-up, {servers} on the same 2 cores).",
        "",
        dataset_line(args, g),
        "",
        "| endpoint | requests/s | ratio to /healthz | p50 ms | p99 ms | target | result |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for r in rows:
        target, result = verdict(r, ceiling, budget)
        out.append(
            f"| {r['name']} | {r['rps']:,.0f} | {r['rps'] / ceiling:.0%} | {r['p50_us'] / 1000:.2f} | "
            f"{r['p99_us'] / 1000:.2f} | {target} | {result} |")
    startup, rss, most = results["startup_s"], results["rss_mib"], budget["startup_s"]
    each = " (each instance)" if args.instances > 1 else ""
    out += [
        f"| start-up to the first 200{each} | | | | | ≤ {most} s | {startup:.2f} s, "
        f"{'met' if startup <= most else '**missed**'} |",
        f"| peak RSS of the server{each}, whole run | | | | | ≤ 300 MB | {rss:.0f} MiB, "
        f"{'met' if rss * 1.048576 <= 300 else '**missed**'} |",
    ]
    return "\n".join(out)


def dataset_line(args, g):
    city = f"{g['cases']:,} cases with {g['events']:,} timeline events across {g['streets']} streets and {g['grids']:,} grids"
    if g.get("reused"):
        return (f"Dataset: the city already in the database — {city} — generated there earlier by "
                f"`gridhub demo --database … --scale {args.cases}` (see the analysis below for its time).")
    engine = "PostgreSQL (COPY, secondary indexes built after the rows)" if args.database else "SQLite"
    target = "" if args.database else f"target ≥ 10,000: {'met' if g['rate'] >= 10_000 else '**missed**'}; "
    return (f"Dataset: `gridhub demo --scale {args.cases}` wrote {city} in {g['case_seconds']:.1f} s: "
            f"**{g['rate']:,} cases/s** into {engine} ({target}the indicator totals {g['indicator_seconds']:.1f} s of "
            f"it; the streets' organisation and staff took {g['street_seconds']:.1f} s more; the whole command, demo "
            f"street included, {g['seconds']:.1f} s).")


def postgres_version(url):
    out = subprocess.run(["psql", url, "-tAc", "SHOW server_version"], capture_output=True, text=True)
    return out.stdout.strip().split(" ")[0] if out.returncode == 0 else "?"


if __name__ == "__main__":
    main()

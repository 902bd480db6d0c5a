"""A grid worker's patrol in a real headless Chromium: positions from a faked geolocation, the
network dropped for part of the walk, and the whole track seen on the command centre's replay."""

import json
import math
import time
import urllib.request

from conftest import SCREENSHOTS, TIMINGS

WORKER = "wgy03"
GRID = "220104001001003"  # wgy03's grid


def api(base, path, token=None, body=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"content-type": "application/json",
                                              **({"authorization": "Bearer " + token} if token else {})})
    with urllib.request.urlopen(request, timeout=10) as r:
        return json.loads(r.read())


def token(base, username):
    return api(base, "/api/v1/auth/login", body={"username": username, "password": "gridhub-demo"})["access_token"]


def walk(centre, n, east=0.0):
    """The n-th point of a walk: three metres a second east from the grid's centre (plus an offset)."""
    lat, lon = centre
    metres = 3.0 * n + east
    return lat + 0.00002 * math.sin(n / 3), lon + metres / (111320 * math.cos(math.radians(lat)))


def test_patrol_offline_then_replayed(screens):
    phone = screens("patrol-phone", 360, 760)
    base = phone.base
    grid = next(f for f in api(base, "/api/v1/grids")["features"] if f["properties"]["code"] == GRID)
    ring = grid["geometry"]["coordinates"][0][:-1]
    centre = (sum(p[1] for p in ring) / len(ring), sum(p[0] for p in ring) / len(ring))
    driver = phone.driver
    driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": base, "permissions": ["geolocation"]})
    driver.execute_cdp_cmd("Network.enable", {})

    def at(point):
        driver.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": point[0], "longitude": point[1], "accuracy": 5})

    def network(offline):
        driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                               {"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})

    at(walk(centre, 0))
    phone.sign_in(WORKER, then="/patrol?every=1")
    phone.wait_for(lambda: phone.find("#p-toggle").is_enabled(), what="the patrol page ready")
    if phone.find("#p-toggle").text == "结束巡查":  # the demo may have this worker out already
        phone.click("#p-toggle")
        phone.wait_for(lambda: phone.find("#p-toggle").text == "开始巡查", what="the demo's patrol ended")
    phone.click("#p-toggle")
    phone.wait_for(lambda: "巡查中" in phone.find("#p-state").text, what="patrol running")
    began = time.time()
    for n in range(1, 9):
        at(walk(centre, n))
        time.sleep(1.1)
    network(True)
    for n in range(9, 19):
        at(walk(centre, n))
        time.sleep(1.1)
    phone.wait_for(lambda: "网络已断开" in phone.find("#p-sync").text, what="the page says it keeps fixes offline")
    if SCREENSHOTS:
        phone.shot(SCREENSHOTS, "patrol-offline")
    network(False)
    for n in range(19, 25):
        at(walk(centre, n))
        time.sleep(1.1)
    phone.wait_for(lambda: "轨迹已全部上传" in phone.find("#p-sync").text, seconds=20, what="the queue sent after the network returned")
    phone.click("#p-toggle")
    phone.wait_for(lambda: "上次巡查" in phone.find("#p-state").text, what="patrol ended")
    TIMINGS["patrol walked, offline for ten fixes, and sent"] = time.time() - began

    # Every fix arrived, the offline ones included: the track reaches the walk's far end.
    worker = token(base, WORKER)
    patrol = api(base, f"/api/v1/patrols?worker={WORKER}&limit=1", worker)[0]
    assert patrol["running"] is False and patrol["fixes_raw"] >= 22, patrol
    assert patrol["fixes_kept"] == patrol["fixes_raw"]
    assert 50 <= patrol["distance_m"] <= 90, patrol["distance_m"]

    # The sheet of check-in codes for the worker's grid: one QR code a building.
    phone.go("/patrol-codes")
    phone.wait_for(lambda: len(phone.all("figure.code svg path")) > 3, what="check-in codes drawn")
    if SCREENSHOTS:
        phone.shot(SCREENSHOTS, "patrol-codes")

    centre_screen = screens("centre", 1920, 1080)
    centre_screen.sign_in("zhihui")
    centre_screen.wait(f"#assessment tr[data-worker={WORKER}] button.link")
    centre_screen.click(f"#assessment tr[data-worker={WORKER}] button.link")
    centre_screen.wait("#replay-map polyline.track")
    centre_screen.wait_for(lambda: f"{patrol['fixes_kept']}/{patrol['fixes_raw']}" in centre_screen.find("#replay-info").text,
                           what="the replay shows every fix")
    line = centre_screen.find("#replay-map polyline.track").get_attribute("points").split()
    assert len(line) >= 2
    # The slider walks the track: at its start the walked part is a single point.
    slider = centre_screen.find("#replay-slider")
    centre_screen.driver.execute_script("arguments[0].value = 0; arguments[0].dispatchEvent(new Event('input'))", slider)
    assert len(centre_screen.find("#replay-map polyline.walked").get_attribute("points").split()) == 1
    if SCREENSHOTS:
        centre_screen.driver.execute_script("document.getElementById('patrols').scrollIntoView()")
        centre_screen.shot(SCREENSHOTS, "centre-patrol-replay")

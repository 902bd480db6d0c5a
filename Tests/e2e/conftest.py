"""A real gridhub on a fresh data folder, and real headless Chromium windows driving it."""

import os
import shutil
import pathlib
import socket
import struct
import subprocess
import tempfile
import time
import urllib.request
import zlib

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = pathlib.Path(os.environ.get("GRIDHUB_E2E_ARTIFACTS", tempfile.gettempdir() + "/gridhub-e2e"))
SCREENSHOTS = os.environ.get("GRIDHUB_SCREENSHOTS")  # where the README's screenshots are written, when set
PASSWORD = "gridhub-demo"
_open_drivers = []
TIMINGS = {}  # what the tests measured, printed at the end of the run


def pytest_terminal_summary(terminalreporter):
    for name, seconds in TIMINGS.items():
        terminalreporter.write_line(f"measured: {name}: {seconds:.2f} s")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    binary = os.environ.get("GRIDHUB_BIN", str(ROOT / ".build/debug/gridhub"))
    data = tempfile.mkdtemp(prefix="gridhub-e2e-data-")
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(ARTIFACTS / "server.log", "w")
    process = subprocess.Popen([binary, "serve", "--data", data, "--demo", "--port", str(port)], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 300  # the demo seeds its register (34,000 residents) first
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("gridhub exited; see " + str(ARTIFACTS / "server.log"))
            time.sleep(0.3)
    yield base
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError("gridhub did not stop within 20 s of SIGTERM")
    finally:
        shutil.rmtree(data, ignore_errors=True)


class Screen:
    """One browser window: a person at a phone or at the command centre's wall screen."""

    def __init__(self, base, width, height, name):
        options = webdriver.ChromeOptions()
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN",
                    f"--window-size={width},{height}", "--force-device-scale-factor=1"):
            options.add_argument(arg)
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        self.driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
        self.driver.set_window_size(width, height)
        self.base, self.name = base, name
        _open_drivers.append(self)

    def go(self, path):
        self.driver.get(self.base + path)

    def wait(self, css, seconds=15, visible=True):
        condition = EC.visibility_of_element_located if visible else EC.presence_of_element_located
        return WebDriverWait(self.driver, seconds).until(condition((By.CSS_SELECTOR, css)))

    def wait_for(self, predicate, seconds=15, what=""):
        # Live pages redraw: an element read a moment ago may be gone; ask again.
        return WebDriverWait(self.driver, seconds, poll_frequency=0.2,
                             ignored_exceptions=[StaleElementReferenceException]).until(lambda d: predicate(), what)

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def sign_in(self, username, then=None):
        self.go("/login" + (f"?next={then}" if then else ""))
        self.find("input[name=username]").send_keys(username)
        self.find("input[name=password]").send_keys(PASSWORD)
        self.find("#login-form button[type=submit]").click()
        self.wait_for(lambda: "/login" not in self.driver.current_url, what=f"{username} signed in")

    def click(self, css):
        element = self.wait(css)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def shot(self, folder, name):
        path = pathlib.Path(folder) / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(path))
        return path

    def close(self):
        self.driver.quit()
        _open_drivers.remove(self)


@pytest.fixture
def screens(server):
    made = []

    def make(name, width=1920, height=1080):
        screen = Screen(server, width, height, name)
        made.append(screen)
        return screen

    yield make
    for s in made:
        if s in _open_drivers:
            s.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        for screen in list(_open_drivers):
            try:
                print("screenshot:", screen.shot(ARTIFACTS, f"{item.name}-{screen.name}"))
            except Exception as e:  # a dead browser must not hide the test's own failure
                print("no screenshot of", screen.name, e)


@pytest.fixture(scope="session")
def photo(tmp_path_factory):
    """A small real PNG, as a phone would attach."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"".join(bytes([x * 8, y * 8, 160]) for x in range(32)) for y in range(24))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 32, 24, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    path = tmp_path_factory.mktemp("photos") / "manhole.png"
    path.write_bytes(png)
    return str(path)

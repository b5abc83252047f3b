"""Fixtures for cross-addon tests: a real Odoo HTTP server on the test
database, XML-RPC clients and a headless Chromium driven by Selenium."""
import os
import socket
import subprocess
import time
import xmlrpc.client
from pathlib import Path

import pytest
import requests

from tests.browser_helpers import save_screenshot

ROOT = Path(__file__).resolve().parents[1]
LOG_DIR = ROOT / ".local" / "log"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RpcClient:
    """XML-RPC access as one user: ``client.call(model, method, *args, **kw)``."""

    def __init__(self, url, db, login, password):
        self.url, self.db, self.login, self.password = url, db, login, password
        common = xmlrpc.client.ServerProxy("%s/xmlrpc/2/common" % url, allow_none=True)
        self.uid = common.authenticate(db, login, password, {})
        if not self.uid:
            raise RuntimeError("XML-RPC login of %r failed" % login)
        self.models = xmlrpc.client.ServerProxy("%s/xmlrpc/2/object" % url, allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.db, self.uid, self.password, model, method,
                                      list(args), kwargs)

    def ref(self, xmlid):
        module, name = xmlid.split(".", 1)
        res = self.call("ir.model.data", "xmlid_to_res_model_res_id", xmlid, True)
        if not res or not res[1]:
            raise KeyError("%s.%s" % (module, name))
        return res[1]


class OdooServer:
    def __init__(self, url, db, process, logfile):
        self.url, self.db, self.process, self.logfile = url, db, process, logfile

    def rpc(self, login="admin", password="admin"):
        return RpcClient(self.url, self.db, login, password)


@pytest.fixture(scope="session")
def odoo_db():
    return os.environ.get("LEASE_TEST_DB", "lease_test")


@pytest.fixture(scope="session")
def odoo_server(odoo_db):
    """Odoo's HTTP server on a free local port against the test database."""
    if not (ROOT / ".local" / "odoo.local.conf").exists():
        pytest.skip("the project is not set up: run `make test`")
    port = free_port()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    logfile = LOG_DIR / "test-http-server.log"
    cmd = [str(ROOT / "bin" / "odoo"), "-d", odoo_db, "--db-filter=^%s$" % odoo_db,
           "--http-port=%d" % port, "--max-cron-threads=0", "--workers=0",
           "--logfile=%s" % logfile]
    env = dict(os.environ)
    log_start = logfile.stat().st_size if logfile.exists() else 0
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = "http://127.0.0.1:%d" % port
    deadline = time.time() + 120
    # Odoo loads the database in its main thread while its HTTP threads already
    # answer; the first request imports every addon in another thread, and that
    # concurrent import can leave models out of the registry (then e.g. a model
    # "does not exist"). Ask nothing before the database is loaded.
    while True:
        loaded = _database_loaded(logfile, log_start)
        if loaded:
            break
        if process.poll() is not None:
            raise RuntimeError("Odoo exited with %s, see %s" % (process.returncode, logfile))
        if loaded is False or time.time() > deadline:
            process.terminate()
            raise RuntimeError("Odoo did not load %s, see %s" % (odoo_db, logfile))
        time.sleep(0.2)
    while True:
        if process.poll() is not None:
            raise RuntimeError("Odoo exited with %s, see %s" % (process.returncode, logfile))
        try:
            if requests.get(url + "/web/login", timeout=5).status_code == 200:
                break
        except requests.RequestException:
            pass
        if time.time() > deadline:
            process.terminate()
            raise RuntimeError("Odoo did not answer on %s, see %s" % (url, logfile))
        time.sleep(0.5)
    yield OdooServer(url, odoo_db, process, logfile)
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def _database_loaded(logfile, offset):
    """True once the server logging from ``offset`` on has loaded its database,
    False when it failed to, None while it is still loading."""
    if not logfile.exists():
        return None
    with logfile.open("rb") as log:
        log.seek(offset)
        text = log.read().decode("utf-8", "replace")
    if "Failed to initialize database" in text:
        return False
    return True if "Modules loaded." in text else None


@pytest.fixture(scope="session")
def admin_rpc(odoo_server):
    return odoo_server.rpc("admin", "admin")


@pytest.fixture
def browser(odoo_server, request):
    """Headless Debian Chromium; a screenshot lands in test-artifacts/ on failure."""
    selenium = pytest.importorskip("selenium")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    del selenium
    chromium = "/usr/bin/chromium"
    driver_path = "/usr/bin/chromedriver"
    if not (os.path.exists(chromium) and os.path.exists(driver_path)):
        pytest.fail("chromium and chromium-driver are missing: `make test` installs them")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                "--lang=en-US"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(60)
    driver.base_url = odoo_server.url
    yield driver
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        save_screenshot(driver, "FAILED-%s" % request.node.name)
    driver.quit()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)

"""The platform contract: Odoo 11 serves the suite over HTTP and XML-RPC."""
import subprocess
import xmlrpc.client

import pytest
import requests

from tests.browser_helpers import click_top_menu, login, save_screenshot, wait_css, wait_text
from tests.conftest import ROOT

ADDONS = ("lease_insurance_claim", "lease_devinculation", "lease_offer_signing")


def test_login_page_answers(odoo_server):
    response = requests.get(odoo_server.url + "/web/login", timeout=10)
    assert response.status_code == 200
    assert 'name="login"' in response.text


def test_database_manager_is_disabled(odoo_server):
    # list_db = False: the database manager must not be reachable
    response = requests.get(odoo_server.url + "/web/database/manager", timeout=10)
    assert "disabled by the administrator" in response.text
    listing = requests.post(odoo_server.url + "/web/database/list", json={}, timeout=10).json()
    assert "AccessDenied" in listing["error"]["data"]["name"]


def test_xmlrpc_authenticates_admin_and_sees_the_three_addons(admin_rpc):
    modules = admin_rpc.call("ir.module.module", "search_read",
                             [("name", "in", list(ADDONS))], fields=["name", "state"])
    assert {m["name"]: m["state"] for m in modules} == dict.fromkeys(ADDONS, "installed")
    versions = admin_rpc.call("ir.module.module", "search_read",
                              [("name", "in", list(ADDONS))], fields=["latest_version"])
    assert {v["latest_version"] for v in versions} == {"11.0.1.0.0"}


def test_xmlrpc_refuses_a_wrong_password(odoo_server):
    common = xmlrpc.client.ServerProxy(odoo_server.url + "/xmlrpc/2/common")
    assert not common.authenticate(odoo_server.db, "admin", "not-the-password", {})


def test_czech_is_installed(admin_rpc):
    langs = admin_rpc.call("res.lang", "search_read", [("code", "=", "cs_CZ")], fields=["active"])
    assert langs and langs[0]["active"]


@pytest.mark.browser
def test_browser_logs_in_and_opens_the_claim_list(browser, odoo_server):
    login(browser, odoo_server.db, "admin", "admin")
    click_top_menu(browser, "Insurance")
    wait_css(browser, ".o_list_view, .oe_view_nocontent")
    wait_text(browser, ".o_control_panel .breadcrumb", "Insurance Claims")
    save_screenshot(browser, "claim-list")


def test_the_apps_installed_before_the_addons_are_those_of_their_manifests():
    """The set-up installs (and, before an upgrade, adds) exactly the Odoo apps
    the addons' manifests depend on, so an addon gaining a dependency still
    upgrades in an existing database."""
    import ast
    if not (ROOT / ".venv" / "bin" / "python").exists():
        pytest.skip("the project is not set up: run `make test`")
    ours = ["lease_insurance_claim", "lease_devinculation", "lease_offer_signing"]
    expected = set()
    for addon in ours:
        manifest = ast.literal_eval((ROOT / "addons" / addon / "__manifest__.py").read_text())
        expected.update(name for name in manifest["depends"] if name not in ours)
    result = subprocess.run(["bash", "-c", "source scripts/common.sh && lease_depends"], cwd=str(ROOT),
                            stdout=subprocess.PIPE, universal_newlines=True, check=True)
    listed = result.stdout.strip().split(",")
    assert len(listed) == len(set(listed))
    assert set(listed) == expected
    assert {"account_cancel", "fleet", "account_asset", "portal"} <= set(listed)

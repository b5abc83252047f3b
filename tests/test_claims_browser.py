"""The claim card in a real browser: the five tabs of a demo claim, the
contract-status wizard behind the "Processed" button, the Czech UI."""
import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser_helpers import click_button, login, save_screenshot, wait_css, wait_text

pytestmark = pytest.mark.browser

#: tab label -> field labels that must be visible on it
TABS = {
    "General": ["Insurance Claim Type", "Insurance Company Claim No.", "Insurance Contract", "Chassis No. (VIN)",
                "Licence Plate No.", "Event Creation Date", "Created At", "Modified By"],
    "Damage and Repair": ["Driver", "Mileage", "Insurance Assessor", "Claim Settlement Method",
                          "Claim Settlement Form", "Vendor (Maintenance)", "Expected Price excl. VAT"],
    "Insurance Indemnity Settlement": ["Participation", "Real Participation", "Total Correction",
                                       "Fin. Object Book Value", "Total Amount",
                                       "Financial Settlement Limit Date"],
    "Customer": ["Registration No.", "Customer Balance (LCY)", "Contract Balance (LCY)",
                 "Customer Contact Person"],
    "Object": ["Object No.", "Manufacturer", "Fleet Vehicle", "Fixed Asset"],
}


def open_claim(driver, claim_id):
    driver.get("%s/web#id=%d&model=lease.insurance.claim&view_type=form" % (driver.base_url, claim_id))
    wait_css(driver, ".o_form_view .o_notebook")


def click_tab(driver, label):
    for link in driver.find_elements(By.CSS_SELECTOR, ".o_form_view .o_notebook > ul.nav-tabs > li > a"):
        if link.text.strip() == label:
            link.click()
            return
    raise AssertionError("no tab %r on the claim form" % label)


def visible_labels(driver):
    return {label.text.strip() for label in driver.find_elements(
        By.CSS_SELECTOR, ".o_notebook .tab-pane.active .o_form_label") if label.is_displayed()}


def wait_state(driver, label):
    wait_text(driver, ".o_statusbar_status .btn-primary", label)


def test_demo_claim_card_shows_its_five_tabs(browser, odoo_server, admin_rpc):
    claim_id = admin_rpc.ref("lease_insurance_claim.demo_claim_crash_octavia")
    login(browser, odoo_server.db, "admin", "admin")
    open_claim(browser, claim_id)
    wait_text(browser, ".o_form_view h1", "PU/")
    wait_css(browser, ".o_chatter")
    for tab, labels in TABS.items():
        click_tab(browser, tab)
        WebDriverWait(browser, 20).until(
            lambda drv, wanted=labels: set(wanted) <= visible_labels(drv),
            "tab %r does not show %s" % (tab, labels))
        save_screenshot(browser, "claim-tab-%s" % tab.lower().replace(" ", "-"))
    click_tab(browser, "General")
    wait_text(browser, ".o_notebook .tab-pane.active", "1AB 2345")
    wait_text(browser, ".o_notebook .tab-pane.active", "Kooperativa")


def test_processed_button_runs_the_contract_status_wizard(browser, odoo_server, admin_rpc):
    tag = uuid.uuid4().hex[:6].upper()
    call = admin_rpc.call
    active = call("lease.financing.contract.status", "create", {"code": "BR-A-" + tag, "name": "Aktivní " + tag})
    theft = call("lease.financing.contract.status", "create",
                 {"code": "BR-K-" + tag, "name": "Ukončená krádež " + tag, "is_final": True})
    claim_type = call("lease.insurance.claim.type", "create", {
        "code": "BR-T-" + tag, "name": "Krádež " + tag, "is_theft": True, "change_contract_status": True,
        "target_contract_status_id": theft})
    customer = call("res.partner", "create", {"name": "BR Zákazník " + tag, "is_company": True})
    financing = call("lease.financing.contract", "create", {
        "name": "BR-LS-" + tag, "partner_id": customer, "detailed_status_id": active})
    claim_id = call("lease.insurance.claim", "create", {"claim_type_id": claim_type,
                                                        "financing_contract_id": financing})

    login(browser, odoo_server.db, "admin", "admin")
    open_claim(browser, claim_id)
    wait_state(browser, "New")
    click_button(browser, "Processed")
    wait_text(browser, ".modal .modal-title", "Change Financing Contract Status")
    wait_text(browser, ".modal .o_form_view", "BR-LS-" + tag)
    WebDriverWait(browser, 20).until(lambda drv: any(
        "Ukončená krádež " + tag in (field.get_attribute("value") or "")
        for field in drv.find_elements(By.CSS_SELECTOR, ".modal .o_form_view input")),
        "the wizard does not propose the claim type's target status")
    save_screenshot(browser, "claim-contract-status-wizard")
    click_button(browser, "Cancel", scope=".modal-footer")
    WebDriverWait(browser, 20).until(lambda drv: not drv.find_elements(By.CSS_SELECTOR, ".modal .o_form_view"))
    assert call("lease.insurance.claim", "read", [claim_id], ["state"])[0]["state"] == "new"

    click_button(browser, "Processed")
    wait_text(browser, ".modal .modal-title", "Change Financing Contract Status")
    click_button(browser, "Confirm", scope=".modal-footer")
    wait_state(browser, "Processed")
    save_screenshot(browser, "claim-processed-through-wizard")
    assert call("lease.insurance.claim", "read", [claim_id], ["state"])[0]["state"] == "processed"
    status = call("lease.financing.contract", "read", [financing], ["detailed_status_id"])[0]["detailed_status_id"]
    assert status[0] == theft


def test_handler_works_in_czech(browser, odoo_server, admin_rpc):
    claim_id = admin_rpc.ref("lease_insurance_claim.demo_claim_crash_octavia")
    login(browser, odoo_server.db, "handler", "handler")
    open_claim(browser, claim_id)
    tabs = [link.text.strip() for link in browser.find_elements(By.CSS_SELECTOR, ".o_notebook > ul.nav-tabs > li > a")]
    assert tabs == ["Obecné", "Škoda a oprava", "Vypořádání pojistného plnění", "Zákazník", "Předmět"]
    wait_text(browser, ".o_notebook .tab-pane.active", "Číslo pojistné události pojišťovny")
    save_screenshot(browser, "claim-czech-handler")

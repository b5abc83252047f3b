"""Devinculations in a real browser: the "Devinculation" button of the claim
card opens the new card, the decision with its budget is recorded there, the
smart button counts it; the Czech card of a claim handler."""
import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser_helpers import click_button, click_top_menu, login, save_screenshot, wait_css, wait_text

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def claim(admin_rpc):
    tag = uuid.uuid4().hex[:8].upper()
    call = admin_rpc.call
    insurer = call("res.partner", "create", {"name": "BR Pojišťovna " + tag, "is_company": True, "is_insurer": True})
    customer = call("res.partner", "create", {"name": "BR Zákazník " + tag, "is_company": True})
    obj = call("lease.financed.object", "create", {"name": "BR Octavia " + tag, "license_plate": "B" + tag[:6],
                                                   "partner_id": customer})
    financing = call("lease.financing.contract", "create", {"name": "BR-LS-" + tag, "partner_id": customer,
                                                            "financed_object_id": obj})
    insurance = call("lease.insurance.contract", "create", {"name": "BR-PS-" + tag, "insurer_id": insurer,
                                                            "financing_contract_id": financing})
    claim_type = call("lease.insurance.claim.type", "create", {"code": "BR-DV-" + tag, "name": "BR " + tag})
    claim_id = call("lease.insurance.claim", "create", {"claim_type_id": claim_type,
                                                        "insurance_contract_id": insurance})
    return {"id": claim_id, "tag": tag, "insurance": insurance,
            "name": call("lease.insurance.claim", "read", [claim_id], ["name"])[0]["name"]}


def stat_button_text(driver):
    texts = [" ".join(button.get_attribute("textContent").split())
             for button in driver.find_elements(By.CSS_SELECTOR, ".oe_button_box .oe_stat_button")
             if button.is_displayed()]
    return " | ".join(text for text in texts if "Devinculation" in text)


def test_devinculation_button_of_the_claim_card_opens_the_new_card(browser, odoo_server, admin_rpc, claim):
    login(browser, odoo_server.db, "admin", "admin")
    browser.get("%s/web#id=%d&model=lease.insurance.claim&view_type=form" % (browser.base_url, claim["id"]))
    wait_text(browser, ".o_form_view h1", claim["name"])
    WebDriverWait(browser, 20).until(lambda drv: stat_button_text(drv) == "0 Devinculations")
    click_button(browser, "Devinculation", ".o_form_statusbar")

    wait_text(browser, ".o_form_view h1", "DV/")
    sheet = wait_css(browser, ".o_form_view .o_form_sheet")
    for text in ("BR-PS-" + claim["tag"], "BR-LS-" + claim["tag"], claim["name"]):
        assert text in sheet.text
    wait_text(browser, ".o_statusbar_status .btn-primary", "Blank")
    number = browser.find_element(By.CSS_SELECTOR, ".o_form_view h1").text.strip()
    found = admin_rpc.call("lease.devinculation", "search_read", [("name", "=", number)],
                           ["claim_id", "insurance_contract_id", "financing_contract_id"])
    assert len(found) == 1 and found[0]["claim_id"][0] == claim["id"]

    click_button(browser, "Edit", ".o_cp_buttons")
    click_button(browser, "Approve with Budget", ".o_statusbar_status")
    amount = wait_css(browser, ".o_field_widget[name=budget_amount] input, input.o_field_widget[name=budget_amount]")
    amount.clear()
    amount.send_keys("92400")
    save_screenshot(browser, "devinculation-card-edit")
    click_button(browser, "Save", ".o_cp_buttons")
    wait_css(browser, ".o_form_view.o_form_readonly")
    wait_text(browser, ".o_statusbar_status .btn-primary", "Approve with Budget")
    record = admin_rpc.call("lease.devinculation", "read", [found[0]["id"]], ["state", "budget_amount"])[0]
    assert (record["state"], record["budget_amount"]) == ("approved_budget", 92400.0)
    wait_text(browser, ".o_chatter", "Approve with Budget")
    save_screenshot(browser, "devinculation-card")

    # a status without budget, clicked on the saved card, clears the amount
    click_button(browser, "Approved", ".o_statusbar_status")
    wait_text(browser, ".o_statusbar_status .btn-primary", "Approved")
    WebDriverWait(browser, 20).until(lambda drv: admin_rpc.call(
        "lease.devinculation", "read", [found[0]["id"]], ["state", "budget_amount"])[0]["state"] == "approved")
    record = admin_rpc.call("lease.devinculation", "read", [found[0]["id"]], ["budget_amount"])[0]
    assert record["budget_amount"] == 0.0

    browser.find_element(By.CSS_SELECTOR, ".breadcrumb li:first-child a").click()
    wait_text(browser, ".o_form_view h1", claim["name"])
    WebDriverWait(browser, 20).until(lambda drv: stat_button_text(drv) == "1 Devinculations")
    save_screenshot(browser, "devinculation-claim-smart-button")


def test_czech_card_for_a_claim_handler(browser, odoo_server, admin_rpc, claim):
    action = admin_rpc.call("lease.insurance.claim", "action_create_devinculation", [claim["id"]])
    admin_rpc.call("lease.devinculation", "write", [action["res_id"]],
                   {"state": "declined_budget", "budget_amount": 118500.0})
    login(browser, odoo_server.db, "handler", "handler")
    browser.get("%s/web#id=%d&model=lease.devinculation&view_type=form" % (browser.base_url, action["res_id"]))
    wait_text(browser, ".o_statusbar_status .btn-primary", "Nesouhlas s rozpočtem")
    sheet = wait_css(browser, ".o_form_view .o_form_sheet")
    for label in ("Číslo pojistné smlouvy", "Číslo smlouvy o financování", "Číslo pojistné události",
                  "Zasláno kontaktu", "Rozhodnutí", "Částka rozpočtu"):
        assert label in sheet.text, label
    save_screenshot(browser, "devinculation-card-cs")
    click_top_menu(browser, "Pojištění")
    wait_text(browser, ".o_sub_menu", "Devinkulace")

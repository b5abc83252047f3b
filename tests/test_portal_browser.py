"""The advisor portal and the client storage in a real browser (Debian
Chromium): an advisor creates an offer, signs it field by field with the
real signature agent (virtual pad) and saves it; the error messages of the
signing page; another advisor cannot open the document; a client opens the
storage link with the SMS code and downloads the PDF.  Screenshots go to
test-artifacts/screenshots/."""
import re
import subprocess
import sys
import time

import pytest
import requests
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from signature_agent import crypto
from tests.browser_helpers import save_screenshot, wait_css
from tests.conftest import free_port
from tests.portal_helpers import (create_offer, issue_storage_link, load_addon_module, new_portal_user, sign_offer,
                                  unique)

pytestmark = pytest.mark.browser
pdf_files = load_addon_module("lib/pdf_files.py")
# pages change under the waits (navigation, re-rendering): a vanished element just means "look again"
STALE = (StaleElementReferenceException,)
NO_PAD = "Chyba při inicializaci Signpadu. Zkontrolujte připojení Signpadu k počítači."
INVALID = "Podpis není platný. Podepište se znovu, prosím."


# ---------------------------------------------------------------------- the signature agent
class Agent(object):
    def __init__(self, url, token, process):
        self.url, self.token, self.process = url, token, process


@pytest.fixture(scope="module")
def escrow(tmp_path_factory):
    """The escrow authority's key pair (3072-bit); the agent gets the public key only."""
    private_key = crypto.generate_private_key(3072)
    path = tmp_path_factory.mktemp("escrow") / "escrow-public.pem"
    path.write_bytes(crypto.public_key_pem(private_key.public_key()))
    return private_key, path


@pytest.fixture
def start_agent(odoo_server, escrow, tmp_path):
    """Start the real signature agent (``python -m signature_agent``) with the given options."""
    agents = []

    def start(*options):
        port = free_port()
        config_dir = tmp_path / ("agent-%d" % port)
        command = [sys.executable, "-m", "signature_agent", "--port", str(port), "--origin", odoo_server.url,
                   "--escrow-key", str(escrow[1]), "--config-dir", str(config_dir), "--log-level", "WARNING"]
        process = subprocess.Popen(command + list(options), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = "http://127.0.0.1:%d" % port
        token_file = config_dir / "pairing-token"
        deadline = time.time() + 30
        while True:
            assert process.poll() is None, "the signature agent exited with %s" % process.returncode
            if token_file.exists():
                token = token_file.read_text().strip()
                try:
                    if requests.get(url + "/v1/health", headers={"Authorization": "Bearer " + token},
                                    timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    pass
            assert time.time() < deadline, "the signature agent did not start"
            time.sleep(0.2)
        agent = Agent(url, token, process)
        agents.append(agent)
        return agent

    yield start
    for agent in agents:
        agent.process.terminate()
        try:
            agent.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            agent.process.kill()


# ---------------------------------------------------------------------- browser steps
def portal_login(driver, login, password=None):
    driver.delete_all_cookies()
    driver.get(driver.base_url + "/web/login")
    wait_css(driver, "input[name=login]").send_keys(login)
    driver.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys(password or login)
    driver.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
    WebDriverWait(driver, 30, ignored_exceptions=STALE).until(
        lambda d: "/my" in d.current_url, "the portal did not open after the login")


def open_page(driver, path):
    driver.get(driver.base_url + path)


def wait_attribute(driver, selector, name, value, timeout=60):
    def check(drv):
        elements = drv.find_elements(By.CSS_SELECTOR, selector)
        return elements and elements[0].get_attribute(name) == value
    WebDriverWait(driver, timeout, ignored_exceptions=STALE).until(
        check, "%s[%s] never became %r" % (selector, name, value))


def wait_message(driver, text, timeout=60):
    """Wait until the signing page's message contains ``text``; return the message."""
    def shown(drv):
        message = drv.find_element(By.CSS_SELECTOR, ".o_lease_signing_alert").text
        return message if text in message else False
    return WebDriverWait(driver, timeout, ignored_exceptions=STALE).until(
        shown, "the signing page never said %r" % text)


def pair(driver, agent_url, token):
    wait_attribute(driver, "#o_lease_signing", "data-ready", "1")
    if not driver.find_element(By.CSS_SELECTOR, ".o_lease_agent_url").is_displayed():
        driver.find_element(By.CSS_SELECTOR, ".o_lease_agent_toggle").click()
    for selector, value in ((".o_lease_agent_url", agent_url), (".o_lease_agent_token", token)):
        field = driver.find_element(By.CSS_SELECTOR, selector)
        field.clear()
        field.send_keys(value)
    driver.find_element(By.CSS_SELECTOR, ".o_lease_agent_save").click()


def sign_next(driver):
    rows = driver.find_elements(By.CSS_SELECTOR, ".o_lease_sign_field")
    pending = [row for row in rows if row.get_attribute("data-state") != "signed"]
    button = pending[0].find_element(By.CSS_SELECTOR, ".o_lease_sign_button")
    WebDriverWait(driver, 30).until(lambda d: button.is_enabled(), "the next field was not activated")
    button.click()
    return pending[0].get_attribute("data-signature-id")


def cookies_session(driver):
    session = requests.Session()
    for cookie in driver.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"])
    return session


def czech_description(admin_rpc, offer_id):
    return admin_rpc.call("lease.offer", "read", [offer_id], ["state_description"],
                          context={"lang": "cs_CZ"})[0]["state_description"]


# ---------------------------------------------------------------------- tests
def test_advisor_creates_signs_and_saves_an_offer(browser, odoo_server, admin_rpc, start_agent, escrow):
    agent = start_agent("--virtual", "--virtual-speed", "0")
    _uid, login = new_portal_user(admin_rpc, advisor=True, lang="cs_CZ", name="Tereza Podpisová")
    tag = unique()
    portal_login(browser, login)

    open_page(browser, "/my/offers")
    assert wait_css(browser, ".o_lease_list_title").text == "Dokumenty"
    browser.find_element(By.CSS_SELECTOR, ".o_lease_new_offer").click()
    wait_css(browser, "form.o_lease_offer_form")
    for name, value in (("client_name", "Klient Prohlížeč %s" % tag), ("client_mobile", "777 123 456"),
                        ("client_email", "prohlizec.%s@example.cz" % tag), ("premium", "1 250"),
                        ("sum_insured_death", "900 000"), ("date_start", "1.1.2031")):
        browser.find_element(By.NAME, name).send_keys(value)
    browser.find_element(By.CSS_SELECTOR, ".o_lease_form_save").click()
    page = wait_css(browser, ".o_lease_offer_page")
    offer_id = int(page.get_attribute("data-offer-id"))
    assert page.get_attribute("data-state") == "draft"

    browser.find_element(By.CSS_SELECTOR, ".o_lease_action_start_signing").click()
    wait_css(browser, "#o_lease_signing")
    assert browser.current_url.endswith("/my/offers/%d/sign" % offer_id)
    pair(browser, agent.url, agent.token)
    wait_attribute(browser, ".o_lease_agent_status", "data-connected", "1")
    fields = browser.find_elements(By.CSS_SELECTOR, ".o_lease_sign_field")
    assert [row.get_attribute("data-field-id") for row in fields] == ["client.1", "advisor.1"]
    # only the first field can be activated
    assert [row.find_element(By.CSS_SELECTOR, ".o_lease_sign_button").is_enabled() for row in fields] == [True, False]
    for _field in fields:
        signature_id = sign_next(browser)
        wait_attribute(browser, '.o_lease_sign_field[data-signature-id="%s"]' % signature_id, "data-state", "signed")
    question = wait_css(browser, ".o_lease_save_panel")
    assert "Uložit a odeslat do pojišťovny?" in question.text
    save_screenshot(browser, "portal-signing-fields-signed")
    browser.find_element(By.CSS_SELECTOR, ".o_lease_save_yes").click()
    wait_attribute(browser, ".o_lease_offer_page", "data-state", "signed")

    open_page(browser, "/my/offers")
    icon = wait_css(browser, '.o_lease_document_row[data-offer-id="%d"] .o_lease_portal_state' % offer_id)
    assert icon.get_attribute("data-state") == "signed"
    assert icon.get_attribute("title") == czech_description(admin_rpc, offer_id)
    save_screenshot(browser, "portal-documents-after-signing")

    # the signed PDF carries the agent's packages, which only the escrow key opens, for this document and field
    data = admin_rpc.call("lease.offer", "read", [offer_id], ["state", "document_sha256", "signature_ids"])[0]
    assert data["state"] == "signed"
    signatures = admin_rpc.call("lease.offer.signature", "read", data["signature_ids"],
                                ["field_id", "key_id", "pad_model"])
    pdf = cookies_session(browser).get("%s/my/offers/%d/pdf" % (odoo_server.url, offer_id), timeout=60).content
    embedded = pdf_files.embedded_files(pdf)
    for signature in signatures:
        package = embedded["signature-%s.lsbp" % signature["field_id"]]
        digest = bytes.fromhex(data["document_sha256"])
        record = crypto.open_package(package, escrow[0], digest, signature["field_id"])
        assert record[:4] == b"LSBR"
        assert signature["key_id"] == crypto.key_id(escrow[0].public_key())
        assert signature["pad_model"] == "STU-530"
        with pytest.raises(crypto.PackageError):
            crypto.open_package(package, escrow[0], digest, "other.1")

    # another advisor cannot open it
    portal_login(browser, "advisor2")
    for path in ("/my/offers/%d" % offer_id, "/my/offers/%d/sign" % offer_id):
        open_page(browser, path)
        wait_css(browser, ".o_lease_not_found")
        assert not browser.find_elements(By.CSS_SELECTOR, ".o_lease_offer_page, #o_lease_signing")


def test_signing_page_explains_what_went_wrong(browser, odoo_server, admin_rpc, start_agent):
    no_pad = start_agent()
    dot = start_agent("--virtual", "--virtual-speed", "0", "--virtual-recording", "dot")
    _uid, login = new_portal_user(admin_rpc, advisor=True, lang="cs_CZ")
    rpc = odoo_server.rpc(login, login)
    offer_id = create_offer(rpc, unique())
    rpc.call("lease.offer", "action_start_signing", [offer_id])
    portal_login(browser, login)
    open_page(browser, "/my/offers/%d/sign" % offer_id)

    # not paired yet
    wait_attribute(browser, "#o_lease_signing", "data-ready", "1")
    assert browser.find_element(By.CSS_SELECTOR, ".o_lease_agent_url").is_displayed()
    # nobody listens at the address
    pair(browser, "http://127.0.0.1:%d" % free_port(), no_pad.token)
    message = wait_message(browser, "neodpovídá")
    assert "--origin %s" % odoo_server.url in message
    # a wrong pairing token
    pair(browser, no_pad.url, "wrong-token")
    wait_message(browser, "odmítla párovací token")
    # the pad is missing
    pair(browser, no_pad.url, no_pad.token)
    wait_attribute(browser, ".o_lease_agent_status", "data-connected", "1")
    sign_next(browser)
    wait_message(browser, NO_PAD)
    save_screenshot(browser, "portal-signing-no-pad")
    # the signature is too small
    pair(browser, dot.url, dot.token)
    wait_attribute(browser, ".o_lease_agent_status", "data-connected", "1")
    sign_next(browser)
    wait_message(browser, INVALID)
    save_screenshot(browser, "portal-signing-invalid-signature")
    first = browser.find_elements(By.CSS_SELECTOR, ".o_lease_sign_field")[0]
    assert first.get_attribute("data-state") == "pending"
    WebDriverWait(browser, 10).until(lambda d: first.find_element(By.CSS_SELECTOR, ".o_lease_sign_button").is_enabled())
    states = admin_rpc.call("lease.offer.signature", "search_read", [("offer_id", "=", offer_id)], ["state"])
    assert {state["state"] for state in states} == {"pending"}


def test_portal_speaks_czech(browser, admin_rpc):
    portal_login(browser, "advisor1")
    open_page(browser, "/my/offers")
    assert wait_css(browser, ".o_lease_list_title").text == "Dokumenty"
    assert browser.find_element(By.CSS_SELECTOR, ".o_lease_tab_conflicts").text == "Zobrazit konflikty"
    assert browser.find_element(By.CSS_SELECTOR, ".o_lease_new_offer").text.strip() == "Nová nabídka"
    row = browser.find_element(By.CSS_SELECTOR, ".o_lease_document_row")
    icon = row.find_element(By.CSS_SELECTOR, ".o_lease_portal_state")
    assert icon.get_attribute("title") == czech_description(admin_rpc, int(row.get_attribute("data-offer-id")))
    save_screenshot(browser, "portal-documents")
    open_page(browser, "/my/home")
    assert "Dokumenty (životní pojištění)" in wait_css(browser, ".o_portal_docs").text


def test_client_opens_the_storage_and_downloads_the_pdf(browser, odoo_server, admin_rpc):
    _uid, login = new_portal_user(admin_rpc, advisor=True)
    rpc = odoo_server.rpc(login, login)
    offer_id = create_offer(rpc, unique())
    sign_offer(rpc, offer_id)
    partner = admin_rpc.call("lease.offer", "read", [offer_id], ["partner_id"])[0]["partner_id"][0]
    _link, _url, token, code = issue_storage_link(odoo_server.db, partner, [offer_id])
    wrong = "000000" if code != "000000" else "111111"

    browser.delete_all_cookies()
    open_page(browser, "/storage/%s" % token)
    form = wait_css(browser, "form.o_lease_storage_code_form")
    assert "Zadejte přístupový kód" in browser.find_element(By.CSS_SELECTOR, ".o_lease_storage").text
    save_screenshot(browser, "storage-code")
    form.find_element(By.NAME, "code").send_keys(wrong)
    form.find_element(By.CSS_SELECTOR, ".o_lease_storage_submit").click()
    message = wait_css(browser, ".o_lease_storage_message").text
    assert "4" in message and "kód" in message.lower()
    time.sleep(2.3)   # the throttling after a wrong code
    form = wait_css(browser, "form.o_lease_storage_code_form")
    form.find_element(By.NAME, "code").send_keys(code)
    form.find_element(By.CSS_SELECTOR, ".o_lease_storage_submit").click()
    link = wait_css(browser, '.o_lease_storage_documents tr[data-offer-id="%d"] .o_lease_storage_download' % offer_id)
    save_screenshot(browser, "storage-documents")
    response = cookies_session(browser).get(link.get_attribute("href"), timeout=60)
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"
    assert re.match(r"attachment;", response.headers["Content-Disposition"])
    # the same URL without the browser's session is refused
    assert requests.get(link.get_attribute("href"), timeout=30).status_code == 403

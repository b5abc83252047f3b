"""Small helpers to drive the Odoo 11 web client with Selenium."""
from pathlib import Path

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def save_screenshot(driver, name):
    """Save a screenshot for reviewers into test-artifacts/screenshots/ (git-ignored)."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ("%s.png" % name)
    driver.save_screenshot(str(path))
    return path


def wait_css(driver, selector, timeout=30):
    return WebDriverWait(driver, timeout).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, selector)))


def wait_text(driver, selector, text, timeout=30):
    """Wait until a visible element matching ``selector`` contains ``text``."""
    def found(drv):
        for element in drv.find_elements(By.CSS_SELECTOR, selector):
            if element.is_displayed() and text in element.text:
                return element
        return False
    # the web client re-renders while we look: a vanished element just means "look again"
    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
        found, "no visible %s containing %r" % (selector, text))


def login(driver, db, login, password):
    driver.get("%s/web/login?db=%s" % (driver.base_url, db))
    wait_css(driver, "input[name=login]").send_keys(login)
    driver.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
    # the web client is ready once its first action has rendered
    wait_css(driver, "#oe_main_menu_navbar")
    wait_css(driver, ".o_control_panel")


def open_backend_action(driver, xmlid):
    """Load the web client directly on an action (a full page load, so it also
    works when the client is already open on another hash)."""
    driver.get("%s/web?#action=%s" % (driver.base_url, xmlid))
    driver.refresh()
    wait_css(driver, "#oe_main_menu_navbar")


def click_top_menu(driver, label):
    for item in driver.find_elements(By.CSS_SELECTOR, "#oe_main_menu_navbar .oe_application_menu_placeholder a"):
        if item.text.strip() == label:
            item.click()
            return item
    raise AssertionError("no menu %r in the navigation bar" % label)


def click_button(driver, label, scope=".o_form_statusbar", timeout=20):
    """Click the visible button labelled ``label`` inside ``scope``, waiting
    for it (and looking again when the web client re-renders the view)."""
    def clickable(drv):
        for button in drv.find_elements(By.CSS_SELECTOR, "%s button" % scope):
            if button.is_displayed() and button.is_enabled() and button.text.strip() == label:
                button.click()
                return True
        return False
    WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
        clickable, "no visible button %r in %s" % (label, scope))

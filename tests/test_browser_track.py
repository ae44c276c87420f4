"""In headless Chromium: a unit member logs in, reports progress on an
overdue task, the supervisor accepts it, and the task's light turns green."""
import os
import shutil

import pytest

from luoshi import track
from luoshi.track import Spec
from trackkit import PASSWORD, LiveServer, make_app, open_store, seed, user

CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture
def browser(tmp_path):
    if not (os.path.exists(CHROMEDRIVER) and shutil.which("chromium")):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver must be installed in CI")
        pytest.skip("no chromium / chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={tmp_path / 'chromium'}", "--window-size=1200,1600"):
        opts.add_argument(flag)
    opts.binary_location = shutil.which("chromium")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


@pytest.fixture
def site(tmp_path, request):
    store = open_store("sqlite", tmp_path, request)
    ids = seed(store.engine)
    # a task of the 2021 plan, due 2021-12-31: overdue by now, so red
    track.assign(store.engine, user(store.engine, "sup"), Spec(ids[0], "区发展改革委", leader="张三"))
    live = LiveServer(make_app(store.engine, tmp_path))
    yield live, ids[0]
    live.stop()
    store.close()


def login(driver, base, name):
    from selenium.webdriver.common.by import By
    driver.delete_all_cookies()
    driver.get(f"{base}/login")
    driver.find_element(By.ID, "username").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    click_and_wait(driver, driver.find_element(By.ID, "login"))
    assert driver.find_element(By.CLASS_NAME, "userbar").text.startswith(name)


def click_and_wait(driver, element) -> None:
    """Click a submit button and wait until the next page has replaced this one
    and finished loading. The old page is marked with a script variable rather
    than watched as a stale element: while a page is being swapped, Chromium may
    answer a staleness probe with an inspector error instead of "stale"."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait
    driver.execute_script("window.__luoshi_old_page = true")
    element.click()
    WebDriverWait(driver, 20, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return !window.__luoshi_old_page && document.readyState === 'complete'"))


def light(driver) -> str:
    from selenium.webdriver.common.by import By
    return driver.find_element(By.ID, "light").get_attribute("data-light")


def test_browser_member_reports_supervisor_accepts_light_changes(browser, site):
    from selenium.webdriver.common.by import By
    live, task = site
    login(browser, live.url, "fgw")
    browser.get(f"{live.url}/track")
    row = browser.find_element(By.CSS_SELECTOR, f'tr[data-task="{task}"]')
    assert row.find_element(By.CSS_SELECTOR, "i.light").get_attribute("data-light") == "red"
    click_and_wait(browser, row.find_element(By.TAG_NAME, "a"))
    assert light(browser) == "red" and "已超期" in browser.find_element(By.ID, "status").text
    browser.find_element(By.ID, "p-text").send_keys("项目已竣工验收，全部完成")
    browser.find_element(By.ID, "p-percent").send_keys("100")
    click_and_wait(browser, browser.find_element(By.ID, "submit-progress"))
    assert "等待审核" in browser.find_element(By.CLASS_NAME, "msg").text
    assert light(browser) == "red"                          # not accepted yet
    assert not browser.find_elements(By.CSS_SELECTOR, "button.accept")   # a member cannot review

    login(browser, live.url, "sup")
    browser.get(f"{live.url}/track/task/{task}")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#reports button.accept"))
    assert light(browser) == "green"
    assert browser.find_element(By.ID, "process").text == "已完成"
    timeline = browser.find_element(By.ID, "history").text
    assert "accept" in timeline and "progress" in timeline and "fgw" in timeline
    browser.get(f"{live.url}/track?light=green")
    assert browser.find_elements(By.CSS_SELECTOR, f'tr[data-task="{task}"]')

"""In headless Chromium: a supervisor opens a reconciliation from the list,
follows a target to its highlighted actual, overrides the verdict with a
note, and sees the decision in the row's history."""
import pytest

from test_browser_track import browser, click_and_wait, login  # noqa: F401 (fixture)
from test_reconcile_verdicts import LATER, PLAN
from trackkit import LiveServer, make_app, open_store, seed


@pytest.fixture
def site(tmp_path, request):
    store = open_store("sqlite", tmp_path, request)
    seed(store.engine)
    for name, text in (("plan.txt", PLAN), ("later.txt", LATER)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        store.ingest_path(tmp_path / name)
    live = LiveServer(make_app(store.engine, tmp_path))
    yield live
    live.stop()
    store.close()


def test_browser_supervisor_overrides_a_verdict(browser, site):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    login(browser, site.url, "sup")
    browser.get(f"{site.url}/reconcile")
    browser.find_element(By.CSS_SELECTOR, "table.rc-table a").click()
    row = browser.find_element(By.ID, "t0")
    assert row.find_element(By.CLASS_NAME, "badge").text == "达成"
    row.find_element(By.LINK_TEXT, "7.5%").click()
    assert browser.find_element(By.ID, "lt0").text == "7.5%"          # the actual, highlighted in the review
    row = browser.find_element(By.ID, "t0")
    Select(row.find_element(By.NAME, "verdict")).select_by_value("not_met")
    row.find_element(By.NAME, "note").send_keys("口径不同")
    click_and_wait(browser, row.find_element(By.CSS_SELECTOR, "button[type=submit]"))   # the page reloads
    row = browser.find_element(By.ID, "t0")
    assert row.find_element(By.CLASS_NAME, "badge").text == "未达成"
    assert "sup" in row.text and "口径不同" in row.text and "建议：达成" in row.text

"""In headless Chromium: the sample report's reading view, a click on a
highlighted figure shows its metric; a search for 黄旗 leads back into the
text; the pages fit a phone-width screen."""
from __future__ import annotations

import pytest

from luoshi.web.app import create_app
from test_browser_track import browser  # noqa: F401  (the headless Chromium fixture)
from trackkit import LiveServer, open_store


@pytest.fixture
def site(tmp_path, request):
    store = open_store("sqlite", tmp_path, request)
    from conftest import EXAMPLE
    rid = store.ingest_path(EXAMPLE).report_id
    live = LiveServer(create_app(store=store))
    yield live, rid
    live.stop()
    store.close()


def test_browser_click_figure_shows_metric(browser, site):
    from selenium.webdriver.common.by import By
    live, rid = site
    browser.get(f"{live.url}/reports/{rid}")
    index, metric = browser.execute_script(
        "var q = JSON.parse(document.getElementById('annotations').textContent).q;"
        "for (var i = 0; i < q.length; i++) if (q[i].metric) return [i, q[i].metric];"
        "return [null, null];")
    assert index is not None, "the sample report should have a figure with a metric"
    figure = browser.find_element(By.CSS_SELECTOR, f'span[data-q="{index}"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", figure)
    figure.click()
    panel = browser.find_element(By.ID, "detail")
    assert panel.is_displayed() and metric in panel.text and "指标" in panel.text


def test_browser_search_huangqi_leads_into_text(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    live, rid = site
    browser.get(live.url)
    box = browser.find_element(By.CSS_SELECTOR, "header form.search input")
    box.send_keys("黄旗", Keys.ENTER)
    marks = browser.find_elements(By.CSS_SELECTOR, "ol.hits mark")
    assert marks and all(m.text == "黄旗" for m in marks)
    browser.find_element(By.CSS_SELECTOR, "ol.hits a").click()
    hit = browser.find_element(By.CSS_SELECTOR, "#text span.hit")
    assert hit.text == "黄旗" and hit.is_displayed()


@pytest.mark.parametrize("path", ["/", "/reports/{rid}", "/tasks", "/indicators", "/search?q=停车"])
def test_browser_fits_phone_width(browser, site, path):
    live, rid = site
    browser.set_window_size(390, 844)
    browser.get(live.url + path.format(rid=rid))
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1

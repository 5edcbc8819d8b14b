"""A real browser (headless Chromium through Selenium and chromedriver) on `auditor serve`:
a department uploads the reference sample, sees the 37.3% finding and downloads the copy;
a bureau user logs in and sees the round and a resubmission's 已整改."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.web_support import PASSWORD, PLANTED, REFERENCE, Server, fresh_database, planted_fixed

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install '.[test]')")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="no Chromium or chromedriver (Debian: apt-get install chromium chromium-driver)")


def browser(downloads: Path):
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=zh-CN"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    return webdriver.Chrome(service=Service(DRIVER), options=options)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    from auditor.web import Config
    from auditor.web.serve import add_user
    from auditor.web.store import Store, now

    base = tmp_path_factory.mktemp("browser")
    data = base / "data"
    database = fresh_database()  # SQLite in the data folder, or PostgreSQL where the run asks
    config = Config(data=data, database=database)
    add_user(config, "reviewer", PASSWORD)
    store = Store(config.database_url)
    round_id = store.add_round(2023, "部门整体支出绩效自评表", now().replace(year=2099), "reviewer")
    code = store.add_department(round_id, "水务局")
    server = Server(data, *(("--database", database) if database else ())).wait(60)
    downloads = base / "downloads"
    downloads.mkdir()
    try:
        driver = browser(downloads)
    except Exception as exc:  # e.g. a Chromium that will not start in this container
        server.stop()
        pytest.skip(f"Chromium could not be started: {type(exc).__name__}: {str(exc)[:200]}")
    driver.set_page_load_timeout(60)
    yield {"server": server, "driver": driver, "code": code, "downloads": downloads, "base": base}
    driver.quit()
    server.stop()


def _upload(driver, url: str, workbook: Path, code: str = ""):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url + "/")
    driver.find_element(By.ID, "workbook").send_keys(str(workbook))
    if code:
        driver.find_element(By.ID, "code").send_keys(code)
    driver.find_element(By.ID, "submit").click()
    WebDriverWait(driver, 60).until(EC.presence_of_element_located((By.ID, "verdict")))


def _follow(driver, by, value: str, arrives: str):
    """Click and wait for the next page: a click returns before the navigation it starts has
    loaded, so a lookup right after it can race the old page (it did in CI)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 60).until(EC.element_to_be_clickable((by, value))).click()
    return WebDriverWait(driver, 60).until(EC.presence_of_element_located((By.ID, arrives)))


def test_department_uploads_sees_the_finding_and_downloads_the_copy(setup):
    from selenium.webdriver.common.by import By

    driver, url = setup["driver"], setup["server"].url
    _upload(driver, url, REFERENCE)
    table = driver.find_element(By.ID, "findings").text
    assert "收支情况!G3" in table and "37.30%" in table and "37.05" in table
    assert driver.find_element(By.ID, "form").text == "部门整体支出绩效自评表"
    driver.find_element(By.ID, "download").click()
    end = time.monotonic() + 30
    while time.monotonic() < end:
        got = [p for p in setup["downloads"].iterdir() if p.suffix == ".xlsx"]
        if got:
            break
        time.sleep(0.2)
    assert got and got[0].name == "审核-renhua-zuzhibu-2023.xlsx" and got[0].read_bytes()[:2] == b"PK"


def test_bureau_logs_in_and_sees_the_round_and_what_was_fixed(setup):
    from selenium.webdriver.common.by import By

    driver, url, code = setup["driver"], setup["server"].url, setup["code"]
    _upload(driver, url, PLANTED, code)
    _upload(driver, url, planted_fixed(setup["base"]), code)
    assert "已整改 2 项" in driver.find_element(By.ID, "submitted").text

    driver.get(url + "/bureau/")
    assert "/bureau/login" in driver.current_url
    driver.find_element(By.ID, "name").send_keys("reviewer")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login").click()
    dashboard = _follow(driver, By.LINK_TEXT, "2023 年度", "dashboard").text
    assert "水务局" in dashboard and "第 2 版" in dashboard and "退回修改" in dashboard
    latest = _follow(driver, By.LINK_TEXT, "水务局", "v2").text
    assert "已整改" in latest and "自评评分表!F3" in latest and "新增" in latest

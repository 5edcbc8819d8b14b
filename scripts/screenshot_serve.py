"""docs/img/serve-upload.png: the upload page with the reference sample's findings, in headless Chromium.

    python scripts/screenshot_serve.py [OUT.png]

Needs the web and test extras (selenium) and Debian's chromium and chromium-driver.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from auditor.web.client import LocalServer  # noqa: E402


def main() -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "img" / "serve-upload.png"
    work = Path(tempfile.mkdtemp(prefix="auditor-shot-"))
    server = LocalServer(work / "data").wait(60)
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,700",
                "--hide-scrollbars", "--lang=zh-CN", "--force-device-scale-factor=1"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.get(server.url + "/")
        driver.find_element(By.ID, "workbook").send_keys(str(REPO / "sample_workbooks" / "renhua-zuzhibu-2023.xlsx"))
        driver.find_element(By.ID, "report").send_keys(str(REPO / "sample_workbooks" / "renhua-zuzhibu-2023.txt"))
        driver.find_element(By.ID, "submit").click()
        WebDriverWait(driver, 60).until(EC.presence_of_element_located((By.ID, "findings")))
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(1280, min(max(height + 110, 600), 2000))
        out.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(out))
        print(out)
    finally:
        driver.quit()
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

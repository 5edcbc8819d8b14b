"""The clerk's flow: 报送 from a pre-check without choosing the files again, codes typed
any way, a wrong code that keeps the files, wrong files told in the page's words."""
from __future__ import annotations

import re

import pytest

from tests.web_support import CONSISTENT, CONSISTENT_REPORT, REFERENCE, REFERENCE_REPORT, csrf, module_app, round_with, upload


app = module_app()


def _versions(app, code):
    store = app.extensions["auditor.store"]
    return store.submissions(store.department_by_code(code)["id"])


def test_a_clean_pre_check_is_submitted_without_uploading_again(app, bureau, client):
    _, code = round_with(bureau, "仁化县审计局")
    page = client.post("/check", data={"csrf": csrf(client), "workbook": upload(CONSISTENT),
                                       "report": upload(CONSISTENT_REPORT)}).get_data(as_text=True)
    assert "通过" in page and 'id="submit-kept"' in page
    action = re.search(r'action="(/submit/[^"]+)"', page).group(1)
    r = client.post(action, data={"csrf": csrf(client), "code": code})
    assert r.status_code == 200 and "已报送：仁化县审计局" in r.get_data(as_text=True)
    (sub,) = _versions(app, code)
    assert (app.config["DATA"] / sub["stored"]).read_bytes() == CONSISTENT.read_bytes()
    assert sub["filename"] == CONSISTENT.name
    assert client.post(action, data={"code": code}).status_code == 400  # its CSRF token


def test_a_pre_check_with_its_report_is_submitted_with_it(app, bureau, client):
    _, code = round_with(bureau, "仁化县组织部")
    page = client.post("/check", data={"csrf": csrf(client), "workbook": upload(REFERENCE),
                                       "report": upload(REFERENCE_REPORT)}).get_data(as_text=True)
    action = re.search(r'action="(/submit/[^"]+)"', page).group(1)
    assert client.post(action, data={"csrf": csrf(client), "code": code}).status_code == 200
    (sub,) = _versions(app, code)
    assert sub["report_name"] == REFERENCE_REPORT.name
    assert (app.config["DATA"] / sub["report_stored"]).read_bytes() == REFERENCE_REPORT.read_bytes()


@pytest.mark.parametrize("typed", ["{raw}", "{lower}", " {spaced} ", "{dashes}"])
def test_codes_are_accepted_with_or_without_their_hyphens(app, bureau, client, typed):
    _, code = round_with(bureau, f"统计局{len(typed)}{typed[:2]}")
    raw = code.replace("-", "")
    shown = typed.format(raw=raw, lower=code.lower(), spaced=" ".join(code.split("-")), dashes=code.replace("-", "－"))
    r = client.post("/check", data={"csrf": csrf(client), "workbook": upload(CONSISTENT), "code": shown})
    assert r.status_code == 200 and "已报送" in r.get_data(as_text=True)


def test_a_wrong_code_keeps_the_files_for_the_right_one(app, bureau, client):
    _, code = round_with(bureau, "档案局")
    r = client.post("/check", data={"csrf": csrf(client), "workbook": upload(CONSISTENT), "code": "ABCD-EFGH-JKMZ"})
    page = r.get_data(as_text=True)
    assert r.status_code == 400 and "提交码无效" in page and "文件已保留" in page
    assert 'value="ABCD-EFGH-JKMZ"' in page and not _versions(app, code)
    action = re.search(r'action="(/submit/[^"]+)"', page).group(1)
    assert "已报送：档案局" in client.post(action, data={"csrf": csrf(client), "code": code}).get_data(as_text=True)


@pytest.mark.parametrize("name, data, words", [
    ("自评报告.txt", "这是自评报告".encode(), "“自评报告”一栏"),
    ("截图.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "图片（PNG）"),
    ("自评表.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(64), "图片（PNG）"),
])
def test_a_wrong_file_is_told_in_the_pages_words(client, name, data, words):
    import io

    page = client.post("/check", data={"csrf": csrf(client), "workbook": (io.BytesIO(data), name)}) \
        .get_data(as_text=True)
    assert words in page and "--report" not in page and "BIN" not in page
    assert "识别的表样" not in page

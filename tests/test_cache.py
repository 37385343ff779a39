"""The result cache: keyed by content and settings, never by file name."""

import pytest

from solieu.cache import ResultCache, relabel
from solieu.pipeline import DocResult, RunSettings

REPORT = "Số: 12/BC-THCS\nTrường có 64 giáo viên."


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def sample(doc_id="a.txt"):
    return DocResult(doc_id=doc_id, document={"doc_id": doc_id, "path": f"in/{doc_id}", "status": "ok"},
                     figures=[{"doc_id": doc_id, "figure_id": "F0001", "value": "64"}],
                     references=[{"doc_id": doc_id, "ref_id": "R0001", "symbol": "12/BC-THCS"}],
                     text=REPORT)


@pytest.mark.parametrize("changed", [
    RunSettings(ocr=False),
    RunSettings(max_pages=10),
    RunSettings(redact_pii=True),
])
def test_cache_key_changes_with_settings_that_change_results(tmp_path, report, changed):
    assert ResultCache(tmp_path / "c", RunSettings()).key(report) != ResultCache(tmp_path / "c", changed).key(report)


def test_cache_key_follows_catalog_content_not_its_path(tmp_path, report):
    catalog = tmp_path / "catalog.csv"
    catalog.write_text("key,label\nteachers,Tổng số giáo viên\n", encoding="utf-8")
    before = ResultCache(tmp_path / "c", RunSettings(catalog=str(catalog))).key(report)
    assert ResultCache(tmp_path / "c", RunSettings(catalog=str(catalog))).key(report) == before
    catalog.write_text("key,label\nstudents,Tổng số học sinh\n", encoding="utf-8")
    assert ResultCache(tmp_path / "c", RunSettings(catalog=str(catalog))).key(report) != before


@pytest.mark.parametrize("other_name, same_key", [
    ("renamed.txt", True),        # same bytes, other name: a hit
    ("sub/Báo cáo.txt", True),
    ("a.jpg", False),             # same bytes as .jpg are skipped, not read
])
def test_cache_key_is_content_and_extension(tmp_path, report, other_name, same_key):
    other = tmp_path / other_name
    other.parent.mkdir(parents=True, exist_ok=True)
    other.write_bytes(report.read_bytes())
    cache = ResultCache(tmp_path / "c", RunSettings())
    assert (cache.key(report) == cache.key(other)) is same_key


def test_cache_hit_comes_back_under_the_new_doc_id(tmp_path, report):
    cache = ResultCache(tmp_path / "c", RunSettings())
    key = cache.key(report)
    cache.put(key, sample("a.txt"))
    hit = cache.get(key, "in/2025/lai-uyen.txt", "2025/lai-uyen.txt")
    assert hit.doc_id == "2025/lai-uyen.txt"
    assert (hit.document["doc_id"], hit.document["path"]) == ("2025/lai-uyen.txt", "in/2025/lai-uyen.txt")
    assert [f["doc_id"] for f in hit.figures + hit.references] == ["2025/lai-uyen.txt"] * 2
    assert hit.text == REPORT


def test_cache_miss_and_broken_entry_read_as_none(tmp_path, report):
    cache = ResultCache(tmp_path / "c", RunSettings())
    key = cache.key(report)
    assert cache.get(key, str(report), "a.txt") is None
    cache.put(key, sample())
    entry = next((tmp_path / "c").rglob("*.json"))
    entry.write_text("{half a json", encoding="utf-8")
    assert cache.get(key, str(report), "a.txt") is None


def test_cache_unreadable_input_has_no_key(tmp_path):
    assert ResultCache(tmp_path / "c", RunSettings()).key(tmp_path / "missing.txt") is None


def test_cache_relabel_keeps_rows_apart_from_the_original():
    original = sample("a.txt")
    relabel(original, "b.txt", "in/b.txt")
    assert original.figures[0]["doc_id"] == "a.txt"


def test_cache_unwritable_folder_costs_nothing_but_the_cache(tmp_path, report):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    cache = ResultCache(blocker / "c", RunSettings())
    key = cache.key(report)
    cache.put(key, sample())
    assert cache.get(key, str(report), "a.txt") is None

"""`--redact-pii` (issue 6): phones, e-mails and personal names masked in every output.

The examples come from the seeds (`Họ và tên người lập báo cáo: Võ Tự Duy Linh`,
`Điện thoại di động: 0978492914`, `Developed by Phạm Xuân Cường - ĐT: 0912.037911`);
every mask in running text keeps the text's length so figure offsets stay valid.
"""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest

from solieu.cli import main
from solieu.pipeline import DocResult, RunSettings, process_file
from solieu.redact import (mask_email, mask_phone, name_to_initials, redact_document_row,
                           redact_record_row, redact_result, redact_text)


@pytest.mark.parametrize(("phone", "masked"), [
    ("0978492914", "09******14"),
    ("0942.252.112", "09**.***.*12"),
    ("052.3882625", "05*.*****25"),
    ("(024) 3861 2345", "(02*) **** **45"),
    ("+84 978 492 914", "+84 *** *** *14"),
])
def test_redact_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(("email", "masked"), [
    ("a.b@x.vn", "a**@x.vn"),
    ("cuonggiaoduc@yahoo.com", "c***********@yahoo.com"),
    ("banbientap@lethuy.edu.vn", "b*********@lethuy.edu.vn"),
])
def test_redact_mask_email(email, masked):
    assert mask_email(email) == masked


@pytest.mark.parametrize(("name", "width", "initials"), [
    ("Vũ Thị Diệu Linh", None, "V. T. D. L."),
    ("Võ Tự Duy Linh", None, "V. T. D. L."),
    ("Đặng Văn Lâm", None, "Đ. V. L."),
    ("Vũ Thị Diệu Linh", 16, "V. T. D. L.     "),
    ("Vũ A", 4, "V.A."),
])
def test_redact_name_to_initials(name, width, initials):
    assert name_to_initials(name, width) == initials


@pytest.mark.parametrize(("text", "redacted"), [
    ("- Họ và tên người lập báo cáo: Võ Tự Duy Linh", "- Họ và tên người lập báo cáo: V. T. D. L.   "),
    ("- Điện thoại di động: 0978492914", "- Điện thoại di động: 09******14"),
    ("4. Điện thoại di động: 0942.252.112", "4. Điện thoại di động: 09**.***.*12"),
    ("Developed by Phạm Xuân Cường - ĐT: 0912.037911 - Email: cuonggiaoduc@yahoo.com",
     "Developed by P. X. C.        - ĐT: 09**.****11 - Email: c***********@yahoo.com"),
    ("Điện thoại: 052.3882625 - Email:banbientap@lethuy.edu.vn",
     "Điện thoại: 05*.*****25 - Email:b*********@lethuy.edu.vn"),
    ("phân nhiệm vụ cụ thể cho đ/c Tạ Thị Vân phụ trách", "phân nhiệm vụ cụ thể cho đ/c T. T. V.   phụ trách"),
    ("Ông Nguyễn Văn An", "Ông N. V. A.     "),
    ("Phạm Thị Hào", "P. T. H.    "),  # a signature line
    ("PHẠM THỊ HÀO", "P. T. H.    "),
    ("1\tPhạm Thị Hào\t8,5", "1\tP. T. H.    \t8,5"),  # a name alone in a table cell
    ("Liên hệ a.b@x.vn", "Liên hệ a**@x.vn"),
])
def test_redact_text_masks_pii_keeping_length(text, redacted):
    assert redact_text(text) == redacted
    assert len(redact_text(text)) == len(text)


@pytest.mark.parametrize("text", [
    "Trường THCS Nguyễn Văn Trỗi có 1.928 học sinh, đạt 0,5%",
    "Tổng số giáo viên có máy tính: 55/282 (19,50%)",
    "Quyết định 131/QĐ-TTg ngày 25/01/2022",
    "Thanh Trì, ngày 6 tháng 3 năm 2025",
    "Hà Nội",
    "Đ/c Trưởng phòng chỉ đạo",
    "kinh phí 29.000.000.000 đồng",
    "đường Lê Văn Hưu",
])
def test_redact_text_leaves_figures_symbols_and_places(text):
    assert redact_text(text) == text


def test_redact_text_masks_known_names_anywhere():
    text = "Báo cáo do Linh Võ Tự Duy Linh lập"
    assert redact_text(text, names=("Võ Tự Duy Linh",)) == "Báo cáo do Linh V. T. D. L.    lập"


def test_redact_document_row_pii_columns():
    row = {"doc_id": "a.txt", "reporter": "Võ Tự Duy Linh", "phone": "0978492914",
           "email": "a.b@x.vn", "signer": "Phạm Thị Hào", "issuer": "Trường THCS Lai Uyên"}
    assert redact_document_row(row) == {
        "doc_id": "a.txt", "reporter": "V. T. D. L.", "phone": "09******14",
        "email": "a**@x.vn", "signer": "P. T. H.", "issuer": "Trường THCS Lai Uyên"}


def test_redact_record_row_keeps_keys_and_offsets():
    row = {"doc_id": "a.txt", "figure_id": "a.txt#f1", "value": "55", "char_start": "10",
           "char_end": "12", "snippet": "Người lập biểu: Phạm Thị Hào có 55 giáo viên"}
    redacted = redact_record_row(row)
    assert redacted == {**row, "snippet": "Người lập biểu: P. T. H.     có 55 giáo viên"}


REPORT = """TRƯỜNG THCS LAI UYÊN
Số: 26/BC-THCSLU
Tổng số giáo viên có máy tính: 55/282 (19,50%).
- Họ và tên người lập báo cáo: Võ Tự Duy Linh
- Điện thoại di động: 0978492914
- Email: a.b@x.vn
HIỆU TRƯỞNG
Phạm Thị Hào
"""
SECRETS = ["0978492914", "a.b@x.vn", "Võ Tự Duy Linh", "Phạm Thị Hào"]


def test_redact_result_text_and_offsets():
    text = REPORT
    start = text.index("55/282")
    result = DocResult(doc_id="a.txt", document={"reporter": "Võ Tự Duy Linh", "signer": "Phạm Thị Hào",
                                                  "phone": "0978492914", "email": "a.b@x.vn"},
                       figures=[{"doc_id": "a.txt", "char_start": str(start), "char_end": str(start + 6),
                                 "snippet": "Tổng số giáo viên có máy tính: 55/282 (19,50%)."}],
                       text=text)
    redacted = redact_result(result)
    assert len(redacted.text) == len(text)
    assert redacted.text[start:start + 6] == "55/282"
    assert not [s for s in SECRETS if s in redacted.text]
    assert redacted.document == {"reporter": "V. T. D. L.", "signer": "P. T. H.",
                                 "phone": "09******14", "email": "a**@x.vn"}


def test_redact_process_file_masks_review_text(tmp_path):
    path = tmp_path / "bao-cao.txt"
    path.write_text(REPORT, encoding="utf-8")
    plain = process_file(str(path), "bao-cao.txt", RunSettings())
    redacted = process_file(str(path), "bao-cao.txt", RunSettings(redact_pii=True))
    assert len(redacted.text) == len(plain.text)
    assert [s for s in SECRETS if s in plain.text] == SECRETS
    assert [s for s in SECRETS if s in redacted.text] == []


def _output_bytes(out: Path) -> dict[str, bytes]:
    """Every file solieu left in `out` (cache included), xlsx sheets unzipped."""
    found = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as zf:
                for member in zf.namelist():
                    found[f"{path.name}:{member}"] = zf.read(member)
        else:
            found[str(path.relative_to(out))] = path.read_bytes()
    return found


def _encoded_forms(secret: str) -> list[bytes]:
    """How a secret can sit in a file: UTF-8, JSON with \\u escapes (cache, spool), HTML &#…; refs."""
    return [secret.encode("utf-8"), json.dumps(secret)[1:-1].encode("ascii"),
            secret.encode("ascii", "xmlcharrefreplace")]


@pytest.mark.parametrize(("options", "leaks"), [
    ([], True),  # the control: without the option the secrets are in the outputs, so the check can see them
    (["--redact-pii"], False),
])
def test_redact_run_every_output(tmp_path, options, leaks):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bao-cao.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "--workers", "1", "--quiet", *options]) == 0
    outputs = _output_bytes(out)
    found = sorted({s for s in SECRETS for data in outputs.values()
                    if any(form in data for form in _encoded_forms(s))})
    assert found == (sorted(SECRETS) if leaks else [])
    with open(out / "documents.csv", encoding="utf-8-sig", newline="") as fh:
        assert [row["status"] for row in csv.DictReader(fh)] == ["ok"]


SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpus" / "txt").glob("*.txt"))


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_redact_seed_offsets_still_point_at_their_records(seed):
    """On the real seeds: the redacted review text has the same length, and every figure and
    reference still sits at its char_start..char_end (symbols and counts are not personal)."""
    plain = process_file(str(seed), seed.name, RunSettings(ocr=False))
    redacted = process_file(str(seed), seed.name, RunSettings(ocr=False, redact_pii=True))
    assert len(redacted.text) == len(plain.text)
    records = [r for r in plain.figures + plain.references if r.get("char_start")]
    for record in records:
        start, end = int(record["char_start"]), int(record["char_end"])
        assert redacted.text[start:end] == plain.text[start:end]


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_redact_seed_report_fields_leave_no_trace(seed):
    """The reporter, signer, phone and e-mail the seed states are nowhere in its redacted result."""
    plain = process_file(str(seed), seed.name, RunSettings(ocr=False))
    redacted = process_file(str(seed), seed.name, RunSettings(ocr=False, redact_pii=True))
    secrets = [plain.document[c] for c in ("reporter", "signer", "phone", "email") if plain.document.get(c)]
    dumped = json.dumps(redacted.to_json(), ensure_ascii=False)
    assert [s for s in secrets if s in dumped] == []

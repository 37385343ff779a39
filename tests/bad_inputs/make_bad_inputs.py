"""Write the bad-input collection of issue 6 into tests/bad_inputs/files/.

Run `python3 tests/bad_inputs/make_bad_inputs.py` to regenerate. Every file is
built here from first principles (zip and PDF bytes written by hand), with a
fixed seed and fixed zip timestamps, so the committed files can be reproduced
and read: nothing comes from a real sender. Two inputs cannot live in git and
are made at test time by tests/test_bad_inputs.py: an unreadable file
(chmod 000) and a folder with a symlink loop.

Good reports sit in the same folder so the tests can prove that a bad file
never costs a good one its rows.
"""

from __future__ import annotations

import io
import random
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"

SEED = 6  # issue 6
ZIP_TIME = (2025, 3, 6, 0, 0, 0)  # fixed, so the zips are byte-identical on every run
BOMB_BYTES = 1 << 29  # 512 MiB of blanks in word/document.xml, ~0.5 MB compressed
DEEP_NESTING = 100_000  # elements inside each other; real documents nest a few dozen deep
MANY_PAGES = 2000
FILE_ID = b"736f6c69657520697373756520360000"  # "solieu issue 6"  # "thousands of pages"; the default --max-pages is a few hundred

# A short report in the shape of the seeds (Phòng GD&ĐT, a symbol, a date line, figures).
GOOD_LINES = [
    "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO THANH TRÌ",
    "TRƯỜNG THCS LAI UYÊN",
    "Số: 26/BC-THCSLU",
    "Thanh Trì, ngày 6 tháng 3 năm 2025",
    "BÁO CÁO",
    "Kết quả thực hiện chuyển đổi số năm học 2024-2025",
    "Căn cứ Quyết định số 131/QĐ-TTg ngày 25/01/2022 của Thủ tướng Chính phủ;",
    "Tổng số giáo viên có máy tính: 55/282 (19,50%).",
    "Nhà trường có 12 phòng học và 1.928 học sinh.",
]
GOOD_TEXT = "\n".join(GOOD_LINES) + "\n"
# The PDF's built-in Helvetica has no Vietnamese letters; the PDF report is in ASCII.
GOOD_PDF_LINES = [
    "PHONG GIAO DUC VA DAO TAO THANH TRI",
    "So: 27/BC-THCSLU",
    "Tong so giao vien co may tinh: 64/100 (64%).",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def document_xml(paragraphs: list[str], *, doctype: str = "", raw_runs: list[str] = ()) -> str:
    """word/document.xml with one paragraph per line; `raw_runs` go in unescaped (entity refs)."""
    runs = [f"<w:t>{_xml_escape(p)}</w:t>" for p in paragraphs] + list(raw_runs)
    body = "".join(f"<w:p><w:r>{run}</w:r></w:p>" for run in runs)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')


def docx_bytes(document: str) -> bytes:
    """A minimal .docx package (content types, relationships, document) around `document`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                           ("word/document.xml", document)):
            zf.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def bomb_docx_bytes(n_blank: int) -> bytes:
    """A .docx whose word/document.xml is valid XML padded with `n_blank` spaces.

    It is a real document (a reader without a size limit would parse it), it
    just decompresses to more than any report needs: deflate packs the blanks
    about 1000:1, so the file stays near 0.5 MB while it unpacks to 512 MiB.
    """
    head, tail = document_xml(["Báo cáo số 1"]).split("<w:body>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(zipfile.ZipInfo("[Content_Types].xml", ZIP_TIME), CONTENT_TYPES)
        zf.writestr(zipfile.ZipInfo("_rels/.rels", ZIP_TIME), ROOT_RELS)
        info = zipfile.ZipInfo("word/document.xml", ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as member:
            member.write((head + "<w:body>").encode())
            chunk = b" " * (1 << 20)
            for _ in range(n_blank // len(chunk)):
                member.write(chunk)
            member.write(tail.encode())
    return buffer.getvalue()


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def pdf_bytes(page_lines: list[list[str]] | None = None, *, n_shared_pages: int = 0,
              shared_lines: list[str] = ()) -> bytes:
    """A PDF written by hand: one page per entry of `page_lines`, or `n_shared_pages` pages
    that all point at one content stream (so 2000 pages cost ~100 bytes each)."""
    objects: list[bytes] = []  # object i+1

    def add(body: str | bytes) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    def content(lines: list[str]) -> int:
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 760 Td"]
        ops += [f"{_pdf_string(line)} Tj T*" for line in lines]
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        return add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")

    catalog = add("")  # filled in below, once the page tree is known
    pages = add("")
    font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    resources = f"<< /Font << /F1 {font} 0 R >> >>"
    contents = [content(lines) for lines in (page_lines or [])]
    if n_shared_pages:
        contents += [content(list(shared_lines))] * n_shared_pages
    kids = [add(f"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] "
                f"/Resources {resources} /Contents {c} 0 R >>") for c in contents]
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages} 0 R >>".encode()
    objects[pages - 1] = (f"<< /Type /Pages /Count {len(kids)} /Kids ["
                          + " ".join(f"{k} 0 R" for k in kids) + "] >>").encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    # A fixed file ID, so the encrypted copy (its key depends on the ID) is the same on every run.
    out.write(b"trailer\n<< /Size %d /Root %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, catalog, FILE_ID, FILE_ID, xref))
    return out.getvalue()


def encrypted_pdf_bytes(plain: bytes) -> bytes:
    """`plain` protected with a user password (RC4-128: needs no extra crypto library)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
    writer.encrypt(user_password="matkhau", owner_password="chu-so-huu", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    # pypdf draws the second half of /ID at random on each write; the key uses only the first
    # half, so fixing the second (same length) keeps the file valid and the output reproducible.
    first = b"<" + FILE_ID + b">"
    start = out.getvalue().index(first, out.getvalue().index(b"/ID")) + len(first)
    data = bytearray(out.getvalue())
    second = data.index(b"<", start)
    data[second + 1:second + 1 + len(FILE_ID)] = FILE_ID
    return bytes(data)


BILLION_LAUGHS = (
    '<!DOCTYPE w:document [\n<!ENTITY lol "lol">\n'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
              for i in range(1, 10))
    + "]>\n"
)
XXE = '<!DOCTYPE w:document [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'


def build_files() -> dict[str, bytes]:
    """File name (relative to files/) -> bytes, for every committed bad and good input."""
    rng = random.Random(SEED)
    good_docx = docx_bytes(document_xml(GOOD_LINES))
    good_pdf = pdf_bytes([GOOD_PDF_LINES])

    corrupt = bytearray(good_docx)
    # Scramble the middle of word/document.xml's compressed data (it is the last and largest
    # member), keeping the zip directory intact: the zip opens, the member does not inflate.
    start = corrupt.index(b"word/document.xml") + len("word/document.xml") + 10
    for i in range(start, start + 200):
        corrupt[i] = rng.randrange(256)

    return {
        "good/bao-cao-tot.txt": GOOD_TEXT.encode("utf-8"),
        "good/bao-cao-tot.docx": good_docx,
        "good/bao-cao-tot.pdf": good_pdf,
        'Báo cáo "số 1" của trường.txt': GOOD_TEXT.encode("utf-8"),
        "truncated.docx": good_docx[: len(good_docx) // 2],
        "corrupt.docx": bytes(corrupt),
        "bomb.docx": bomb_docx_bytes(BOMB_BYTES),
        "billion-laughs.docx": docx_bytes(document_xml(["Báo cáo"], doctype=BILLION_LAUGHS,
                                                       raw_runs=["<w:t>&lol9;</w:t>"])),
        "deep-nesting.docx": docx_bytes(document_xml(["Báo cáo"], raw_runs=[
            "<w:t>" + "<w:r>" * DEEP_NESTING + "</w:r>" * DEEP_NESTING + "</w:t>"])),
        "xxe.docx": docx_bytes(document_xml(["Báo cáo"], doctype=XXE, raw_runs=["<w:t>&xxe;</w:t>"])),
        "encrypted.pdf": encrypted_pdf_bytes(good_pdf),
        "many-pages.pdf": pdf_bytes(n_shared_pages=MANY_PAGES, shared_lines=GOOD_PDF_LINES[:1]),
        "empty.txt": b"",
        "empty.docx": b"",
        "garbage.txt": bytes(rng.randrange(256) for _ in range(4096)),
        "pdf-named.docx": good_pdf,
        "docx-named.pdf": good_docx,
    }


def main(argv: list[str]) -> int:
    FILES.mkdir(exist_ok=True)
    for name, data in build_files().items():
        target = FILES / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"{len(data):>10,d}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Guards for zip-based formats (.docx) before any XML is parsed.

A .docx is a zip: a hostile one declares gigabytes of XML (zip bomb) or a DTD
whose entities expand without end (billion laughs, XXE). Both are refused
before python-docx sees them.
"""

from __future__ import annotations

import zipfile

import regex

from solieu import errors

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes, whole archive
MAX_RATIO = 200  # uncompressed / compressed, for members above 10 MB
RE_DTD = regex.compile(rb"<!(?:DOCTYPE|ENTITY)", regex.IGNORECASE)
# An XML prolog without a DTD — BOM, declaration, comments, processing instructions,
# white space — followed by the root element's start tag.
RE_PROLOG_THEN_ROOT = regex.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?(?:[^?]|\?(?!>))*\?>\s*|<!--(?:[^-]|-(?!->))*-->\s*)*<[A-Za-z_]")
PROLOG_WINDOW = 64 * 1024
# Most prologs end within the first bytes: unpacking 4 KiB, not 64, of each member
# (Word's styles.xml and stylesWithEffects.xml are 350-440 kB) halves check_zip.
PROLOG_FIRST = 4 * 1024


class Refused(Exception):
    """The archive is not read; `args[0]` is the documents.csv error message."""


def check_zip(zf: zipfile.ZipFile) -> None:
    """Raise `Refused` for a zip bomb, or a DTD/entity declaration in any XML member."""
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.file_size > 10 * 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Refused(errors.TOO_LARGE.format(
                detail=f"{info.filename} unpacks to {info.file_size // (1024 * 1024)} MB from "
                       f"{info.compress_size // 1024} KB (zip bomb?); not read"))
    if total > MAX_UNCOMPRESSED:
        raise Refused(errors.TOO_LARGE.format(
            detail=f"the archive unpacks to {total // (1024 * 1024)} MB, above the "
                   f"{MAX_UNCOMPRESSED // (1024 * 1024)} MB limit"))
    for info in zf.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            with zf.open(info) as fh:
                data = fh.read(PROLOG_FIRST)
                if RE_PROLOG_THEN_ROOT.match(data):
                    continue  # the root element starts: no DTD can follow
                # A DTD (and so any ENTITY) may only stand in the prolog, before the root
                # element: once the root's `<` is seen, the rest need not be unpacked
                # (a Word styles.xml is 350 kB). A prolog that does not end within the
                # window, or is not UTF-8 text, is searched whole.
                if len(data) == PROLOG_FIRST:
                    data += fh.read(PROLOG_WINDOW - PROLOG_FIRST)
                if len(data) == PROLOG_WINDOW and not RE_PROLOG_THEN_ROOT.match(data):
                    data += fh.read()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise Refused(errors.CORRUPT.format(detail=f"{info.filename} cannot be unpacked ({exc})")) from exc
        except Exception as exc:  # zlib.error and friends
            raise Refused(errors.CORRUPT.format(detail=f"{info.filename} cannot be unpacked ({exc})")) from exc
        if not RE_PROLOG_THEN_ROOT.match(data) and RE_DTD.search(data):
            raise Refused(errors.CORRUPT.format(
                detail=f"{info.filename} declares a DTD or XML entities (entity expansion/XXE); not read"))

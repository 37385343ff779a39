"""styles.xml parsed only when something asks for it.

python-docx parses every XML part when it opens a package. A report's
styles.xml is often Word's full set of built-in styles (341 kB in python-docx's
own template and in reports saved from it): parsing it was 3.1 of the 19 ms a
generated .docx costs, yet solieu needs the styles only when a legacy font
(.VnTime, VNI-Times) may be named in them, which a look at the raw bytes tells.

`use_lazy_styles()` registers `LazyStylesPart` for the styles content type in
python-docx's `PartFactory.part_type_for`, the hook python-docx provides for
custom part classes. The part parses its XML on first use of `element`, so
every other python-docx user in the process (`document.styles`, saving) sees
exactly what it would have seen.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE
from docx.opc.part import PartFactory
from docx.oxml.parser import parse_xml
from docx.parts.styles import StylesPart

# Fonts are named only in `<w:rFonts w:ascii=".VnTime" …/>` elements (see
# docx.legacy_font: `.Vn…`, or `VNI…` in any case). A character reference (`&#46;Vn`) or
# a UTF-16 part could hide a name from a byte search, so those are parsed too.
RFONTS = b"rFonts"


class LazyStylesPart(StylesPart):
    """A StylesPart that keeps its XML as bytes until `element` is first read."""

    _parsed = None
    _xml: bytes | None = None

    @classmethod
    def load(cls, partname, content_type, blob, package):
        part = cls(partname, content_type, None, package)
        part._xml = blob
        return part

    @property
    def _element(self):
        if self._parsed is None and self._xml is not None:
            self._parsed, self._xml = parse_xml(self._xml), None
        return self._parsed

    @_element.setter
    def _element(self, element) -> None:  # XmlPart.__init__ assigns it
        self._parsed = element

    def may_name_legacy_font(self) -> bool:
        """False only when the unparsed bytes cannot name a legacy font; True when unsure."""
        xml = self._xml
        if xml is None:
            return True  # parsed already: the caller looks at the elements
        if xml.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in xml[:200]:
            return True  # UTF-16: not searchable as bytes
        if b"&#" in xml:
            return True
        # bytes.find over the 74 rFonts elements of Word's 341 kB styles: 0.7 ms; one regex
        # search for a quoted `.Vn`/`VNI` over the whole part took 5.8 ms.
        start = xml.find(RFONTS)
        while start >= 0:
            end = xml.find(b">", start)
            element = xml[start:end] if end >= 0 else xml[start:]
            if b".Vn" in element or b"vni" in element.lower():
                return True
            start = xml.find(RFONTS, start + len(RFONTS))
        return False


def use_lazy_styles() -> None:
    """Make python-docx load styles.xml as a LazyStylesPart (idempotent)."""
    PartFactory.part_type_for[CONTENT_TYPE.WML_STYLES] = LazyStylesPart

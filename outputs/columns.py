"""Column order of every table, copied from shared/CONTRACT.md (v1).

These tuples are the product's public face: spreadsheets and scripts rely on
them. A test asserts every written header equals them; change only with an
issue that changes the contract.
"""

DOCUMENTS_COLUMNS = (
    "doc_id", "path", "format", "sha256", "size_bytes", "pages", "status", "error",
    "encoding", "ocr", "title", "doc_type", "symbol", "issuer", "place", "issued_date",
    "school_year", "reporter", "phone", "email", "signer", "n_figures", "n_references",
)

FIGURES_COLUMNS = (
    "doc_id", "figure_id", "kind", "value", "upper", "unit", "qualifier", "total",
    "percent", "max_value", "indicator", "label", "period", "source", "page", "location",
    "char_start", "char_end", "snippet", "confidence",
)

REFERENCES_COLUMNS = (
    "doc_id", "ref_id", "relation", "ref_type", "number", "year", "code", "symbol",
    "issuer", "issued_date", "raw", "page", "char_start", "char_end", "snippet",
)

CHECKS_COLUMNS = ("doc_id", "check", "severity", "message", "refs")

# indicators.csv starts with these; one column per catalogue key follows.
INDICATORS_LEAD_COLUMNS = ("doc_id", "issuer", "issued_date")

TABLE_COLUMNS = {
    "documents": DOCUMENTS_COLUMNS,
    "figures": FIGURES_COLUMNS,
    "references": REFERENCES_COLUMNS,
    "checks": CHECKS_COLUMNS,
}

# Order of the files and of the workbook's sheets.
TABLE_NAMES = ("documents", "figures", "references", "checks", "indicators")

DOCUMENT_STATUSES = ("ok", "partial", "failed", "skipped")
FIGURE_KINDS = ("count", "percent", "score", "money", "ratio", "duration", "measure")
QUALIFIERS = ("about", "over", "under", "at_least", "at_most", "range")
CHECK_NAMES = (
    "percent_mismatch", "percent_over_100", "total_below_count", "sum_mismatch",
    "symbol_date_conflict", "symbol_number_conflict", "symbol_nonstandard",
    "date_blank_day", "form_incomplete", "duplicate_input",
)
SEVERITIES = ("error", "warning", "info")

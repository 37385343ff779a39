"""Error messages that end up in documents.csv `error`: one place, stable codes.

Each message starts with a short code (`encrypted:`, `corrupt:`…) that users
filter on, followed by a sentence in plain words.
"""

UNSUPPORTED = "unsupported: .{ext} files are not read (solieu reads .txt, .docx, .pdf, .doc)"
EMPTY = "empty: the file has no content"
ENCRYPTED = "encrypted: the PDF is password-protected; ask the sender for an unprotected copy"
ENCRYPTED_WORD = "encrypted: the Word file is password-protected; ask the sender for an unprotected copy"
CORRUPT = "corrupt: {detail}"
UNREADABLE = "unreadable: {detail}"
NO_TEXT = "no_text: no text could be read from the file"
NO_LIBREOFFICE = "no_libreoffice: .doc files need LibreOffice (apt-get install libreoffice-writer)"
NO_TESSERACT = ("no_tesseract: pages {pages} have no text layer and need OCR "
                "(apt-get install tesseract-ocr tesseract-ocr-vie)")
OCR_INCOMPLETE = "ocr_incomplete: pages {pages} were not OCRed (OCR stops after {seconds} s per document)"
OCR_DISABLED = "ocr_disabled: pages {pages} have no text layer (run without --no-ocr to OCR them)"
TOO_LARGE = "too_large: {detail}"
TOO_MANY_PAGES = "too_many_pages: only the first {max_pages} of {pages} pages were read"
TIMED_OUT = "timed out: reading took longer than {seconds} s"
CRASHED = "crashed: {detail}"
INTERNAL = "internal: {detail}"
DUPLICATE = "duplicate_input: same content as {other}"

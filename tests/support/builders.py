"""Contract files the tests and the benchmark build themselves: DOCX with python-docx, PDF with
reportlab (``STSong-Light`` for Chinese). The texts are written for these tests (not taken from any
dataset). One import for all of them: ``from tests.support import builders``.
"""

from tests.support.contract_texts import (
    CHINESE_SECTIONS,
    ENGLISH_SECTIONS,
    RETENTION_TABLE,
    RUNNING_HEADER,
    SECTIONS_PER_PAGE,
    chinese_report_clauses,
    long_contract_sections,
)
from tests.support.docx_builders import (
    chinese_docx,
    docx_bytes,
    english_docx,
    hidden_text_docx,
    legacy_doc_bytes,
    long_docx,
    macro_enabled_docx,
    reviewed_docx,
    zip_bomb_docx,
)
from tests.support.pdf_builders import (
    chinese_pdf,
    corrupt_pdf_bytes,
    encrypted_pdf,
    english_pdf,
    hidden_text_pdf,
    long_contract_pdf,
    ocr_scanned_pdf,
    scanned_page_pdf,
    scanned_pdf,
)

__all__ = [
    "CHINESE_SECTIONS",
    "ENGLISH_SECTIONS",
    "RETENTION_TABLE",
    "RUNNING_HEADER",
    "SECTIONS_PER_PAGE",
    "chinese_docx",
    "chinese_pdf",
    "chinese_report_clauses",
    "corrupt_pdf_bytes",
    "docx_bytes",
    "encrypted_pdf",
    "english_docx",
    "english_pdf",
    "hidden_text_docx",
    "hidden_text_pdf",
    "legacy_doc_bytes",
    "long_contract_pdf",
    "long_contract_sections",
    "long_docx",
    "macro_enabled_docx",
    "ocr_scanned_pdf",
    "reviewed_docx",
    "scanned_page_pdf",
    "scanned_pdf",
    "zip_bomb_docx",
]

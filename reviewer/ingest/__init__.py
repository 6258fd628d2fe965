"""Ingestion: bytes of a file -> a ``Document`` with pages, blocks, sections and offsets -> chunks."""

from reviewer.ingest.base import ParsedDocument, Parser, RawBlock, detect_parser, registered_parsers
from reviewer.ingest.pipeline import parse_bytes, parse_file

__all__ = [
    "ParsedDocument",
    "Parser",
    "RawBlock",
    "detect_parser",
    "parse_bytes",
    "parse_file",
    "registered_parsers",
]

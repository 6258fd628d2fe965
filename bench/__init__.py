"""Benchmarks that print numbers: ``python -m bench.ingest``, ``python -m bench.review`` (``make bench``)."""

"""Benchmarks: commands that print numbers (`make bench`)."""

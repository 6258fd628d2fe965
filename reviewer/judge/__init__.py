"""Judging: retrieval of candidate passages, rule signals, optional learned and LLM judges."""

"""The optional local LLM judge: its prompt, what its answer may change, draft tailoring, injection phrases."""

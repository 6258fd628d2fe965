"""Helpers the tests share: file builders, contract texts, fakes (one fake Ollama server) and log readers."""

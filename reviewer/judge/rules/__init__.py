"""The deterministic judge: library signals, hedges, red flags, relevance and values decide the status."""

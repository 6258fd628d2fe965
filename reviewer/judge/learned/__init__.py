"""The learned judge: small per-check models, their features, training, versions and the retrain gate."""

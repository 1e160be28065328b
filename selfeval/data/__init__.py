"""Data files: the catalogue of metrics, audit questions and facts, and roll-up settings."""

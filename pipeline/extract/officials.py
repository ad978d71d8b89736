"""Placeholder for the officials extractor (being written)."""

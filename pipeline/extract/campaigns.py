"""Placeholder for the campaigns extractor (being written)."""

"""Placeholder for the metadata extractor (being written)."""

"""Placeholder for the dates extractor (being written)."""

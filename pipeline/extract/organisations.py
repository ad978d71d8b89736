"""Placeholder for the organisations extractor (being written)."""

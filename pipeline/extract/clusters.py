"""Placeholder for the clusters extractor (being written)."""

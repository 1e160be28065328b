"""Readers of the authority's own data (Annex A, the statutory returns) into metrics files."""

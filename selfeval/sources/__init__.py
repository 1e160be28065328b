"""Importers: reading authorities' data (Annex A, DfE returns, audit sheets) into metrics."""

"""JSON Schemas for the metrics file, rule packs and the report."""

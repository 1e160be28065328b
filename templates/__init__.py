"""Report templates (Jinja2). Data, not code; this file only makes the folder ship in the wheel."""

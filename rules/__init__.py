"""Built-in rule packs. They are YAML data; this file only makes the folder ship in the wheel."""

"""SSDA903 (children looked after return): read the CSV tables or the XML, count DfE's measures."""

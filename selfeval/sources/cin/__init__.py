"""Children in need census (XML): read it streaming, count DfE's help-and-protection measures."""

"""selfeval: check a local authority's children's social care evidence against ILACS expectations."""

__version__ = "0.1.0"

"""The command line: click commands only, one module per command group.

Each command parses its options, calls the library (``selfeval.api`` or the stage packages,
imported inside the command so that ``selfeval check metrics.yaml`` loads neither the importers
nor Word), and maps errors to exit statuses (``common``). Nothing here decides a verdict.
"""

from selfeval.cli.app import main

__all__ = ["main"]

"""The command line: click commands only, one module per command group.

Each command parses its options, calls the library (``selfeval.api`` or the stage packages,
imported inside the command so that ``selfeval check metrics.yaml`` loads neither the importers
nor Word), and maps errors to exit statuses (``common``). Nothing here decides a verdict.
"""

import gc

# A command is a short, busy process that builds much and frees little: collecting every 700
# allocations spent about a tenth of a check in the garbage collector for nothing.
gc.set_threshold(50_000, 20, 100)

from selfeval.cli.app import main  # noqa: E402

__all__ = ["main"]

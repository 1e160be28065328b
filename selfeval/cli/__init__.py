"""The command line: click commands only, one module per command group.

Each command parses its options, calls the library (``selfeval.api`` or the stage packages,
imported inside the command so that ``selfeval check metrics.yaml`` loads neither the importers
nor Word), and maps errors to exit statuses (``common``). Nothing here decides a verdict.
"""

import gc
import sys

# A command is a short, busy process that builds much and frees little: collecting every 700
# allocations spent about a tenth of a check in the garbage collector for nothing.
gc.set_threshold(50_000, 20, 100)

__all__ = ["main"]


def main() -> None:
    """The ``selfeval`` command. The commands are imported here, not above, so that Ctrl-C while
    Python is still loading them is one quiet line and exit 130, like Ctrl-C at any other time."""
    try:
        from selfeval.cli.app import cli
    except KeyboardInterrupt:
        sys.stderr.write("selfeval: interrupted\n")
        raise SystemExit(130) from None
    gc.freeze()  # what the imports built lives until exit: never scan it again
    cli(prog_name="selfeval")

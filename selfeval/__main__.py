"""``python -m selfeval``: the same as the ``selfeval`` command."""

from selfeval.cli import main

main()

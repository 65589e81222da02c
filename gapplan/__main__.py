"""``python -m gapplan``."""

from gapplan.cli import main

main()

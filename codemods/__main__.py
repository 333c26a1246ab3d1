"""`python -m codemods` runs the same CLI as the `sqla-async` script."""

from codemods.cli import main

main()

"""`python -m mkdocs_specs`: the `mkdocs-specs` command, for environments without its script."""

from .cli import run

run()

"""mkdocs-specs: a spec portal for MkDocs (validation, status and ownership indexes, CI checks)."""

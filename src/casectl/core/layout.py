"""The casebook's layout on disk, as names only (pure, and light enough for shell completion)."""

CASES_DIR = "cases"  # cases/YYYY/MM/<ID>.yaml

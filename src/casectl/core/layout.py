"""The casebook's layout on disk, as names only (pure, and light enough for shell completion)."""

CASES_DIR = "cases"  # cases/YYYY/MM/<ID>.yaml
CONFIG_NAME = "casectl.yaml"  # the casebook's settings, at its root
PROFILES_DIR = "customers"  # customers/<name>.yaml: the customer profiles
PLANS_DIR = "plans"  # plans/YYYY-MM.yaml: the monthly improvement plans
ATTACHMENTS_DIR = "attachments"  # attachments/<ID>/<hash>-<name>: files kept as evidence

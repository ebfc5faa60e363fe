"""The command-line shell: parse, call the core, render. No rules live here."""

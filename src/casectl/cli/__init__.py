"""The command-line shell: parse the options, call the library (``casectl.api``), render the
result, exit with its code. No rules live here, and nothing here opens a file."""

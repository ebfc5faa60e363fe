"""Pure text out: tables, JSON, CSV, Markdown, GitHub annotations, JUnit and HTML from the
data commands return. Nothing here prints, opens a file or reads the environment."""

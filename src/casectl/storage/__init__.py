"""The only door to disk, environment and git: the casebook, the text <-> model codec, atomic
writes and the lock, the index cache, validate's walk, templates, git, doctor."""

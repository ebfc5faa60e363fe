"""Cases in and out: an old complaint log mapped to cases, and cases as flat tables."""

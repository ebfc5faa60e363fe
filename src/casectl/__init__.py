"""casectl: track customer complaints through to a closed loop."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version comes from package metadata, read only when asked (keeps start-up fast).
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("casectl")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "0.0.0"
    raise AttributeError(name)

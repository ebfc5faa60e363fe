"""casectl: track customer complaints through to a closed loop."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("casectl")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

"""The desk's version: the installed package's metadata, or the constant a bundle carries."""

from __future__ import annotations

PRODUCT_NAME = "BİMER Masaüstü"  # i18n: not shown (a proper name, the same in every language)
DISTRIBUTION = "bimer-desktop"
# Must equal [project] version in pyproject.toml (a test checks it). Used when the metadata
# is missing: a bundle built from a checkout that was never pip-installed.
FALLBACK_VERSION = "0.1.0"


def app_version() -> str:
    import importlib.metadata  # ≈20 ms: only when the version is asked for, not at start-up

    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return FALLBACK_VERSION


def version_line() -> str:
    """What ``bimer-desktop --version`` prints."""
    return f"{PRODUCT_NAME} {app_version()}"

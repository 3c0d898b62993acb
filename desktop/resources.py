"""One place that knows where bundled files are: from source, frozen or installed.

``resources`` is a package next to ``desktop``; PyInstaller sets ``__file__`` of bundled
modules relative to the bundle folder, so the same lookup works in every kind of run.
"""

from __future__ import annotations

from pathlib import Path

import resources as _resources_pkg

RESOURCES_DIR = Path(_resources_pkg.__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Path of a bundled file; raises FileNotFoundError if it is missing from the build."""
    path = RESOURCES_DIR.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"bundled resource missing: {path}")
    return path


def presets_dir() -> Path:
    return resource_path("presets")

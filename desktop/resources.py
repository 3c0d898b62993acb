"""One place that knows where bundled files are: from source, frozen or installed.

``resources`` is a package next to ``desktop``; PyInstaller sets ``__file__`` of bundled
modules relative to the bundle folder (``sys._MEIPASS``, the ``_internal`` folder of the
one-folder build) and packaging/innotrack.spec copies the data files to the same relative
places, so the same lookup works in every kind of run:

- from source and an editable install: the repository's ``resources/`` and ``db/migrations/``;
- a wheel install: ``site-packages/resources/`` (package data) and ``site-packages/db/migrations/``;
- the one-folder build and the installed copy of it (Inno Setup copies the folder as it is):
  ``<folder>/_internal/resources/`` and ``<folder>/_internal/db/migrations/``.

Nothing here depends on the current directory, and every path is a ``Path`` (Chinese
characters and spaces in the install folder or the user's profile are fine).
"""

from __future__ import annotations

import sys
from pathlib import Path

import resources as _resources_pkg


def is_frozen() -> bool:
    """True in the PyInstaller build (and in the installed copy of it)."""
    return bool(getattr(sys, "frozen", False))


def bundle_dir() -> Path | None:
    """The folder of the frozen build's bundled files (``sys._MEIPASS``); None from source."""
    meipass = getattr(sys, "_MEIPASS", None)
    return Path(meipass).resolve() if is_frozen() and meipass else None


def _resources_dir() -> Path:
    module_file = getattr(_resources_pkg, "__file__", None)
    if module_file:
        return Path(module_file).resolve().parent
    bundle = bundle_dir()  # a frozen module without __file__: fall back to the bundle layout
    if bundle is not None:
        return bundle / "resources"
    raise RuntimeError("cannot locate the resources package")


RESOURCES_DIR = _resources_dir()


def resource_path(*parts: str) -> Path:
    """Path of a bundled file; raises FileNotFoundError if it is missing from the build."""
    path = RESOURCES_DIR.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"bundled resource missing: {path}")
    return path


def presets_dir() -> Path:
    return resource_path("presets")


def migrations_dir() -> Path:
    """Alembic's script folder (env.py, versions/): Alembic reads it from disk at run time,
    so the build ships it as files. db/migrate.py finds the same folder next to its own
    ``__file__`` (db must not import desktop); tests/test_resources.py checks they agree."""
    import db

    path = Path(db.__file__).resolve().parent / "migrations"
    if not (path / "env.py").is_file():
        raise FileNotFoundError(f"bundled resource missing: {path / 'env.py'}")
    return path


GUIDE_NAMES = ("用户指南.pdf", "用户指南.md")


def user_guide_path() -> Path | None:
    """The user guide (PDF preferred, else Markdown): beside the executable in the build
    and the installed copy (packaging/build.py copies it there, where the clerk sees it),
    ``docs/`` in the source tree; None while it has not been written."""
    base = Path(sys.executable).resolve().parent if is_frozen() else RESOURCES_DIR.parent / "docs"
    for name in GUIDE_NAMES:
        path = base / name
        if path.is_file():
            return path
    return None

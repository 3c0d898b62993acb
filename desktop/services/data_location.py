"""Where the clerk's data lives by default; light (no storage stack) so the window can find
the database before SQLAlchemy is loaded."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "InnoTrack"
DB_FILE_NAME = "innotrack.db"


def data_dir() -> Path:
    """%LOCALAPPDATA%\\InnoTrack on Windows, ~/.local/share/InnoTrack on Linux."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def default_db_path() -> Path:
    return data_dir() / DB_FILE_NAME

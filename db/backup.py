"""Copies of a live database through SQLite's online backup API.

A plain file copy of an open WAL database can miss committed pages still in the -wal file;
the backup API copies a consistent snapshot page by page.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def backup_file(source: Path, destination: Path) -> Path:
    """Write a consistent copy of the database at ``source`` to ``destination``."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    tmp = destination.with_name(destination.name + ".part")
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(destination)
    return destination

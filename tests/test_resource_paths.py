"""The resource-path helper from source and as the frozen build sees it, and every file
the program loads at run time found through it (the build copies the same folders)."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from desktop import resources
from desktop.resources import RESOURCES_DIR, migrations_dir, resource_path

ROOT = Path(__file__).resolve().parents[1]


def test_from_source_the_repository_folders_are_used() -> None:
    assert not resources.is_frozen()
    assert resources.bundle_dir() is None
    assert RESOURCES_DIR == ROOT / "resources"
    assert migrations_dir() == ROOT / "db" / "migrations"


def test_every_runtime_file_is_found() -> None:
    for parts in (("icons", "innotrack.svg"), ("icons", "innotrack.ico"), ("style.qss",),
                  ("presets", "units.json"), ("presets", "liaocheng-2018.json")):
        assert resource_path(*parts).is_file(), parts
    versions = sorted(p.name for p in (migrations_dir() / "versions").glob("*.py"))
    assert versions and versions[0].startswith("0001_")
    assert (migrations_dir() / "env.py").is_file()


def test_migrations_folder_is_the_one_alembic_uses() -> None:
    from db import migrate

    assert migrate.MIGRATIONS == migrations_dir()
    assert migrate.head_revision() is not None  # Alembic reads the scripts from that folder


def test_frozen_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-folder build (or its installed copy) under a folder with Chinese and spaces."""
    app = tmp_path / "程序 文件" / "InnoTrack"
    internal = app / "_internal"
    (internal / "resources" / "presets").mkdir(parents=True)
    (app / "用户指南.pdf").write_bytes(b"%PDF-1.7")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "InnoTrack.exe"))
    assert resources.is_frozen()
    assert resources.bundle_dir() == internal.resolve()
    assert resources.user_guide_path() == (app / "用户指南.pdf").resolve()
    # A bundled module that lost its __file__ still finds the bundle's resources folder.
    monkeypatch.setattr(resources, "_resources_pkg", types.ModuleType("resources"))
    assert resources._resources_dir() == internal.resolve() / "resources"


def test_user_guide_from_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resources, "RESOURCES_DIR", tmp_path / "resources")
    assert resources.user_guide_path() is None
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "用户指南.md").write_text("# 用户指南", encoding="utf-8")
    assert resources.user_guide_path() == tmp_path / "docs" / "用户指南.md"
    (tmp_path / "docs" / "用户指南.pdf").write_bytes(b"%PDF-1.7")
    assert resources.user_guide_path() == tmp_path / "docs" / "用户指南.pdf"  # PDF preferred


def test_bundled_data_matches_the_spec() -> None:
    """packaging/innotrack.spec copies exactly the folders this module looks in."""
    spec = (ROOT / "packaging" / "innotrack.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in spec
    assert '(str(ROOT / "db" / "migrations"), "db/migrations")' in spec

"""Every bundled file the code refers to exists, from source as in a build."""

from __future__ import annotations

import pytest

from desktop.resources import RESOURCES_DIR, presets_dir, resource_path
from desktop.services.presets import UNITS_FILE, preset_names


def test_referenced_resources_exist() -> None:
    for parts in (("icons", "innotrack.svg"), ("style.qss",), ("presets", UNITS_FILE)):
        assert resource_path(*parts).is_file()
    assert presets_dir() == RESOURCES_DIR / "presets"
    assert preset_names() == [
        "liaocheng-2018", "taian-2022", "zibo-14th-review", "zibo-2022", "zibo-taskforces-2022",
    ]


def test_missing_resource_is_an_error_not_a_silent_none() -> None:
    with pytest.raises(FileNotFoundError):
        resource_path("icons", "missing.png")

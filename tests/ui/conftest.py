"""The main window over a temporary database, for the pages' tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desktop.app import build_window
from desktop.services.workspace import Workspace
from desktop.ui.application import create_application

OpenWindow = Callable[[str | Callable[[Workspace], int], str], tuple[Any, Workspace, int]]


@pytest.fixture
def window_on(qtbot: QtBot, tmp_path: Path) -> Iterator[OpenWindow]:
    """``window_on(plan, page)``: the window on ``page`` with ``plan`` (a preset name, or a
    function that creates a plan and returns its id) selected; closed after the test."""
    opened: list[Workspace] = []

    def open_window(plan: str | Callable[[Workspace], int], page: str) -> tuple[Any, Workspace, int]:
        create_application([])
        workspace = Workspace.open(tmp_path / "x.db")
        opened.append(workspace)
        plan_id = workspace.load_preset(plan) if isinstance(plan, str) else plan(workspace)
        window = build_window(workspace, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.refresh_plans(select_id=plan_id)
        window.show()
        window.show_page(page)
        return window, workspace, plan_id

    yield open_window
    for workspace in opened:
        workspace.close()

"""Export safety through the services: for every report, a missing folder, a read-only file,
a folder that refuses writing and a file held open by Excel give one clear Chinese message
naming the file, and leave the old file and the folder exactly as they were."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.database import Database
from desktop.services.presets import load_preset
from desktop.services.report_catalog import REPORTS
from desktop.services.reports import ExportRequest, export_report
from desktop.services.templates import export_template


def _suffix(report: str) -> str:
    return ".docx" if report == "bulletin" else ".xlsx"


def _exports(database: Database, plan: int):  # type: ignore[no-untyped-def]
    for report in REPORTS:
        yield report, lambda out, r=report: export_report(database, ExportRequest(r, plan, out, period="2024"))
    yield "template", lambda out: export_template(database, plan, "市科技局", "2024", out)


def test_every_export_refuses_clearly_and_touches_nothing(database: Database, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    plan = load_preset(database, "zibo-14th-review")
    folder = tmp_path / "导出"
    folder.mkdir()
    for report, run in _exports(database, plan):
        name = f"{report}{_suffix(report)}"
        # a missing folder
        with pytest.raises(UserError) as info:
            run(tmp_path / "没有的文件夹" / name)
        assert f"“{name}”" in info.value.message and "不存在" in info.value.message
        # a read-only file already there
        target = folder / name
        target.write_bytes(b"old")
        target.chmod(stat.S_IRUSR)
        try:
            with pytest.raises(UserError) as info:
                run(target)
        finally:
            target.chmod(stat.S_IRUSR | stat.S_IWUSR)
        assert f"“{name}”" in info.value.message and "只读" in info.value.message
        assert target.read_bytes() == b"old"
        # a folder that refuses writing (as a read-only folder does for anyone but root)
        with monkeypatch.context() as m:
            def refuse(*_a, **_k):  # type: ignore[no-untyped-def]
                raise PermissionError(13, "Permission denied")
            m.setattr(tempfile, "mkstemp", refuse)
            with pytest.raises(UserError) as info:
                run(target)
        assert f"“{name}”" in info.value.message and ("权限" in info.value.message or "占用" in info.value.message)
        # the file is open in Excel: Windows refuses to replace it
        real_replace = os.replace
        with monkeypatch.context() as m:
            def locked(src, dst):  # type: ignore[no-untyped-def]
                if Path(dst) == target:
                    raise PermissionError(13, "being used by another process")
                return real_replace(src, dst)
            m.setattr(os, "replace", locked)
            with pytest.raises(UserError) as info:
                run(target)
        assert f"“{name}”" in info.value.message and "关闭" in info.value.message
        assert target.read_bytes() == b"old"
        assert {p.name for p in folder.iterdir()} <= {f"{r}{_suffix(r)}" for r in [*REPORTS, "template"]}
        assert not [p for p in folder.iterdir() if p.name.startswith(".~")], "a temp file was left behind"

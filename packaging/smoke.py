"""Smoke tests against the built one-folder executable (CI runs them after the build).

A missing hidden import or data file fails here, not on a clerk's PC. Every step runs the
real executable in a fresh process, with all files under a folder whose name has Chinese
characters and spaces, and with HOME / XDG / LOCALAPPDATA pointing into a temporary
folder so nothing touches the user's profile.

    python packaging/smoke.py [dist/InnoTrack]

Steps: --version, presets, init --preset liaocheng-2018, plans, verify, export
indicator-system (opened with openpyxl), export bulletin (.docx: python-docx's template
must be bundled), export template for one unit, import of that template (dry run), and
the window opening offscreen (INNOTRACK_SMOKE_QUIT_MS).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import version_info  # noqa: E402

TIMEOUT = 120
PRESET = "liaocheng-2018"


class SmokeFailure(Exception):
    pass


class Smoke:
    def __init__(self, folder: Path, home: Path) -> None:
        self.folder = folder
        exe_suffix = ".exe" if sys.platform == "win32" else ""
        self.gui = folder / f"{version_info.EXE_NAME}{exe_suffix}"
        # On Windows the GUI executable has no console; the command line is innotrack-cli.exe.
        cli = folder / f"innotrack-cli{exe_suffix}"
        self.cli = cli if cli.is_file() else self.gui
        self.home = home
        self.data = home / "测试 数据"
        self.data.mkdir(parents=True)
        self.db = self.data / "指标 库.db"
        self.plan_id = ""
        self.env = dict(os.environ)
        for key in ("PYTHONPATH", "PYTHONHOME", "INNOTRACK_TIMING", "INNOTRACK_SMOKE_QUIT_MS"):
            self.env.pop(key, None)
        self.env.update({
            "HOME": str(home), "USERPROFILE": str(home),
            "XDG_DATA_HOME": str(home / ".local" / "share"), "XDG_CONFIG_HOME": str(home / ".config"),
            "LOCALAPPDATA": str(home / "AppData" / "Local"), "APPDATA": str(home / "AppData" / "Roaming"),
            "PYTHONIOENCODING": "utf-8",
        })

    def run(self, *args: str, exe: Path | None = None, env: dict[str, str] | None = None) -> str:
        cmd = [str(exe or self.cli), *args]
        proc = subprocess.run(cmd, env={**self.env, **(env or {})}, cwd=self.home, capture_output=True,
                              text=True, encoding="utf-8", errors="replace", timeout=TIMEOUT)
        if proc.returncode != 0 or "Traceback" in proc.stderr:
            raise SmokeFailure(f"{' '.join(cmd)} → exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
        return proc.stdout

    def version(self) -> None:
        out = self.run("--version").strip()
        expected = f"InnoTrack {version_info.package_version()}"
        if out != expected:
            raise SmokeFailure(f"--version printed {out!r}, expected {expected!r}")

    def presets(self) -> None:
        out = self.run("--db", str(self.db), "presets")
        for name in ("liaocheng-2018", "taian-2022", "zibo-14th-review", "zibo-2022", "zibo-taskforces-2022"):
            if name not in out:
                raise SmokeFailure(f"preset {name} missing from `presets`:\n{out}")

    def init(self) -> None:
        self.run("--db", str(self.db), "init", "--preset", PRESET)  # runs the Alembic migrations
        if not self.db.is_file():
            raise SmokeFailure(f"init did not create {self.db}")
        plans = self.run("--db", str(self.db), "plans").strip().splitlines()
        if len(plans) != 1 or "聊城" not in plans[0]:
            raise SmokeFailure(f"`plans` after init: {plans}")
        self.plan_id = plans[0].split()[0]

    def verify(self) -> None:
        self.run("--db", str(self.db), "verify")

    def export_indicator_system(self) -> None:
        out = self.data / "导出 文件" / "指标 体系.xlsx"
        out.parent.mkdir()
        self.run("--db", str(self.db), "export", "indicator-system", "--plan", self.plan_id, "--out", str(out))
        if not out.is_file():
            raise SmokeFailure(f"export wrote no file {out}")
        import openpyxl

        book = openpyxl.load_workbook(out)
        try:
            sheet = book.worksheets[0]
            texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
        finally:
            book.close()
        if sheet.max_row < 10 or not any("二级指标" in t for t in texts):
            raise SmokeFailure(f"{out} does not look like the 指标体系 table ({sheet.max_row} rows)")

    def export_bulletin(self) -> None:
        out = self.data / "进展 通报.docx"
        self.run("--db", str(self.db), "export", "bulletin", "--plan", self.plan_id, "--out", str(out))
        with zipfile.ZipFile(out) as docx:
            if "word/document.xml" not in docx.namelist():
                raise SmokeFailure(f"{out} is not a Word document")

    def template_round_trip(self) -> None:
        unit = "市科技局"
        out = self.data / "模板 目录" / f"{unit} 报送模板.xlsx"
        out.parent.mkdir()
        self.run("--db", str(self.db), "export", "template", "--plan", self.plan_id, "--unit", unit,
                 "--period", "2024", "--out", str(out))
        self.run("--db", str(self.db), "import", str(out), "--plan", self.plan_id, "--dry-run")

    def window(self) -> None:
        env = {"QT_QPA_PLATFORM": "offscreen", "INNOTRACK_SMOKE_QUIT_MS": "1500"}
        out = self.run("--db", str(self.db), env=env)  # no sub-command: the window
        if "窗口已打开：" not in out:
            raise SmokeFailure(f"the window did not report itself open:\n{out}")
        if self.gui != self.cli:  # Windows: the windowed executable, judged by its exit status
            self.run("--db", str(self.db), exe=self.gui, env=env)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    folder = Path(args[0]) if args else ROOT / "dist" / version_info.EXE_NAME
    folder = folder.resolve()
    if not folder.is_dir():
        print(f"smoke: no build at {folder} (run python packaging/build.py)", file=sys.stderr)
        return 2
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="innotrack-smoke ") as tmp:
        smoke = Smoke(folder, Path(tmp))
        steps: list[tuple[str, Callable[[], None]]] = [
            ("--version", smoke.version),
            ("presets", smoke.presets),
            (f"init --preset {PRESET} + plans", smoke.init),
            ("verify", smoke.verify),
            ("export indicator-system (openpyxl opens it)", smoke.export_indicator_system),
            ("export bulletin (.docx)", smoke.export_bulletin),
            ("export template + import --dry-run", smoke.template_round_trip),
            ("window opens offscreen", smoke.window),
        ]
        for name, step in steps:
            started = time.perf_counter()
            try:
                step()
            except (SmokeFailure, subprocess.TimeoutExpired, OSError, ValueError) as exc:
                failed += 1
                print(f"FAIL {name} ({time.perf_counter() - started:.1f} s)\n{exc}", flush=True)
                if not smoke.plan_id and name.startswith("init"):
                    break  # the remaining steps need the plan
            else:
                passed += 1
                print(f"ok   {name} ({time.perf_counter() - started:.1f} s)", flush=True)
    print(f"smoke: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: start-up of the window, each figure beside an anchor measured in the same run
(a bare PySide6 QApplication + QMainWindow that quits on its first paint).

Goals: first paint of the main window ≤ 1.5 × the anchor; the window usable with the
zibo-14th-review plan's first page (总览) and its data shown ≤ 3 × the anchor.

Each run is a fresh process with QT_QPA_PLATFORM=offscreen; the parent passes its
``time.time()`` from just before ``Popen`` in INNOTRACK_TIMING_T0 and the child prints the
seconds since then (desktop/app.py, INNOTRACK_TIMING=1). "first-paint" is the main window's
first paintEvent — the shell, before the database is opened (desktop.app.open_window);
"usable" is when the plan's 总览 shows its data (read through the start-up QuickView) with the
navigator and the plan switcher in place and the event queue drained; "ready" is when the
workspace is open (SQLAlchemy loaded on a worker thread meanwhile) and every page is in place.

Children compile into a private PYTHONPYCACHEPREFIX (one unmeasured warm-up run each), so
the figures hold byte code as an installed app would, even under PYTHONDONTWRITEBYTECODE.

    python tests/bench/bench_startup.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 5
PRESET = "zibo-14th-review"

ANCHOR = """
import os, sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
t0 = float(os.environ["INNOTRACK_TIMING_T0"])
class W(QMainWindow):
    done = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.done:
            self.done = True
            print(f"first-paint {time.time() - t0:.4f}", flush=True)
            app.quit()
app = QApplication(sys.argv)
w = W()
w.resize(1200, 800)
w.show()
app.exec()
"""


def prepare(folder: Path, name: str = "bench.db") -> Path:
    """A database ``folder/name`` holding the PRESET plan."""
    sys.path.insert(0, str(ROOT))
    from desktop.services.database import open_database
    from desktop.services.presets import load_preset

    path = folder / name
    db = open_database(path)
    try:
        load_preset(db, PRESET)
    finally:
        db.close()
    return path


def run(args: list[str], home: Path) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", INNOTRACK_TIMING="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))
    env["HOME"] = str(home)  # keep QSettings (last plan, geometry) out of the user's profile
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    return timed_child(args, env, ROOT, "first-paint")


def timed_child(args: list[str], env: dict[str, str], cwd: Path, required: str) -> dict[str, float]:
    """Run one timing child (``env`` gets INNOTRACK_TIMING_T0, the time just before it starts)
    and return the marks it printed; exits when it fails or does not print ``required``."""
    env["INNOTRACK_TIMING_T0"] = repr(time.time())
    proc = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=120)
    marks: dict[str, float] = {}
    for line in proc.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key in ("first-paint", "usable", "ready"):
            marks[key] = float(value)
    if proc.returncode != 0 or required not in marks:
        raise SystemExit(f"{args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description="start-up benchmark")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"fresh processes per side (default {ROUNDS})")
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = prepare(folder)
        anchor_args = [sys.executable, "-c", ANCHOR]
        ours_args = [sys.executable, "-m", "desktop", "--db", str(db)]
        run(anchor_args, folder)  # warm-up: fills the byte-code cache and the disk cache
        run(ours_args, folder)
        anchor: list[float] = []
        first: list[float] = []
        usable: list[float] = []
        ready: list[float] = []
        for _ in range(rounds):  # interleaved, so drift hits both sides alike
            anchor.append(run(anchor_args, folder)["first-paint"])
            marks = run(ours_args, folder)
            first.append(marks["first-paint"])
            usable.append(marks["usable"])
            ready.append(marks["ready"])
    a = statistics.median(anchor)
    f = statistics.median(first)
    u = statistics.median(usable)
    r = statistics.median(ready)
    print(f"start-up, medians of {rounds} fresh processes (offscreen), plan {PRESET}")
    print(f"  anchor: bare QMainWindow first paint     {a * 1000:7.0f} ms")
    print(f"  ours:   main window first paint          {f * 1000:7.0f} ms   {f / a:4.2f}×  (goal ≤ 1.5×)")
    print(f"  ours:   usable (总览 and data shown)     {u * 1000:7.0f} ms   {u / a:4.2f}×  (goal ≤ 3×)")
    print(f"  ours:   every page ready (workspace)     {r * 1000:7.0f} ms   {r / a:4.2f}×  (no goal; for the record)")


if __name__ == "__main__":
    main()

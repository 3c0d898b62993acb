"""Benchmark: the one-folder build — its size, and its start-up against the same program
run from source, both measured in the same run.

Goal: the frozen build's start-up (main window's first paint, and usable with 总览 and
its data shown) no slower than 1.2 × the same from source.

Each run is a fresh process with QT_QPA_PLATFORM=offscreen and INNOTRACK_TIMING=1 (the
window prints seconds since the parent's ``time.time()`` just before ``Popen``, see
desktop/app.py::_schedule_timing), against a database holding the zibo-14th-review plan.
Source runs compile into a private PYTHONPYCACHEPREFIX (as in bench_startup.py); one
unmeasured warm-up run each, then the two kinds alternate.

    python tests/bench/bench_frozen.py                 uses dist/InnoTrack (builds it if missing)
    python tests/bench/bench_frozen.py --build         rebuilds first
    python tests/bench/bench_frozen.py --compare-plain also builds without the pruning (size before/after)
    python tests/bench/bench_frozen.py --compare-pyz   also builds and times the PYZ-archive variant
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
sys.path.insert(0, str(ROOT))

import importlib.util  # noqa: E402

import version_info  # noqa: E402

from tests.bench import bench_startup  # noqa: E402  (shares its timing child and database)


def _load_build_script():  # packaging/build.py, under a name that cannot meet PyPA's `build`
    spec = importlib.util.spec_from_file_location("innotrack_build", ROOT / "packaging" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_script = _load_build_script()

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "9"))
PRESET = bench_startup.PRESET  # the plan prepare() loads


def prepare(folder: Path) -> Path:
    return bench_startup.prepare(folder, "基准 测试.db")


def run(args: list[str], home: Path, frozen: bool) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", INNOTRACK_TIMING="1")
    env.pop("INNOTRACK_SMOKE_QUIT_MS", None)
    env["HOME"] = str(home)  # keep QSettings and the log out of the user's profile
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    env["XDG_DATA_HOME"] = str(home / ".local" / "share")
    if frozen:
        env.pop("PYTHONPATH", None)
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return bench_startup.timed_child(args, env, home, "usable")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", action="store_true", help="rebuild dist/InnoTrack first")
    parser.add_argument("--compare-plain", action="store_true", help="also build without pruning")
    parser.add_argument("--compare-pyz", action="store_true", help="also time a build with the PYZ archive")
    args = parser.parse_args()

    folder = ROOT / "dist" / version_info.EXE_NAME
    build_seconds = None
    if args.build or not folder.is_dir():
        started = time.perf_counter()
        folder = build_script.build(ROOT / "dist", ROOT / "build" / "pyinstaller")
        build_seconds = time.perf_counter() - started
    size, files = build_script.folder_size(folder)
    print(f"bundle {folder}: {size / 2**20:.1f} MiB in {files} files"
          + (f" (built in {build_seconds:.1f} s)" if build_seconds else ""))
    if args.compare_plain:
        started = time.perf_counter()
        plain = build_script.build(ROOT / "build" / "plain-dist", ROOT / "build" / "pyinstaller-plain", plain=True)
        plain_size, plain_files = build_script.folder_size(plain)
        print(f"without pruning: {plain_size / 2**20:.1f} MiB in {plain_files} files "
              f"(built in {time.perf_counter() - started:.1f} s); pruning saves "
              f"{(plain_size - size) / 2**20:.1f} MiB ({1 - size / plain_size:.0%})")

    exe_name = version_info.EXE_NAME + (".exe" if sys.platform == "win32" else "")
    variants = {"frozen": folder / exe_name}
    if args.compare_pyz:
        started = time.perf_counter()
        pyz = build_script.build(ROOT / "build" / "pyz-dist", ROOT / "build" / "pyinstaller-pyz", pyz=True)
        pyz_size, pyz_files = build_script.folder_size(pyz)
        print(f"PYZ variant: {pyz_size / 2**20:.1f} MiB in {pyz_files} files "
              f"(built in {time.perf_counter() - started:.1f} s)")
        variants["frozen-pyz"] = pyz / exe_name
    with tempfile.TemporaryDirectory(prefix="innotrack-bench ") as tmp:
        home = Path(tmp)
        db = prepare(home)
        kinds = {"source": ([sys.executable, "-m", "desktop", "--db", str(db)], False)}
        kinds.update({name: ([str(exe), "--db", str(db)], True) for name, exe in variants.items()})
        for argv, frozen in kinds.values():  # warm-up: disk cache, byte-code cache
            run(argv, home, frozen)
        marks: dict[str, dict[str, list[float]]] = {k: {"first-paint": [], "usable": []} for k in kinds}
        for _ in range(ROUNDS):  # alternating, so drift hits every kind alike
            for kind, (argv, frozen) in kinds.items():
                m = run(argv, home, frozen)
                for key in ("first-paint", "usable"):
                    marks[kind][key].append(m[key])
    med = {k: {key: statistics.median(v) for key, v in d.items()} for k, d in marks.items()}
    print(f"start-up, medians of {ROUNDS} fresh processes (offscreen), plan {PRESET}; goal frozen ≤ 1.2× source")
    for key, label in (("first-paint", "main window first paint"), ("usable", "usable (总览 and data shown)")):
        source = med["source"][key]
        line = f"  {label:28s} source {source * 1000:6.0f} ms"
        for kind in variants:
            value = med[kind][key]
            line += f"   {kind} {value * 1000:6.0f} ms ({value / source:4.2f}×)"
        print(line)

if __name__ == "__main__":
    main()

"""Build the one-folder executable: ``python packaging/build.py`` → dist/InnoTrack/.

Works on Windows and Linux (PyInstaller builds for the system it runs on). Needs the
build extra: ``pip install -e ".[build]"``.

    python packaging/build.py            the release build (unused Qt parts left out)
    python packaging/build.py --plain    no excludes, no pruning (to compare sizes)
    python packaging/build.py --dist DIR write the folder under DIR instead of dist/
    python packaging/build.py --pyz      modules in one archive, not .pyc files (to compare)

Prints the build time and the bundle's size at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import version_info  # noqa: E402


def folder_size(path: Path) -> tuple[int, int]:
    """Bytes and number of files under ``path`` (symlinks not followed, not counted twice)."""
    total = files = 0
    for item in path.rglob("*"):
        if item.is_file() and not item.is_symlink():
            total += item.stat().st_size
            files += 1
    return total, files


def ensure_icon() -> Path:
    """resources/icons/innotrack.ico is committed; regenerate it from the SVG if missing."""
    ico = ROOT / "resources" / "icons" / "innotrack.ico"
    if not ico.is_file():
        subprocess.run([sys.executable, str(HERE / "make_icon.py")], check=True)
    return ico


def build(dist: Path, work: Path, plain: bool = False, pyz: bool = False) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit('PyInstaller is missing: pip install -e ".[build]"') from None
    ensure_icon()
    work.mkdir(parents=True, exist_ok=True)
    version_file = work / "version_info.txt"
    version_file.write_text(version_info.version_file_text(), encoding="utf-8")
    env = dict(os.environ, INNOTRACK_VERSION_FILE=str(version_file))
    env.pop("INNOTRACK_BUILD_PLAIN", None)
    env.pop("INNOTRACK_BUILD_PYZ", None)
    if plain:
        env["INNOTRACK_BUILD_PLAIN"] = "1"
    if pyz:
        env["INNOTRACK_BUILD_PYZ"] = "1"
    cmd = [
        sys.executable, "-m", "PyInstaller", str(HERE / "innotrack.spec"),
        "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work),
    ]
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)
    folder = dist / version_info.EXE_NAME
    copy_guide(folder)
    return folder


def copy_guide(folder: Path) -> list[Path]:
    """The user guide goes beside the executable (desktop/resources.py::user_guide_path)."""
    copied = []
    for name in ("用户指南.pdf", "用户指南.md"):
        source = ROOT / "docs" / name
        if source.is_file():
            copied.append(Path(shutil.copy2(source, folder / name)))
    return copied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the InnoTrack one-folder executable.")
    parser.add_argument("--plain", action="store_true", help="no excludes and no pruning")
    parser.add_argument("--pyz", action="store_true", help="modules in one archive (PYZ), not .pyc files")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default dist/)")
    parser.add_argument("--work", type=Path, default=None, help="PyInstaller work folder (default build/)")
    args = parser.parse_args(argv)
    work = args.work or ROOT / "build" / ("pyinstaller-plain" if args.plain else "pyinstaller")
    started = time.perf_counter()
    folder = build(args.dist.resolve(), work.resolve(), plain=args.plain, pyz=args.pyz)
    seconds = time.perf_counter() - started
    size, files = folder_size(folder)
    print(f"built {folder} in {seconds:.1f} s: {size / 2**20:.1f} MiB in {files} files "
          f"(InnoTrack {version_info.package_version()}{', plain' if args.plain else ''}"
          f"{', PYZ' if args.pyz else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

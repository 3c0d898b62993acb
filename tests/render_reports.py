"""Export every report module for a preset and render it to PDF and PNG to look at.

Not a test (no ``test_`` prefix): run it by hand after changing a report's layout::

    python tests/render_reports.py                       # liaocheng-2018 → /tmp/render
    python tests/render_reports.py --preset zibo-2022 --out /tmp/render-zibo --dpi 80
    python tests/render_reports.py --only task_division

Every module in ``desktop/workbooks/reports/`` is exported to ``OUT/NAME.xlsx``: through
the export service (``desktop.services.reports.export_report``, the same path as
``innotrack export``) when the report is in the catalogue, else with ``build(plan)``. Each
file is converted with headless LibreOffice to ``OUT/NAME.pdf`` and rasterised with
``pdftoppm`` to ``OUT/NAME-1.png`` … Then open the PNGs in an image viewer.
``--period`` and ``--as-of`` are passed to the export service as on the command line.

Needs: ``apt-get install -y libreoffice-calc fonts-noto-cjk fonts-arphic-uming
fonts-wqy-zenhei fonts-crosextra-carlito poppler-utils``. A fontconfig file maps the
Windows font names of the official formats (仿宋_GB2312, 黑体, 方正小标宋简体 …) to
metric-compatible stand-ins (half-width ASCII), so line breaks look as on a clerk's PC;
Carlito stands in for Calibri, which sets Excel's column-width unit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import inspect
import os
import pkgutil
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
{aliases}
</fontconfig>
"""
ALIASES = {
    "仿宋_GB2312": "AR PL UMing CN",
    "仿宋": "AR PL UMing CN",
    "FangSong": "AR PL UMing CN",
    "宋体": "AR PL UMing CN",
    "SimSun": "AR PL UMing CN",
    "黑体": "WenQuanYi Zen Hei Mono",
    "SimHei": "WenQuanYi Zen Hei Mono",
    "楷体_GB2312": "AR PL UKai CN",
    "楷体": "AR PL UKai CN",
    "KaiTi": "AR PL UKai CN",
    "方正小标宋简体": "Noto Serif CJK SC",
    "微软雅黑": "Noto Sans CJK SC",
}


SUFFIX = {"bulletin": ".docx"}  # reports that are not spreadsheets (LibreOffice renders them too)


def write_fonts_conf(folder: Path) -> Path:
    lines = [
        f'  <alias binding="strong"><family>{name}</family>'
        f"<prefer><family>{target}</family></prefer></alias>"
        for name, target in ALIASES.items()
    ]
    path = folder / "fonts.conf"
    path.write_text(FONTS_CONF.format(aliases="\n".join(lines)), encoding="utf-8")
    return path


def load_plan(preset: str, workdir: Path):
    from desktop.services.database import open_database
    from desktop.services.plans import dump_plan
    from desktop.services.presets import load_preset

    database = open_database(workdir / "render.db")
    plan_id = load_preset(database, preset)
    return database, plan_id, dump_plan(database, plan_id)


def report_exporters(only: list[str] | None, args, database, plan_id: int, plan: dict):
    """(module name, function writing the .xlsx to a path) for every report module."""
    import desktop.workbooks.reports as package
    from desktop.workbooks.styles import save_atomic

    try:
        from desktop.services.report_catalog import REPORTS
        from desktop.services.reports import ExportRequest, export_report
    except ImportError:  # the export service is not there yet
        REPORTS, ExportRequest, export_report = {}, None, None

    found = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_") or (only and info.name not in only):
            continue
        report = info.name.replace("_", "-")
        if report in REPORTS:

            def export(path: Path, report=report) -> Path:
                request = ExportRequest(report, plan_id, path, period=args.period, as_of=args.as_of)
                return export_report(database, request)

            found.append((info.name, export))
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        build = getattr(module, "build", None)
        params = [
            p
            for p in (inspect.signature(build).parameters.values() if build else [])
            if p.default is inspect.Parameter.empty
            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        if build is None or len(params) != 1:
            print(f"skip {info.name}: not in the export catalogue and no build(plan)")
            continue
        found.append((info.name, lambda path, build=build: save_atomic(build(plan), path)))
    return found


def render(xlsx: Path, out: Path, env: dict, profile: Path, dpi: int) -> list[Path]:
    subprocess.run(
        [
            shutil.which("soffice") or "libreoffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(xlsx),
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=180,
    )
    pdf = out / (xlsx.stem + ".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")
    size = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Page size:")), "?")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, env=env).stdout
    used = sorted({line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:] if line.strip()})
    print(f"  {pdf.name}: {pages} page(s), {size}; fonts: {', '.join(used)}")
    for old in out.glob(f"{xlsx.stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out / xlsx.stem)], check=True)
    return sorted(out.glob(f"{xlsx.stem}-*.png"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="liaocheng-2018")
    parser.add_argument("--out", type=Path, default=Path("/tmp/render"))
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--only", nargs="*", help="module names, e.g. task_division")
    parser.add_argument("--period", help="报送期 for the export service, e.g. 2024, 2024Q2, 2024-06")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, help="YYYY-MM-DD")
    args = parser.parse_args(argv)

    missing = [tool for tool in ("soffice", "pdftoppm", "pdfinfo") if shutil.which(tool) is None]
    if missing:
        print("missing: " + ", ".join(missing) + " (apt-get install -y libreoffice-calc poppler-utils)")
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="render-") as tmp:
        workdir = Path(tmp)
        env = dict(os.environ, FONTCONFIG_FILE=str(write_fonts_conf(workdir)))
        database, plan_id, plan = load_plan(args.preset, workdir)
        failed = 0
        for name, export in report_exporters(args.only, args, database, plan_id, plan):
            xlsx = args.out / f"{name}{SUFFIX.get(name, '.xlsx')}"
            try:
                written = Path(export(xlsx))
            except Exception as exc:  # show every report even if one fails
                failed += 1
                print(f"{name}: FAILED {type(exc).__name__}: {exc}")
                continue
            print(f"{name}: {written}")
            for png in render(written, args.out, env, workdir / "lo-profile", args.dpi):
                print(f"  {png}")
        close = getattr(database, "close", None)
        if close is not None:
            close()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

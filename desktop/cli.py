"""The headless command line (DESIGN.md, Command line). Same services as the window.

Errors the user can fix print one Chinese line on stderr and exit 2; nothing is half-written
because every command that writes runs in one transaction.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from desktop import __version__
from desktop.errors import UserError
from desktop.jsonout import to_json
from desktop.services.report_catalog import REPORTS

EXIT_USER_ERROR = 2


class _ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"命令参数有误：{message}。用 innotrack --help 查看用法。\n")
        raise SystemExit(EXIT_USER_ERROR)


def build_parser() -> argparse.ArgumentParser:
    db_help = "数据库文件（默认在用户数据文件夹中）"
    common = _ChineseArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=db_help)

    parser = _ChineseArgumentParser(
        prog="innotrack",
        description="创新型城市建设指标任务填报系统。不带子命令时启动桌面程序。",
    )
    parser.add_argument("--db", type=Path, default=None, help=db_help)
    parser.add_argument("--version", action="version", version=f"InnoTrack {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_ChineseArgumentParser, metavar="命令")

    sub.add_parser("presets", parents=[common], help="列出内置的预置方案")
    p = sub.add_parser("init", parents=[common], help="载入一个预置方案")
    p.add_argument("--preset", required=True, help="预置方案名称，例如 liaocheng-2018")
    sub.add_parser("plans", parents=[common], help="列出数据库中的方案（每行以编号开头）")
    p = sub.add_parser("dump", parents=[common], help="以 JSON 输出整个方案")
    p.add_argument("--plan", type=int, required=True, help="方案编号")
    sub.add_parser("verify", parents=[common], help="检查数据库完整性")
    p = sub.add_parser("check", parents=[common], help="对照目标和时限检查方案进度")
    p.add_argument("--plan", type=int, required=True, help="方案编号")
    p.add_argument("--as-of", type=_iso_date, default=None, help="按哪一天检查（YYYY-MM-DD，默认今天）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p = sub.add_parser("export", parents=[common], help="导出规定格式的报表")
    p.add_argument("report", metavar="报表", choices=list(REPORTS), help="报表名称：" + "、".join(REPORTS))
    p.add_argument("--plan", type=int, required=True, help="方案编号")
    p.add_argument("--out", type=Path, required=True, help="保存到的文件（.xlsx；进展通报为 .docx 或 .txt）")
    p.add_argument("--period", default=None, help="报送期，例如 2024、2024Q2、2024-06")
    p.add_argument("--unit", default=None, help="只导出某个单位的内容")
    p.add_argument("--as-of", type=_iso_date, default=None, help="按哪一天计算状态（YYYY-MM-DD，默认今天）")
    return parser


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”无效，请写成 YYYY-MM-DD，例如 2024-06-30") from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _utf8_stdout()
    try:
        return _run(args)
    except UserError as exc:
        sys.stderr.write(f"错误：{exc.message}\n")
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("已取消。\n")
        return 130


def _utf8_stdout() -> None:
    """JSON and Chinese text go out as UTF-8 even where the console code page is GBK."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(encoding="utf-8", errors="replace")


def _run(args: argparse.Namespace) -> int:
    from desktop.services import presets as preset_service

    if args.command == "presets":
        for info in preset_service.list_presets():
            doc = f"（{info.doc_number}）" if info.doc_number else ""
            print(f"{info.name}\t{info.plan_name}{doc}")
        return 0

    from desktop.services.database import open_database, verify
    from desktop.services.plans import dump_plan, list_plans

    database = open_database(args.db)
    try:
        if args.command == "init":
            plan_id = preset_service.load_preset(database, args.preset)
            print(f"{plan_id}\t已载入预置方案 {args.preset}（数据库：{database.path}）")
        elif args.command == "plans":
            plans = list_plans(database)
            if not plans:
                print("数据库中还没有方案。用 innotrack init --preset 名称 载入一个预置方案。")
            for p in plans:
                doc = f"（{p.doc_number}）" if p.doc_number else ""
                print(f"{p.id}\t{p.name}{doc}\t指标 {p.indicators} 项\t任务 {p.tasks} 项")
        elif args.command == "dump":
            print(to_json(dump_plan(database, args.plan)))
        elif args.command == "check":
            from desktop.services.check_output import check_table
            from desktop.services.evaluation import check_plan, check_records

            result = check_plan(database, args.plan, args.as_of)
            print(to_json(check_records(result)) if args.json else check_table(result))
        elif args.command == "export":
            from desktop.services.reports import ExportRequest, export_report

            path = export_report(
                database,
                ExportRequest(args.report, args.plan, args.out, args.period, args.unit, args.as_of),
            )
            print(f"已导出：{path}")
        elif args.command == "verify":
            problems = verify(database)
            if problems:
                for line in problems:
                    sys.stderr.write(f"{line}\n")
                raise UserError(f"数据库 {database.path} 检查未通过，发现 {len(problems)} 个问题。请从备份恢复。")
            print(f"数据库 {database.path} 完整性检查通过。")
        else:  # pragma: no cover - argparse restricts the choices
            raise UserError(f"未知命令：{args.command}")
    finally:
        database.close()
    return 0

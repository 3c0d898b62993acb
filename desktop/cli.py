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
from typing import TYPE_CHECKING, NoReturn

from desktop import __version__
from desktop.errors import UserError
from desktop.jsonout import to_json
from desktop.services.report_catalog import REPORTS

if TYPE_CHECKING:
    from desktop.services.database import Database

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
    sub.add_parser("sample", parents=[common], help="创建一个带示例数据的方案，用于试用")
    sub.add_parser("plans", parents=[common], help="列出数据库中的方案（每行以编号开头）")
    p = sub.add_parser("dump", parents=[common], help="以 JSON 输出整个方案")
    p.add_argument("--plan", type=int, required=True, help="方案编号")
    sub.add_parser("verify", parents=[common], help="检查数据库完整性")
    p = sub.add_parser("backup", parents=[common], help="备份数据库（默认存入数据库旁的 backups 文件夹）")
    p.add_argument("--out", type=Path, default=None, help="备份到指定文件")
    sub.add_parser("backups", parents=[common], help="列出 backups 文件夹中的备份（最新的在前）")
    p = sub.add_parser("restore", parents=[common], help="用备份文件替换数据库（先检查备份，并保留当前数据库的副本）")
    p.add_argument("file", type=Path, metavar="备份文件")
    p = sub.add_parser("check", parents=[common], help="对照目标和时限检查方案进度")
    p.add_argument("--plan", type=int, required=True, help="方案编号")
    p.add_argument("--as-of", type=_iso_date, default=None, help="按哪一天检查（YYYY-MM-DD，默认今天）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p = sub.add_parser("export", parents=[common], help="导出规定格式的报表或报送模板")
    p.add_argument("report", metavar="报表", choices=[*REPORTS, "template", "templates"],
                   help="报表名称：" + "、".join(REPORTS) + "；template（单位报送模板）、templates（整轮模板）")
    p.add_argument("--plan", type=int, default=None, help="方案编号")
    p.add_argument("--round", type=int, default=None, help="报送轮次编号（templates）")
    p.add_argument("--out", type=Path, required=True, help="保存到的文件（.xlsx；进展通报为 .docx 或 .txt；templates 为文件夹）")
    p.add_argument("--period", default=None, help="报送期，例如 2024、2024Q2、2024-06")
    p.add_argument("--unit", default=None, help="只导出某个单位的内容")
    p.add_argument("--as-of", type=_iso_date, default=None, help="按哪一天计算状态（YYYY-MM-DD，默认今天）")

    p = sub.add_parser("round", parents=[common], help="报送轮次：开启、列表、进度")
    rsub = p.add_subparsers(dest="round_command", parser_class=_ChineseArgumentParser, metavar="操作", required=True)
    r = rsub.add_parser("open", parents=[common], help="开启一个报送轮次")
    r.add_argument("--plan", type=int, required=True, help="方案编号")
    r.add_argument("--period", required=True, help="报送期，例如 2024、2024Q2、2024-06")
    r.add_argument("--due", type=_iso_date, required=True, help="截止日期 YYYY-MM-DD")
    r.add_argument("--units", nargs="+", default=None, help="应报单位（默认：该期有指标或任务的全部责任单位）")
    r = rsub.add_parser("list", parents=[common], help="列出报送轮次")
    r.add_argument("--plan", type=int, default=None, help="只列出某个方案的轮次")
    r = rsub.add_parser("status", parents=[common], help="某一轮次的报送情况")
    r.add_argument("round_id", type=int, metavar="轮次编号")
    for name, text in (("submit", "标记为已报送"), ("lock", "锁定该期间：此后不能修改或导入"), ("unlock", "解锁（需说明原因）")):
        r = rsub.add_parser(name, parents=[common], help=text)
        r.add_argument("round_id", type=int, metavar="轮次编号")
        r.add_argument("--reason", default=None, help="原因（解锁时必填，记入修改记录）")

    p = sub.add_parser("import", parents=[common], help="导入各单位报送的表格（.xlsx、.xls、.csv）")
    p.add_argument("files", nargs="+", type=Path, metavar="文件")
    p.add_argument("--plan", type=int, required=True, help="方案编号")
    p.add_argument("--round", type=int, default=None, help="报送轮次编号")
    p.add_argument("--unit", default=None, help="报送单位（文件中没有写明时）")
    p.add_argument("--period", default=None, help="报送期（文件中没有写明时），例如 2023、2024-06")
    p.add_argument("--map", action="append", default=None, metavar="列=字段",
                   help="手工指定列的含义，例如 --map 'B=name' --map 'D=value:2023'；会为该单位记住")
    p.add_argument("--password", default=None, help="文件的打开密码（加密文件）")
    p.add_argument("--dry-run", action="store_true", help="只预览，不写入")

    p = sub.add_parser("batches", parents=[common], help="列出导入批次（每行以批次编号开头）")
    p.add_argument("--plan", type=int, required=True, help="方案编号")
    p = sub.add_parser("undo-batch", parents=[common], help="撤销一个导入批次")
    p.add_argument("batch_id", type=int, metavar="批次编号")

    p = sub.add_parser("history", parents=[common], help="修改记录：方案、某个指标（数值和目标）或某项任务（进展）")
    p.add_argument("--plan", type=int, required=True, help="方案编号")
    p.add_argument("--indicator", type=int, default=None, help="指标编号（见 dump）")
    p.add_argument("--period", default=None, help="只看该指标某一期的数值，例如 2024、2024Q2")
    p.add_argument("--task", type=int, default=None, help="任务编号（见 dump）")
    p.add_argument("--json", action="store_true", help="输出 JSON")

    p = sub.add_parser("import-plan", parents=[common], help="从方案的指标体系、重点任务分工表格新建方案")
    p.add_argument("files", nargs="+", type=Path, metavar="文件")
    p.add_argument("--name", default=None, help="方案名称（默认取表格标题）")

    p = sub.add_parser("draft-plan", parents=[common], help="从政策文件（.docx、.txt、带文字的 .pdf）起草方案")
    p.add_argument("file", type=Path, metavar="文件")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--json", action="store_true", help="以 JSON 输出草稿供核对（不写入数据库）")
    mode.add_argument("--save", action="store_true", help="核对无误后，按草稿新建方案")
    p.add_argument("--name", default=None, help="方案名称（默认取文件标题）")
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


def _export(database: Database, args: argparse.Namespace) -> None:
    if args.report == "templates":
        from desktop.services.templates import export_round_templates

        if args.round is None:
            raise UserError("导出整轮模板需要 --round 轮次编号。")
        paths = export_round_templates(database, args.round, args.out)
        for path in paths:
            print(f"已导出：{path}")
        print(f"共 {len(paths)} 个单位的报送模板。")
        return
    if args.plan is None:
        raise UserError("请用 --plan 指定方案编号。")
    if args.report == "template":
        from desktop.services.templates import export_template

        if args.unit is None or args.period is None:
            raise UserError("导出报送模板需要 --unit 单位 和 --period 报送期。")
        print(f"已导出：{export_template(database, args.plan, args.unit, args.period, args.out)}")
        return
    from desktop.services.reports import ExportRequest, export_report

    path = export_report(database, ExportRequest(args.report, args.plan, args.out, args.period, args.unit, args.as_of))
    print(f"已导出：{path}")


def _state_label(state: str) -> str:
    from desktop.services.period_locks import state_label

    return state_label(state)


def _round(database: Database, args: argparse.Namespace) -> None:
    from desktop.services.rounds import list_rounds, open_round, round_status

    if args.round_command == "open":
        rid = open_round(database, args.plan, args.period, args.due, args.units)
        summary = round_status(database, rid)
        print(f"{rid}\t已开启报送轮次：{summary.period_label}，截止 {summary.due}，应报单位 {len(summary.units)} 个")
    elif args.round_command in ("submit", "lock", "unlock"):
        from desktop.services.period_locks import set_round_state, state_label

        state = {"submit": "submitted", "lock": "locked", "unlock": "open"}[args.round_command]
        old = set_round_state(database, args.round_id, state, args.reason)
        print(f"{args.round_id}\t报送轮次状态：{state_label(old)} → {state_label(state)}")
    elif args.round_command == "list":
        for r in list_rounds(database, args.plan):
            c = r.completeness
            print(f"{r.id}\t方案 {r.plan_id}\t{r.period_label}\t截止 {r.due}\t已报 {c.received}/{c.expected}\t{_state_label(r.state)}")
    else:
        r = round_status(database, args.round_id)
        c = r.completeness
        print(f"报送轮次 {r.id}：{r.period_label}，截止 {r.due}。应报 {c.expected}，已报 {c.received}"
              f"（按时 {c.on_time}，逾期 {c.late}），未报 {len(c.missing)}。")
        for u in r.units:
            if u.returned_at is None:
                print(f"  未报送\t{u.unit}")
            else:
                when = "按时" if u.on_time else "逾期"
                print(f"  已报送（{when}）\t{u.unit}\t{u.returned_at:%Y-%m-%d %H:%M}\t{u.file_name}")


def _import(database: Database, args: argparse.Namespace) -> int:
    from desktop.services.import_output import import_report
    from desktop.services.importer import ImportOptions, import_files

    mapping = None
    if args.map:
        mapping = {}
        for item in args.map:
            column, sep, field = item.partition("=")
            if not sep or not column.strip() or not field.strip():
                raise UserError(f"--map “{item}” 的写法不对，应为 列=字段，例如 B=name 或 D=value:2023。")
            mapping[column.strip()] = field.strip()
    options = ImportOptions(plan_id=args.plan, round_id=args.round, unit=args.unit, period=args.period,
                            mapping=mapping, password=args.password, dry_run=args.dry_run)
    result = import_files(database, args.files, options)
    print(import_report(result, args.dry_run))
    if result.blocked:
        sys.stderr.write("错误：导入的文件有错误或冲突，未写入任何数据（详见上面的说明）。\n")
        return EXIT_USER_ERROR
    return 0


def _history(database: Database, args: argparse.Namespace) -> None:
    from desktop.services.history import indicator_history, plan_history, task_history

    if args.indicator is not None and args.task is not None:
        raise UserError("--indicator 和 --task 只能指定一个。")
    if args.period is not None and args.indicator is None:
        raise UserError("--period 需要同时用 --indicator 指定指标。")
    if args.indicator is not None:
        history = indicator_history(database, args.plan, args.indicator, args.period)
    elif args.task is not None:
        history = task_history(database, args.plan, args.task)
    else:
        history = plan_history(database, args.plan)
    if args.json:
        print(to_json(history.records()))
        return
    print(history.title)
    if not history.entries:
        print("（没有修改记录）")
    for e in history.entries:
        print(f"{e.local_at:%Y-%m-%d %H:%M:%S}\t{e.who}\t{e.why}\t{e.kind_label}\t{e.subject}\t"
              f"{e.old if e.old is not None else '（空）'} → {e.new if e.new is not None else '（空）'}")


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

    if args.command == "draft-plan" and args.json:
        from desktop.services.drafting import draft_file, draft_to_dump

        print(to_json(draft_to_dump(draft_file(args.file))))
        return 0

    from desktop.services.database import default_db_path, open_database, verify
    from desktop.services.plans import dump_plan, list_plans

    if args.command == "restore":
        from desktop.services.backups import restore_database

        db_path = Path(args.db) if args.db is not None else default_db_path()
        kept = restore_database(db_path, args.file)
        print(f"已从 {args.file} 恢复数据库 {db_path}；恢复前的数据库已另存为 {kept}")
        return 0

    if args.db is not None:
        from desktop.services.placement import placement_warning

        warning = placement_warning(args.db)
        if warning:
            sys.stderr.write(f"{warning}\n")
    database = open_database(args.db)
    try:
        if args.command == "init":
            plan_id = preset_service.load_preset(database, args.preset)
            print(f"{plan_id}\t已载入预置方案 {args.preset}（数据库：{database.path}）")
        elif args.command == "sample":
            from desktop.services.sample_data import create_sample_plan

            plan_id = create_sample_plan(database)
            print(f"{plan_id}\t已创建示例方案（数据为虚构，仅供试用；数据库：{database.path}）")
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
            _export(database, args)
        elif args.command == "round":
            _round(database, args)
        elif args.command == "import":
            return _import(database, args)
        elif args.command == "batches":
            from desktop.services.importer import list_batches

            for b in list_batches(database, args.plan):
                state = "已撤销" if b.state == "undone" else "有效"
                print(f"{b.id}\t{b.file_name}\t{b.unit or '—'}\t{b.period or '—'}\t"
                      f"{b.imported_at:%Y-%m-%d %H:%M}\t{b.rows} 项\t{state}")
        elif args.command == "undo-batch":
            from desktop.services.importer import undo_batch

            restored = undo_batch(database, args.batch_id)
            print(f"已撤销导入批次 {args.batch_id}，恢复 {restored} 项数据。")
        elif args.command == "history":
            _history(database, args)
        elif args.command == "import-plan":
            from desktop.services.plan_import import import_plan

            plan_id, new_units = import_plan(database, args.files, args.name)
            print(f"{plan_id}\t已从表格新建方案（数据库：{database.path}）")
            if new_units:
                print("以下单位不在单位名单中，已新建：" + "、".join(new_units))
        elif args.command == "draft-plan":
            from desktop.services.drafting import draft_file, save_draft

            plan_id, new_units = save_draft(database, draft_file(args.file), args.name)
            print(f"{plan_id}\t已按草稿新建方案（数据库：{database.path}）")
            if new_units:
                print("以下单位不在单位名单中，已新建：" + "、".join(new_units))
        elif args.command == "backup":
            from db.backup import backup_file
            from desktop.services.backups import make_backup

            made = make_backup(database.path, "manual") if args.out is None else backup_file(database.path, args.out)
            print(f"已备份到 {made}")
        elif args.command == "backups":
            from desktop.services.backups import list_backups

            for info in list_backups(database.path):
                print(f"{info.made_at:%Y-%m-%d %H:%M:%S}\t{info.label}\t{info.path}")
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

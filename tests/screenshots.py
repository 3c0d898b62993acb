"""Screenshots of the main window's pages, to look at and for the README.

Not a test (no ``test_`` prefix). Run offscreen (fonts-noto-cjk installed):

    QT_QPA_PLATFORM=offscreen python tests/screenshots.py [OUT_DIR]

Writes OUT_DIR/{dashboard,indicators,tasks,task_forces,units,structure}.png,
target_dialog.png and draft_dialog.png (default docs/screenshots) from a
temporary database with the zibo-14th-review and zibo-taskforces-2022 plans loaded.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_window
    from desktop.services.workspace import Workspace
    from desktop.ui.application import create_application

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(Path(tmp) / "示例.db")
        window = build_window(ws, QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1366, 768)
        window.show()
        _grab(app, window, out / "welcome.png")
        ws.load_preset("zibo-taskforces-2022")
        plan_id = ws.create_sample_plan()
        _rounds(ws, plan_id)
        window.refresh_plans(select_id=plan_id)
        for key in ("dashboard", "indicators", "tasks", "rounds", "task_forces", "units", "structure"):
            window.show_page(key)
            _grab(app, window, out / f"{key}.png")
        _import_preview(app, window, ws, plan_id, Path(tmp), out)
        _target_dialog(window, ws, plan_id, out)
        _draft_dialog(window, ws, Path(tmp), out)
        window.close()
        ws.close()
    QApplication.processEvents()


def _grab(app: object, widget: object, path: Path) -> None:
    """Let ``app`` (the application, or the QApplication class) paint, then save ``widget`` to ``path``."""
    for _ in range(5):
        app.processEvents()  # type: ignore[attr-defined]
    widget.grab().save(str(path))  # type: ignore[attr-defined]
    print(path)


def _rounds(ws: object, plan_id: int) -> None:
    """Two collection rounds of the sample plan: 2024 returned and locked, 2025 under way."""
    import datetime as dt

    from desktop.services.period_locks import set_round_state
    from desktop.services.rounds import open_round

    db = ws.database  # type: ignore[attr-defined]
    done = open_round(db, plan_id, "2024", dt.date(2025, 1, 31))
    set_round_state(db, done, "locked")
    open_round(db, plan_id, "2025", dt.date(2026, 1, 31))


def _import_preview(app: object, window: object, ws: object, plan_id: int, tmp: Path, out: Path) -> None:
    """The import dialog after 预览 of a department's own workbook."""
    import openpyxl

    from desktop.ui.import_dialog import ImportDialog

    book = tmp / "市科技局2025年指标完成情况.xlsx"
    wb = openpyxl.Workbook()
    ws_ = wb.active
    ws_.append(["2025年科技创新主要指标完成情况"])
    ws_.append(["填报单位：市科技局", None, "填报日期：2026年1月15日"])
    ws_.append(["序号", "指标名称", "2025年完成值", "备注"])
    for n, (name, value) in enumerate([("R&D经费支出占GDP比重（%）", "3.05%"), ("高新技术企业数", "1,930家"),
                                       ("科技型中小企业", 2712), ("省级以上创新平台", "556个"),
                                       ("年登记技术合同成交额（万元）", 3_650_000), ("科技人才总量", 1200)], 1):
        ws_.append([n, name, value, None])
    ws_.append(["填报人：张三", None, "联系电话：0533-1234567"])
    wb.save(book)
    dialog = ImportDialog(ws, plan_id, rounds=ws.rounds(plan_id), files=[book], parent=window)  # type: ignore[attr-defined]
    dialog.resize(1100, 700)
    dialog.show()
    dialog.run_preview()
    for _ in range(200):
        app.processEvents()  # type: ignore[attr-defined]
        if not dialog.runner.is_running():
            break
        import time

        time.sleep(0.02)
    _grab(app, dialog, out / "import_preview.png")
    dialog.close()


def _target_dialog(window: object, ws: object, plan_id: int, out: Path) -> None:
    """The 编辑目标 dialog for the first indicator with staged targets (or the first one)."""
    from PySide6.QtWidgets import QApplication

    from desktop.services.plan_editing import PlanEditor
    from desktop.services.plans import dump_plan
    from desktop.ui.target_dialog import TargetDialog

    plan_id = ws.load_preset("liaocheng-2018")  # type: ignore[attr-defined]  # it has staged targets
    indicators = dump_plan(ws.database, plan_id)["indicators"]  # type: ignore[attr-defined]
    chosen = next((i for i in indicators if len(i["targets"]) > 1), indicators[0])
    dialog = TargetDialog(PlanEditor(ws.database).indicator_targets(chosen["id"]), window)  # type: ignore[arg-type, attr-defined]
    dialog.show()
    _grab(QApplication, dialog, out / "target_dialog.png")
    dialog.close()


DRAFT_DOCUMENT = """临江市人民政府
关于加快建设创新型城市的实施意见
临政发〔2025〕3号
各区县人民政府，市政府各部门：
一、总体目标
到2025年，全市高新技术企业达到600家，到2027年达到800家；全社会研发经费投入强度达到2.6%以上，每万人口高价值发明专利拥有量年均增长10%以上。
二、重点任务
（一）培育创新主体
1.壮大高新技术企业集群。实施高新技术企业倍增计划，2026年12月底前新增培育企业200家。（责任单位：市科技局、市财政局、市税务局）
2.支持企业建设研发机构。推动规模以上工业企业普遍设立研发机构，每年新建市级以上研发平台30家以上。（责任单位：市工信局、市科技局）
（二）优化创新生态
1.完善科技金融服务。设立科技成果转化引导基金，2025年12月底前完成组建。（责任单位：市地方金融监管局、市科创促进会）
2.加强科技人才引育。每年引进培育高层次创新人才100名以上。（责任单位：市委组织部、市人社局、市科技局）
3.降低创新能耗。单位地区生产总值能耗下降到0.65吨标准煤以下。（责任单位：市发改委）
临江市人民政府
2025年3月1日
"""


def _draft_dialog(window: object, ws: object, tmp: Path, out: Path) -> None:
    """The 起草方案 review dialog on a short policy text, a task selected (its sentence highlighted)."""
    import time

    from PySide6.QtWidgets import QApplication

    from desktop.ui.draft_dialog import DraftDialog

    path = tmp / "临江市创新型城市实施意见.txt"
    path.write_text(DRAFT_DOCUMENT, encoding="utf-8")
    dialog = DraftDialog(path, ws.database, window)  # type: ignore[arg-type, attr-defined]
    dialog.resize(1366, 768)
    dialog.show()
    deadline = time.monotonic() + 30
    while not dialog.is_ready() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    dialog.task_tree.setCurrentItem(dialog.task_item("一.2"))
    _grab(QApplication, dialog, out / "draft_dialog.png")
    dialog.reject()


if __name__ == "__main__":
    main()

"""ValueEntry: the grid's data, and typed values written in one transaction with an audit trail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from db.models import AuditLog, ImportBatch, Value
from desktop.errors import UserError
from desktop.services.database import Database
from desktop.services.evaluation import check_plan
from desktop.services.presets import load_preset
from desktop.services.value_entry import CellEdit, GridData, ValueEntry, parse_cell

AS_OF = dt.date(2024, 6, 30)


@pytest.fixture
def plan_id(database: Database) -> int:
    return load_preset(database, "zibo-14th-review")


@pytest.fixture
def entry(database: Database) -> ValueEntry:
    return ValueEntry(database, user=lambda: "录入员", today=lambda: AS_OF)


def _id(grid: GridData, name: str) -> int:
    return next(r.indicator_id for r in grid.rows if r.name == name and r.indicator_id is not None)


def _stored(database: Database, indicator_id: int, period: str) -> list[Value]:
    with database.read() as s:
        return list(s.scalars(select(Value).where(Value.indicator_id == indicator_id, Value.period == period)))


def _value(database: Database, indicator_id: int, period: str) -> Decimal | None:
    rows = _stored(database, indicator_id, period)
    return rows[-1].value if rows else None


def _audit_count(database: Database) -> int:
    with database.read() as s:
        return int(s.scalar(select(func.count()).select_from(AuditLog)) or 0)


# --- the grid -------------------------------------------------------------------------------


def test_grid_rows_are_groups_then_indicators_in_plan_order(entry: ValueEntry, plan_id: int) -> None:
    grid = entry.grid(plan_id)
    assert grid.plan_name == "淄博市“十四五”科技创新规划"
    assert [r.name for r in grid.rows[:3]] == ["主要指标", "R&D经费支出占GDP比重", "高新技术产业产值占规模以上工业总产值比重"]
    assert grid.rows[0].is_group and grid.rows[0].group_size == 8
    assert sum(1 for r in grid.rows if r.is_group) == 2
    assert sum(1 for r in grid.rows if not r.is_group) == 31
    rd = grid.rows[1]
    assert (rd.unit, rd.target, rd.target_year, rd.target_label) == ("%", Decimal("3"), 2025, "3")
    assert [r.position for r in grid.rows] == list(range(len(grid.rows)))


def test_grid_columns_run_from_base_year_to_target_year(entry: ValueEntry, plan_id: int) -> None:
    grid = entry.grid(plan_id)
    assert [c.key for c in grid.columns] == ["2020", "2021", "2022", "2023", "2024", "2025"]
    assert grid.columns[0].base and grid.columns[-1].target and grid.columns[0].label == "2020年"


def test_quarter_grid_has_each_year_s_quarters_then_the_year(entry: ValueEntry, plan_id: int) -> None:
    keys = [c.key for c in entry.grid(plan_id, "quarter").columns]
    assert keys[:6] == ["2020", "2021Q1", "2021Q2", "2021Q3", "2021Q4", "2021"]
    assert keys[-1] == "2025" and len(keys) == 1 + 5 * 5


def test_a_stored_period_of_another_kind_gets_its_own_column(entry: ValueEntry, plan_id: int) -> None:
    iid = _id(entry.grid(plan_id), "高新技术企业")
    entry.set_cells(plan_id, [(iid, "2024-06", Decimal("1500"))])
    keys = [c.key for c in entry.grid(plan_id).columns]
    assert keys == ["2020", "2021", "2022", "2023", "2024-06", "2024", "2025"]


def test_unknown_kind_is_refused(entry: ValueEntry, plan_id: int) -> None:
    with pytest.raises(UserError, match="期间类型"):
        entry.grid(plan_id, "week")


def test_grid_cells_and_statuses_match_the_database_and_check_plan(
    entry: ValueEntry, plan_id: int, database: Database
) -> None:
    grid = entry.grid(plan_id)
    rd = _id(grid, "R&D经费支出占GDP比重")
    cell = grid.cells[(rd, "2023")]
    assert (cell.value, cell.origin, cell.note, cell.data_year) == (Decimal("2.86"), "preset", "2021年", 2021)
    check = check_plan(database, plan_id, AS_OF)
    for iid, result in check.indicator_results.items():
        status = grid.statuses[iid]
        assert (status.status, status.light, status.completion) == (result.status.value, result.light.value, result.completion)
    assert grid.statuses[rd].status == "正常" and grid.statuses[rd].completion == Decimal("0.9533")


def test_expected_value_of_a_cell(entry: ValueEntry, plan_id: int) -> None:
    grid = entry.grid(plan_id)
    rd = _id(grid, "R&D经费支出占GDP比重")
    # Straight line from 2.81 (end of 2020) to 3 (end of 2025): 2.81 + 0.19 × 2/5 at the end of 2022.
    assert grid.expected_at(rd, "2022") == Decimal("2.8860")
    assert grid.expected_at(_id(grid, "研发经费投入"), "2022") is None  # no target


# --- writing --------------------------------------------------------------------------------


def test_set_cells_inserts_updates_and_deletes_in_one_call(
    entry: ValueEntry, plan_id: int, database: Database
) -> None:
    grid = entry.grid(plan_id)
    rd = _id(grid, "R&D经费支出占GDP比重")
    firms = _id(grid, "高新技术企业")
    before = _audit_count(database)
    previous = entry.set_cells(
        plan_id, [(rd, "2022", Decimal("2.90")), (firms, "2023", Decimal("1400")), (firms, "2020", None)]
    )
    assert previous == [(rd, "2022", None), (firms, "2023", Decimal("1374")), (firms, "2020", Decimal("703"))]
    assert _value(database, rd, "2022") == Decimal("2.90")  # digits kept as typed
    updated = _stored(database, firms, "2023")[-1]
    assert (updated.value, updated.origin) == (Decimal("1400"), "typed")
    assert _stored(database, firms, "2020") == []
    assert _audit_count(database) == before + 3
    with database.read() as s:
        audits = s.scalars(select(AuditLog).where(AuditLog.entity == "indicator_value").order_by(AuditLog.id)).all()
    assert [(a.entity_id, a.field, a.old, a.new, a.os_user, a.reason) for a in audits] == [
        (rd, "2022", None, "2.90", "录入员", "手工录入"),
        (firms, "2023", "1374", "1400", "录入员", "手工录入"),
        (firms, "2020", "703", None, "录入员", "手工录入"),
    ]


def test_undo_restores_the_cells_exactly(entry: ValueEntry, plan_id: int, database: Database) -> None:
    grid = entry.grid(plan_id)
    rd = _id(grid, "R&D经费支出占GDP比重")
    edits = [(rd, "2023", Decimal("2.99")), (rd, "2020", None), (rd, "2024", Decimal("2.95"))]
    previous = entry.set_cells(plan_id, edits)
    assert entry.grid(plan_id).cells[(rd, "2023")].origin == "typed"
    entry.set_cells(plan_id, previous, reason="撤销", expect=edits)
    after = entry.grid(plan_id)
    for period in ("2020", "2023", "2024"):
        assert after.cells.get((rd, period)) == grid.cells.get((rd, period))
    assert after.cells[(rd, "2023")].note == "2021年" and after.cells[(rd, "2023")].origin == "preset"
    # and redo is writing the edits again
    entry.set_cells(plan_id, edits, reason="重做", expect=previous)
    assert _value(database, rd, "2023") == Decimal("2.99") and _value(database, rd, "2024") == Decimal("2.95")


def test_undo_is_refused_when_the_cell_changed_since(entry: ValueEntry, plan_id: int, database: Database) -> None:
    rd = _id(entry.grid(plan_id), "R&D经费支出占GDP比重")
    edits = [(rd, "2022", Decimal("2.9"))]
    previous = entry.set_cells(plan_id, edits)
    entry.set_cells(plan_id, [(rd, "2022", Decimal("2.91"))])  # e.g. an import in between
    with pytest.raises(UserError, match="已被修改"):
        entry.set_cells(plan_id, previous, reason="撤销", expect=edits)
    assert _value(database, rd, "2022") == Decimal("2.91")


def test_typing_over_an_imported_value_takes_it_out_of_its_batch_and_undo_puts_it_back(
    entry: ValueEntry, plan_id: int, database: Database
) -> None:
    rd = _id(entry.grid(plan_id), "R&D经费支出占GDP比重")
    with database.write() as s:
        batch = ImportBatch(plan_id=plan_id, file_name="科技局.xlsx", sha256="0" * 64)
        s.add(batch)
        s.flush()
        s.add(Value(indicator_id=rd, period="2022", value=Decimal("2.88"), origin="import", batch_id=batch.id))
        batch_id = batch.id
    previous = entry.set_cells(plan_id, [(rd, "2022", Decimal("2.9"))])
    row = _stored(database, rd, "2022")[-1]
    assert (row.origin, row.batch_id) == ("typed", None)
    entry.set_cells(plan_id, previous, reason="撤销")
    row = _stored(database, rd, "2022")[-1]
    assert (row.value, row.origin, row.batch_id) == (Decimal("2.88"), "import", batch_id)


def test_clearing_a_cell_with_a_note_keeps_the_note(entry: ValueEntry, plan_id: int, database: Database) -> None:
    rd = _id(entry.grid(plan_id), "R&D经费支出占GDP比重")
    entry.set_cells(plan_id, [(rd, "2023", None)])
    rows = _stored(database, rd, "2023")
    assert [(r.value, r.note) for r in rows] == [(None, "2021年")]
    assert entry.grid(plan_id).statuses[rd].actual == Decimal("2.81")  # the empty row is no observation


def test_indicator_of_another_plan_is_refused_and_nothing_is_written(
    entry: ValueEntry, plan_id: int, database: Database
) -> None:
    other = load_preset(database, "liaocheng-2018")
    foreign = next(r.indicator_id for r in entry.grid(other).rows if r.indicator_id is not None)
    own = _id(entry.grid(plan_id), "R&D经费支出占GDP比重")
    before = _audit_count(database)
    with pytest.raises(UserError, match="不属于当前方案"):
        entry.set_cells(plan_id, [(own, "2022", Decimal("2.9")), (foreign, "2022", Decimal("1"))])
    assert _value(database, own, "2022") is None
    assert _audit_count(database) == before


@pytest.mark.parametrize("period", ["2022Q5", "明年", "20222", ""])
def test_bad_period_is_refused(entry: ValueEntry, plan_id: int, database: Database, period: str) -> None:
    rd = _id(entry.grid(plan_id), "R&D经费支出占GDP比重")
    with pytest.raises(UserError, match="期间"):
        entry.set_cells(plan_id, [(rd, "2022", Decimal("2.9")), (rd, period, Decimal("1"))])
    assert _value(database, rd, "2022") is None


def test_periods_are_stored_canonically(entry: ValueEntry, plan_id: int, database: Database) -> None:
    rd = _id(entry.grid(plan_id), "R&D经费支出占GDP比重")
    previous = entry.set_cells(plan_id, [(rd, "2024年第三季度", Decimal("2.9"))])
    assert previous == [(rd, "2024Q3", None)]
    assert _value(database, rd, "2024Q3") == Decimal("2.9")


def test_refresh_reevaluates_only_the_touched_rows(entry: ValueEntry, plan_id: int, database: Database) -> None:
    grid = entry.grid(plan_id)
    rd = _id(grid, "R&D经费支出占GDP比重")
    entry.set_cells(plan_id, [(rd, "2024", Decimal("3.05"))])
    update = entry.refresh(grid, [(rd, "2024")])
    assert update.cells[(rd, "2024")].value == Decimal("3.05")  # type: ignore[union-attr]
    assert set(update.statuses) == {rd}
    assert update.statuses[rd].status == "已达标"
    assert check_plan(database, plan_id, AS_OF).indicator_results[rd].status.value == "已达标"


def test_cell_history_names_who_when_and_why(entry: ValueEntry, plan_id: int) -> None:
    rd = _id(entry.grid(plan_id), "R&D经费支出占GDP比重")
    previous = entry.set_cells(plan_id, [(rd, "2022", Decimal("2.9"))])
    entry.set_cells(plan_id, previous, reason="撤销")
    entry.set_cells(plan_id, [(rd, "2022", Decimal("2.92"))])
    history = entry.cell_history(rd, "2022")
    assert [(c.who, c.reason, c.old, c.new) for c in history] == [
        ("录入员", "手工录入", None, "2.92"),
        ("录入员", "撤销", "2.9", None),
        ("录入员", "手工录入", None, "2.9"),
    ]


def test_previous_values_are_plain_tuples_too() -> None:
    edit = CellEdit(1, "2022", Decimal("1"))
    assert edit == (1, "2022", Decimal("1")) and edit.indicator_id == 1 and edit.restore is None


def test_many_cells_in_one_call(entry: ValueEntry, plan_id: int, database: Database) -> None:
    grid = entry.grid(plan_id, "month")
    ids = [r.indicator_id for r in grid.rows if r.indicator_id is not None]
    periods = [c.key for c in grid.columns if c.kind == "month"]
    edits = [(i, p, Decimal(n)) for n, (i, p) in enumerate((i, p) for i in ids for p in periods)]
    assert len(edits) > 1500
    entry.set_cells(plan_id, edits)
    assert _value(database, ids[-1], periods[-1]) == Decimal(len(edits) - 1)


# --- reading what was typed ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("3.02%", "%", Decimal("3.02")),
        ("１９８０", "家", Decimal("1980")),
        ("1,600家", "家", Decimal("1600")),
        ("1,600个", "家", Decimal("1600")),
        ("300万元", "亿元", Decimal("0.03")),
        ("  2.50 ", "%", Decimal("2.50")),
        ("—", "%", None),
        ("", "%", None),
    ],
)
def test_parse_cell_reads_what_clerks_type(text: str, unit: str, value: Decimal | None) -> None:
    assert parse_cell(text, unit) == value


@pytest.mark.parametrize(
    ("text", "unit", "reason"),
    [
        ("abc", "%", "没有找到数字"),
        ("二十", "家", "中文数字"),
        ("约300", "家", "约数"),
        ("3亿元", "%", "未保存"),
        ("1-2", "家", "范围"),
        ("≥3", "%", "界限"),
    ],
)
def test_parse_cell_refuses_with_a_reason(text: str, unit: str, reason: str) -> None:
    with pytest.raises(UserError, match=reason):
        parse_cell(text, unit)

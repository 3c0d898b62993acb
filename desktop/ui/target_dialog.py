"""The 编辑目标 dialog: an indicator's direction and its (staged) targets.

One row per stage: year, kind (达到, 不高于, 每年提高…个百分点, 年均增长…%, 每年, 累计, 定性),
value and the original wording. Values are read by the domain parser through
:func:`desktop.services.value_entry.parse_cell` in the unit the kind implies; anything it
refuses is shown with its reason and the dialog stays open.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services.outline import DIRECTION_LABELS, TARGET_KIND_LABELS
from desktop.services.plan_editing import IndicatorTargets, TargetRow
from desktop.services.value_entry import format_value, parse_cell

TargetTuple = tuple[int, Decimal | None, str, str | None]

# the unit a kind's value is written in: None = the indicator's own unit
KIND_UNITS: dict[str, str | None] = {"increase_points": "个百分点", "growth_rate": "%"}
KIND_ORDER = ("level", "ceiling", "increase_points", "growth_rate", "yearly_flow", "cumulative", "qualitative")


def value_unit(kind: str, indicator_unit: str | None) -> str | None:
    return KIND_UNITS.get(kind, indicator_unit)


def parse_target(text: str, kind: str, indicator_unit: str | None) -> Decimal | None:
    """The target value typed for ``kind``; raises UserError with the reason."""
    value = parse_cell(text, value_unit(kind, indicator_unit))
    if value is None and kind != "qualitative":
        raise UserError("请填写目标值（只有定性目标可以不填）")
    return value


class StageRow:
    """The widgets of one stage (one Target row)."""

    def __init__(self, dialog: TargetDialog, target: TargetRow | None, year: int) -> None:
        self.year = QSpinBox()
        self.year.setRange(1900, 2200)
        self.year.setValue(target.year if target else year)
        self.year.setSuffix(dialog.tr(" 年"))
        self.kind = QComboBox()
        for key in KIND_ORDER:
            self.kind.addItem(dialog.tr(TARGET_KIND_LABELS[key]), key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(target.kind if target else "level")))
        self.value = QLineEdit(format_value(target.value) if target and target.value is not None else "")
        self.value.setMinimumWidth(110)
        self.text = QLineEdit(target.text or "" if target else "")
        self.text.setPlaceholderText(dialog.tr("原文，可留空，如：达到2.5%以上"))
        self.unit = QLabel()
        self.unit.setMinimumWidth(56)
        self.unit.setStyleSheet("color:#555")
        self.remove = QToolButton()
        self.remove.setText(dialog.tr("删除"))
        self.remove.setToolTip(dialog.tr("删除这一阶段的目标"))
        self.widgets: list[QWidget] = [self.year, self.kind, self.value, self.unit, self.text, self.remove]


class TargetDialog(QDialog):
    def __init__(self, info: IndicatorTargets, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.setWindowTitle(self.tr("编辑目标"))
        self.setMinimumWidth(760)
        self.rows: list[StageRow] = []
        self.result_targets: list[TargetTuple] = []
        self.result_direction: str = info.direction

        title = f"{info.number}. {info.name}" if info.number else info.name
        heading = QLabel(title)
        heading.setObjectName("targetHeading")
        heading.setWordWrap(True)
        heading.setStyleSheet("font-size:13pt;font-weight:bold")
        facts = [self.tr("计量单位：%s") % (info.unit or "—")]
        if info.baseline_value is not None:
            year = f"（{info.baseline_year}年）" if info.baseline_year else ""
            facts.append(self.tr("基期值：%s") % (format_value(info.baseline_value) + year))
        if info.target_year:
            facts.append(self.tr("规划目标年：%d") % info.target_year)
        facts_label = QLabel("　　".join(facts))
        facts_label.setStyleSheet("color:#555")

        self.direction = QComboBox()
        for key, label in DIRECTION_LABELS.items():
            self.direction.addItem(self.tr(label), key)
        self.direction.setCurrentIndex(max(0, self.direction.findData(info.direction)))
        self.direction.currentIndexChanged.connect(lambda _i: self.validate())
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("指标方向："), self.direction)

        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        for col, caption in enumerate((self.tr("年份"), self.tr("目标类型"), self.tr("目标值"), "", self.tr("原文表述"), "")):
            header = QLabel(caption)
            header.setStyleSheet("color:#555")
            self.grid.addWidget(header, 0, col)
        self.grid.setColumnStretch(4, 1)
        stages = QWidget()
        stages_layout = QVBoxLayout(stages)
        stages_layout.setContentsMargins(0, 0, 0, 0)
        stages_layout.addLayout(self.grid)
        stages_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(stages)
        scroll.setMinimumHeight(200)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.add_button = QPushButton(self.tr("添加一个阶段"))
        self.add_button.clicked.connect(lambda: self.add_stage())
        self.hint = QLabel(self.tr("分阶段目标（如 2019 年 2.3%、2022 年 2.5%）各占一行；评价时采用尚未到期的最近一个阶段。"))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#666")
        self.error = QLabel()
        self.error.setObjectName("targetError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#b00020")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(facts_label)
        layout.addLayout(form)
        layout.addWidget(scroll, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        layout.addLayout(add_row)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        for target in info.targets:
            self.add_stage(target)
        if not info.targets:
            self.add_stage()
        self.resize(self.sizeHint().width(), max(420, self.sizeHint().height()))
        self.validate()

    # --- rows --------------------------------------------------------------------------

    def add_stage(self, target: TargetRow | None = None) -> StageRow:
        if target is None and self.rows:
            year = self.rows[-1].year.value() + 1
        else:
            year = self.info.target_year or self.info.base_year or 2025
        row = StageRow(self, target, year)
        self.rows.append(row)
        self._relayout()
        row.year.valueChanged.connect(lambda _v: self.validate())
        row.kind.currentIndexChanged.connect(lambda _i, r=row: self._kind_changed(r))
        row.value.textChanged.connect(lambda _t: self.validate())
        row.remove.clicked.connect(lambda _c=False, r=row: self.remove_stage(r))
        self._kind_changed(row)
        return row

    def remove_stage(self, row: StageRow) -> None:
        self.rows.remove(row)
        for w in row.widgets:
            self.grid.removeWidget(w)
            w.deleteLater()
        self._relayout()
        self.validate()

    def _relayout(self) -> None:
        for r, row in enumerate(self.rows, start=1):
            for c, w in enumerate(row.widgets):
                self.grid.addWidget(w, r, c)

    def _kind_changed(self, row: StageRow) -> None:
        kind = str(row.kind.currentData())
        unit = value_unit(kind, self.info.unit)
        if kind == "qualitative":
            row.value.setPlaceholderText(self.tr("可留空"))
        else:
            row.value.setPlaceholderText(self.tr("单位：%s") % unit if unit else self.tr("数值"))
        row.value.setToolTip(self.tr("按“%s”填写") % unit if unit else "")
        row.unit.setText("" if kind == "qualitative" else (unit or ""))
        self.validate()

    # --- checking ----------------------------------------------------------------------

    def targets(self) -> list[TargetTuple]:
        """The stages as (year, value, kind, text); raises UserError naming the first bad row."""
        out: list[TargetTuple] = []
        seen: dict[tuple[int, str], int] = {}
        for n, row in enumerate(self.rows, start=1):
            kind = str(row.kind.currentData())
            try:
                value = parse_target(row.value.text(), kind, self.info.unit)
            except UserError as exc:
                raise UserError(self.tr("第 %d 行（%d年）：%s") % (n, row.year.value(), exc.message)) from exc
            earlier = seen.setdefault((row.year.value(), kind), n)
            if earlier != n:
                raise UserError(self.tr("第 %d 行与第 %d 行的年份和目标类型相同（%d年%s），请删去一行或改一下年份。")
                                % (n, earlier, row.year.value(), row.kind.currentText()))
            out.append((row.year.value(), value, kind, row.text.text().strip() or None))
        return out

    def validate(self) -> bool:
        """Show the first refused value's reason and mark its field; True when all are valid."""
        bad: StageRow | None = None
        for row in self.rows:
            try:
                parse_target(row.value.text(), str(row.kind.currentData()), self.info.unit)
            except UserError:
                bad = bad or row
        for row in self.rows:
            row.value.setStyleSheet("border:1px solid #b00020" if row is bad else "")
        try:
            self.targets()
        except UserError as exc:
            self.error.setText(exc.message)
            return False
        self.error.setText("")
        return True

    def accept(self) -> None:
        if not self.validate():
            return
        self.result_targets = self.targets()
        self.result_direction = str(self.direction.currentData())
        super().accept()

    def changed(self) -> bool:
        before = [(t.year, t.value, t.kind, t.text) for t in self.info.targets]
        return self.result_targets != before or self.result_direction != self.info.direction


def edit_targets(parent: QWidget, info: IndicatorTargets) -> tuple[list[TargetTuple], str] | None:
    """The new targets and direction when the clerk pressed OK and changed something, else None."""
    dialog = TargetDialog(info, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.changed():
        return None
    return dialog.result_targets, dialog.result_direction


__all__ = ["StageRow", "TargetDialog", "edit_targets", "parse_target"]

"""First page on an empty database: what the program does, and the plans to start from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from desktop.services.presets import PresetInfo

PresetRole = Qt.ItemDataRole.UserRole + 1


class WelcomePage(QWidget):
    preset_chosen = Signal(str)
    empty_plan_requested = Signal(str)
    sample_requested = Signal()
    open_database_requested = Signal()

    def __init__(self, presets: list[PresetInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        title = QLabel(self.tr("欢迎使用创新型城市建设指标任务填报系统"))
        title.setObjectName("welcomeTitle")
        intro = QLabel(
            self.tr(
                "本程序帮助科技局跟踪创新型城市建设方案：录入指标数值和任务进展，汇总各部门报送的表格，"
                "对照目标和时限检查进度，并导出规定格式的报送表。请选择一个内置方案开始，也可以新建空白方案、试用示例数据或打开已有的数据库。"
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("welcomeIntro")

        self.model = QStandardItemModel(self)
        for info in presets:
            parts = [info.plan_name]
            if info.doc_number:
                parts.append(info.doc_number)
            if info.target_year:
                parts.append(self.tr("目标年 %s") % info.target_year)
            item = QStandardItem("　·　".join(parts))
            item.setData(info.name, PresetRole)
            item.setToolTip(self.tr("预置方案：%s") % info.name)
            item.setEditable(False)
            self.model.appendRow(item)
        self.list = QListView()
        self.list.setObjectName("presetList")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.doubleClicked.connect(self._load_selected)
        self.list.activated.connect(self._load_selected)
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0, 0))

        self.load_button = QPushButton(self.tr("载入所选方案"))
        self.load_button.setDefault(True)
        self.load_button.clicked.connect(self._load_selected)
        self.empty_button = QPushButton(self.tr("新建空白方案…"))
        self.empty_button.clicked.connect(self._ask_empty_plan)
        self.sample_button = QPushButton(self.tr("试用示例数据"))
        self.sample_button.setToolTip(self.tr("载入一个带有虚构数值和进展的示例方案，可随意试用"))
        self.sample_button.clicked.connect(self.sample_requested)
        self.open_button = QPushButton(self.tr("打开已有数据库…"))
        self.open_button.clicked.connect(self.open_database_requested)

        buttons = QHBoxLayout()
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.empty_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("内置方案（来自正式发布的文件）：")))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def selected_preset(self) -> str | None:
        index = self.list.currentIndex()
        return index.data(PresetRole) if index.isValid() else None

    def _load_selected(self) -> None:
        name = self.selected_preset()
        if name:
            self.preset_chosen.emit(name)

    def _ask_empty_plan(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("新建空白方案"), self.tr("方案名称："))
        if ok and name.strip():
            self.empty_plan_requested.emit(name.strip())

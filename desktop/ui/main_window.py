"""Main window: welcome page on an empty database, else the plan tree; wires pages only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from desktop import __version__
from desktop.errors import UserError
from desktop.services.workspace import Workspace
from desktop.ui.plan_page import PlanPage
from desktop.ui.welcome_page import WelcomePage


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.settings = settings
        self.setWindowTitle(self.tr("创新型城市建设指标任务填报系统"))
        self.setObjectName("mainWindow")

        self.welcome = WelcomePage(workspace.presets())
        self.welcome.preset_chosen.connect(self.load_preset)
        self.welcome.empty_plan_requested.connect(self.create_empty_plan)
        self.plan_page = PlanPage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.plan_page)
        self.setCentralWidget(self.stack)

        self.plan_switcher = QComboBox()
        self.plan_switcher.setObjectName("planSwitcher")
        self.plan_switcher.setMinimumWidth(360)
        self.plan_switcher.setToolTip(self.tr("切换方案"))
        self.plan_switcher.setPlaceholderText(self.tr("（尚未载入方案）"))
        self.plan_switcher.currentIndexChanged.connect(self._on_plan_switched)
        self._build_actions()

        self.db_label = QLabel(self.tr("数据库：%s") % workspace.path)
        self.statusBar().addPermanentWidget(self.db_label)
        self._restore_geometry()
        self.refresh_plans()

    # --- construction -----------------------------------------------------------------

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        self.new_plan_action = QAction(self.tr("载入或新建方案(&N)…"), self)
        self.new_plan_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_plan_action.triggered.connect(self.show_welcome)
        file_menu.addAction(self.new_plan_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("退出(&X)"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu(self.tr("编辑(&E)"))
        self.find_action = QAction(self.tr("查找(&F)"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._focus_search)
        edit_menu.addAction(self.find_action)

        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        about = QAction(self.tr("关于(&A)"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

        toolbar = QToolBar(self.tr("方案"))
        toolbar.setObjectName("planToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(self.tr(" 当前方案：")))
        toolbar.addWidget(self.plan_switcher)
        toolbar.addSeparator()
        toolbar.addAction(self.new_plan_action)
        self.addToolBar(toolbar)

    # --- plans --------------------------------------------------------------------------

    def refresh_plans(self, select_id: int | None = None) -> None:
        plans = self.workspace.plans()
        self.plan_switcher.blockSignals(True)
        self.plan_switcher.clear()
        for p in plans:
            label = f"{p.name}（{p.doc_number}）" if p.doc_number else p.name
            self.plan_switcher.addItem(label, p.id)
        self.plan_switcher.blockSignals(False)
        self.plan_switcher.setEnabled(bool(plans))
        if not plans:
            self.show_welcome()
            return
        wanted = select_id if select_id is not None else self.settings.value("last_plan_id", type=int)
        row = self.plan_switcher.findData(wanted)
        self.plan_switcher.setCurrentIndex(row if row >= 0 else 0)
        self._on_plan_switched(self.plan_switcher.currentIndex())

    def current_plan_id(self) -> int | None:
        data = self.plan_switcher.currentData()
        return int(data) if data is not None else None

    def _on_plan_switched(self, _row: int) -> None:
        plan_id = self.current_plan_id()
        if plan_id is None:
            return
        self.plan_page.show_outline(self.workspace.outline(plan_id))
        self.stack.setCurrentWidget(self.plan_page)
        self.settings.setValue("last_plan_id", plan_id)

    def show_welcome(self) -> None:
        self.stack.setCurrentWidget(self.welcome)

    def load_preset(self, name: str) -> None:
        self._run_user_action(lambda: self.workspace.load_preset(name), self.tr("已载入预置方案。"))

    def create_empty_plan(self, name: str) -> None:
        self._run_user_action(lambda: self.workspace.create_empty_plan(name), self.tr("已新建空白方案。"))

    def _run_user_action(self, action: Callable[[], int], done: str) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            plan_id = action()
        except UserError as exc:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(self, self.tr("无法完成"), exc.message)
            return
        QGuiApplication.restoreOverrideCursor()
        self.refresh_plans(select_id=plan_id)
        self.statusBar().showMessage(done, 5000)

    # --- misc ---------------------------------------------------------------------------

    def _focus_search(self) -> None:
        if self.stack.currentWidget() is self.plan_page:
            self.plan_page.focus_search()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("关于"),
            self.tr("创新型城市建设指标任务填报系统 %s\n数据库：%s") % (__version__, self.workspace.path),
        )

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            screen = QApplication.primaryScreen()
            size = screen.availableSize() if screen else None
            if size is not None:
                self.resize(min(1280, size.width() - 40), min(800, size.height() - 60))
        splitter = self.settings.value("plan_page/splitter")
        if splitter is not None:
            self.plan_page.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        self.settings.setValue("plan_page/splitter", self.plan_page.splitter.saveState())
        super().closeEvent(event)

"""Main window: the welcome page on an empty database, else a navigator over the plan's pages.

It only wires pages together: each page gets its services from the composition root
(desktop/app.py) and is told which plan to show; the window owns the menus, the undo
stack's shortcuts, the plan switcher and the status bar.

Start-up shows the window before the database is open: ``MainWindow(None, settings)`` is a
light shell (menus, toolbar, status bar, "正在打开数据库…"), and :meth:`MainWindow.attach`
later hands it the workspace and the pages. This module therefore imports nothing of the
storage stack at import time; the welcome and plan pages load in :meth:`attach`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Only what the shell needs before its first paint. Touching ``Qt`` (the namespace) alone
# builds ~100 Python enums (~25 ms), so it and the dialogs are imported where they are used.
from PySide6.QtCore import QSettings, QSize, Signal
from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.ui.banner import TONES
from desktop.errors import UserError

if TYPE_CHECKING:  # the workspace pulls in SQLAlchemy: not before the first paint
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QPaintEvent
    from PySide6.QtWidgets import QListView

    from desktop.services.workspace import Workspace
    from desktop.ui.plan_page import PlanPage
    from desktop.ui.welcome_page import WelcomePage


@dataclass(frozen=True)
class PageSpec:
    """One page of the navigator: its title and how to show a plan on it."""

    key: str
    title: str
    widget: QWidget
    load: Callable[[int], None]


RECENT_DATABASES_KEY = "recent_databases"
MAX_RECENT_DATABASES = 8
DATABASE_FILTER = "InnoTrack 数据库 (*.db);;所有文件 (*)"


class MainWindow(QMainWindow):
    attached = Signal()  # attach() is done: the workspace is in place and the plan shown
    overview_shown = Signal()  # preview() shows the plan's overview; attach() follows
    first_painted = Signal()  # the window has painted once (start-up opens the database then)

    def __init__(
        self,
        workspace: Workspace | None,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        pages: Sequence[PageSpec] = (),
        undo_stack: QUndoStack | None = None,
        open_import: Callable[[list[Path]], None] | None = None,
        open_export: Callable[[], None] | None = None,
        switch_database: Callable[[Path], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._painted = False
        self.workspace: Workspace | None = None  # set by attach()
        self.settings = settings
        self.undo_stack = undo_stack or QUndoStack(self)
        self._open_import = open_import
        self._open_export = open_export
        self.switch_database = switch_database
        self.setWindowTitle(self.tr("创新型城市建设指标任务填报系统"))
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)

        self.navigator: QListView | None = None  # created by preview() or attach()
        self.welcome: WelcomePage | None = None  # created by attach()
        self.plan_page: PlanPage | None = None
        self.pages: list[PageSpec] = []
        self.page_stack = QStackedWidget()
        self.nav_model = QStandardItemModel(self)
        self.workarea = QWidget()  # the navigator joins it in attach()
        self._work_layout = QHBoxLayout(self.workarea)
        self._work_layout.setContentsMargins(0, 0, 0, 0)
        self._work_layout.setSpacing(0)
        self._work_layout.addWidget(self.page_stack, 1)

        self.loading_page = QWidget()  # the label centred by stretches (no Qt enums needed)
        self.loading_page.setObjectName("loadingPage")
        loading_row = QHBoxLayout()
        loading_row.addStretch(1)
        loading_row.addWidget(QLabel(self.tr("正在打开数据库…")))
        loading_row.addStretch(1)
        loading_layout = QVBoxLayout(self.loading_page)
        loading_layout.addStretch(1)
        loading_layout.addLayout(loading_row)
        loading_layout.addStretch(1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.loading_page)
        self.stack.addWidget(self.workarea)
        self.placement_banner = QLabel()  # a database on a network share or in a synced folder
        self.placement_banner.setObjectName("placementBanner")
        self.placement_banner.setWordWrap(True)
        self.placement_banner.setStyleSheet("QLabel { padding: 8px 14px; border-radius: 0; }" + TONES)
        self.placement_banner.hide()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.placement_banner)
        central_layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.plan_switcher = QComboBox()
        self.plan_switcher.setObjectName("planSwitcher")
        self.plan_switcher.setMinimumWidth(360)
        self.plan_switcher.setToolTip(self.tr("切换方案"))
        self.plan_switcher.setPlaceholderText(self.tr("（尚未载入方案）"))
        self.plan_switcher.setEnabled(False)
        self.plan_switcher.currentIndexChanged.connect(self._on_plan_switched)
        self._build_actions()

        self.db_label = QLabel(self.tr("正在打开数据库…"))
        self.backup_label = QLabel()
        self.statusBar().addPermanentWidget(self.backup_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self._restore_geometry()
        if workspace is not None:
            self.attach(workspace, pages=pages)

    def attach(
        self,
        workspace: Workspace,
        *,
        pages: Sequence[PageSpec] = (),
        undo_stack: QUndoStack | None = None,
        open_import: Callable[[list[Path]], None] | None = None,
        open_export: Callable[[], None] | None = None,
        switch_database: Callable[[Path], None] | None = None,
    ) -> None:
        """Fill the shell: the open workspace, the pages, the plan list; then show the plan.

        Keyword arguments left out keep what the constructor was given.
        """
        from desktop.ui.plan_page import PlanPage
        from desktop.ui.welcome_page import WelcomePage

        if self.workspace is not None:
            raise RuntimeError("MainWindow.attach() may be called only once")
        self.workspace = workspace
        if undo_stack is not None and undo_stack is not self.undo_stack:
            self.undo_stack = undo_stack
            self._install_undo_actions()
        if open_import is not None:
            self._open_import = open_import
        if open_export is not None:
            self._open_export = open_export
        if switch_database is not None:
            self.switch_database = switch_database

        self._build_navigator()
        self.welcome = WelcomePage(workspace.presets())
        self.welcome.preset_chosen.connect(self.load_preset)
        self.welcome.empty_plan_requested.connect(self.create_empty_plan)
        self.welcome.sample_requested.connect(self.create_sample_plan)
        self.welcome.open_database_requested.connect(self.request_open_database)
        self.stack.addWidget(self.welcome)
        self.plan_page = PlanPage()
        structure = PageSpec("structure", self.tr("方案结构"), self.plan_page, self._show_structure)
        self._install_pages(list(pages) + [structure])
        splitter = self.settings.value("plan_page/splitter")
        if splitter is not None:
            self.plan_page.splitter.restoreState(splitter)

        self._enable_actions()
        self._apply_shortcuts()
        self.remember_database(workspace.path)
        self.db_label.setText(self.tr("数据库：%s") % workspace.path)
        self.refresh_backup_label()
        self._show_placement_warning()
        self.refresh_plans()
        self.attached.emit()

    def preview(self, plans: Sequence[Any], pages: Sequence[PageSpec], database_path: Path) -> None:
        """Show the plan's overview before the workspace is open (start-up, desktop/app.py).

        ``pages`` are the navigator's pages as they will be, the overview real and the rest
        "正在载入…" placeholders that :meth:`attach` replaces; ``plans`` fill the switcher.
        Actions that change data stay off until then. Emits ``overview_shown``.
        """
        self._build_navigator()
        self._install_pages(pages)
        self.db_label.setText(self.tr("数据库：%s") % database_path)
        self._show_plans(plans)
        self.overview_shown.emit()

    def _build_navigator(self) -> None:
        if self.navigator is not None:
            return
        from PySide6.QtWidgets import QListView

        self.navigator = QListView()
        self.navigator.setObjectName("navigator")
        self.navigator.setModel(self.nav_model)
        self.navigator.setUniformItemSizes(True)
        self.navigator.setFixedWidth(128)
        self.navigator.selectionModel().currentRowChanged.connect(self._on_page_chosen)
        self._work_layout.insertWidget(0, self.navigator)

    def _install_pages(self, pages: Sequence[PageSpec]) -> None:
        """Put ``pages`` in the navigator, replacing the placeholders of :meth:`preview` in
        place, so the page the clerk is on stays chosen."""
        row = self.page_stack.currentIndex()
        old = [w for i in range(self.page_stack.count()) if (w := self.page_stack.widget(i)) is not None]
        old_ids = {id(widget) for widget in old}
        for widget in old:
            self.page_stack.removeWidget(widget)
        for n, spec in enumerate(pages):
            self.page_stack.addWidget(spec.widget)
            if n < self.nav_model.rowCount():
                self.nav_model.item(n).setText(spec.title)
            else:
                item = QStandardItem(spec.title)
                item.setEditable(False)
                self.nav_model.appendRow(item)
            message = getattr(spec.widget, "message", None)
            if message is not None and id(spec.widget) not in old_ids:
                message.connect(self.show_message)
        kept = {id(spec.widget) for spec in pages}
        for widget in old:
            if id(widget) not in kept:
                widget.deleteLater()
        self.pages = list(pages)
        if row >= 0:
            self.page_stack.setCurrentIndex(row)

    # --- construction -----------------------------------------------------------------

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        self.new_plan_action = QAction(self.tr("载入或新建方案(&N)…"), self)
        self.new_plan_action.triggered.connect(self.show_welcome)
        file_menu.addAction(self.new_plan_action)
        self.draft_plan_action = QAction(self.tr("从政策文件起草方案(&D)…"), self)
        self.draft_plan_action.triggered.connect(self.request_draft_plan)
        file_menu.addAction(self.draft_plan_action)
        file_menu.addSeparator()
        self.open_db_action = QAction(self.tr("打开数据库(&O)…"), self)
        self.open_db_action.triggered.connect(self.request_open_database)
        self.new_db_action = QAction(self.tr("新建数据库…"), self)
        self.new_db_action.triggered.connect(self.request_new_database)
        self.recent_menu = QMenu(self.tr("最近打开的数据库(&R)"), self)
        self.recent_menu.setObjectName("recentDatabasesMenu")
        for action in (self.open_db_action, self.new_db_action):
            file_menu.addAction(action)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        self.backup_action = QAction(self.tr("备份数据库(&B)…"), self)
        self.backup_action.triggered.connect(self.request_backup)
        self.restore_action = QAction(self.tr("从备份恢复…"), self)
        self.restore_action.triggered.connect(self.request_restore)
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        self.quit_action = QAction(self.tr("退出(&X)"), self)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        self.edit_menu = edit_menu = self.menuBar().addMenu(self.tr("编辑(&E)"))
        self._undo_separator = edit_menu.addSeparator()
        self.undo_action: QAction | None = None
        self.redo_action: QAction | None = None
        self._install_undo_actions()
        self.find_action = QAction(self.tr("查找(&F)"), self)
        self.find_action.triggered.connect(self._focus_search)
        edit_menu.addAction(self.find_action)

        data_menu = self.menuBar().addMenu(self.tr("数据(&D)"))
        self.import_action = QAction(self.tr("导入报送文件(&I)…"), self)
        self.import_action.triggered.connect(lambda: self.request_import([]))
        self.export_action = QAction(self.tr("导出报表(&E)…"), self)
        self.export_action.triggered.connect(self.request_export)
        data_menu.addAction(self.import_action)
        data_menu.addAction(self.export_action)

        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        self.guide_action = QAction(self.tr("用户指南(&G)"), self)
        self.guide_action.triggered.connect(self.open_user_guide)
        help_menu.addAction(self.guide_action)
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
        toolbar.addAction(self.import_action)
        toolbar.addAction(self.export_action)
        toolbar.setIconSize(QSize(18, 18))
        self.addToolBar(toolbar)
        self._enable_actions()

    def _install_undo_actions(self) -> None:
        """Undo and redo of ``self.undo_stack`` in the 编辑 menu (again when the stack changes)."""
        for old in (self.undo_action, self.redo_action):
            if old is not None:
                self.edit_menu.removeAction(old)
                old.deleteLater()
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("撤销"))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("重做"))
        self.edit_menu.insertAction(self._undo_separator, self.undo_action)
        self.edit_menu.insertAction(self._undo_separator, self.redo_action)

    def _apply_shortcuts(self) -> None:
        """Keyboard shortcuts, set in attach(): the first setShortcut() makes PySide6 build
        the Python enums of the whole ``Qt`` namespace (~25 ms), which the shell's first
        paint does not wait for. Until then the actions are disabled anyway."""
        from PySide6.QtGui import QKeySequence

        standard = QKeySequence.StandardKey
        self.new_plan_action.setShortcut(standard.New)
        self.open_db_action.setShortcut(QKeySequence("Ctrl+O"))
        self.quit_action.setShortcut(standard.Quit)
        self.guide_action.setShortcut(standard.HelpContents)
        self.find_action.setShortcut(standard.Find)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        if self.undo_action is not None and self.redo_action is not None:
            self.undo_action.setShortcut(standard.Undo)
            self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence(standard.Redo)])

    def _enable_actions(self) -> None:
        """Actions that need the database stay off in the shell, until attach()."""
        ready = self.workspace is not None
        self.new_plan_action.setEnabled(ready)
        self.draft_plan_action.setEnabled(ready)
        self.backup_action.setEnabled(ready)
        self.restore_action.setEnabled(ready and self._switch_database_enabled())
        self.find_action.setEnabled(ready)
        for action in (self.open_db_action, self.new_db_action):
            action.setEnabled(ready and self._switch_database_enabled())
        self.import_action.setEnabled(ready and self._open_import is not None)
        self.export_action.setEnabled(ready and self._open_export is not None)

    # --- plans --------------------------------------------------------------------------

    def refresh_plans(self, select_id: int | None = None) -> None:
        assert self.workspace is not None
        self._show_plans(self.workspace.plans(), select_id)

    def _show_plans(self, plans: Sequence[Any], select_id: int | None = None) -> None:
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
        self.plan_switcher.blockSignals(True)  # one load below, not a second from the signal
        self.plan_switcher.setCurrentIndex(row if row >= 0 else 0)
        self.plan_switcher.blockSignals(False)
        self._on_plan_switched(self.plan_switcher.currentIndex())

    def current_plan_id(self) -> int | None:
        data = self.plan_switcher.currentData()
        return int(data) if data is not None else None

    def _on_plan_switched(self, _row: int) -> None:
        plan_id = self.current_plan_id()
        if plan_id is None:
            return
        self.stack.setCurrentWidget(self.workarea)
        self.settings.setValue("last_plan_id", plan_id)
        assert self.navigator is not None  # plans are shown by preview() or attach(), which build it
        if not self.navigator.currentIndex().isValid():
            self.navigator.setCurrentIndex(self.nav_model.index(0, 0))
        else:
            self.reload_current_page()

    def _on_page_chosen(self, current: object, _previous: object) -> None:
        assert self.navigator is not None  # its own signal
        row = self.navigator.currentIndex().row()
        if row < 0:
            return
        self.page_stack.setCurrentIndex(row)
        self.reload_current_page()

    def current_page(self) -> QWidget:
        return self.page_stack.currentWidget()

    def show_page(self, key: str) -> None:
        for row, spec in enumerate(self.pages):
            if spec.key == key and self.navigator is not None:
                self.navigator.setCurrentIndex(self.nav_model.index(row, 0))
                return
        raise KeyError(key)

    def reload_current_page(self) -> None:
        """Show the current plan on the visible page (pages load when they are shown)."""
        plan_id = self.current_plan_id()
        row = self.page_stack.currentIndex()
        if plan_id is None or row < 0:
            return
        try:
            self.pages[row].load(plan_id)
        except UserError as exc:
            self.show_message(exc.message)

    def _show_structure(self, plan_id: int) -> None:
        assert self.workspace is not None and self.plan_page is not None
        self.plan_page.show_outline(self.workspace.outline(plan_id))

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def refresh_backup_label(self) -> None:
        if self.workspace is None:
            return
        when = self.workspace.last_backup_time()
        self.backup_label.setText(
            self.tr("最近备份：%s") % when.strftime("%Y-%m-%d %H:%M") if when else self.tr("最近备份：无")
        )

    # --- import and export ----------------------------------------------------------

    def request_import(self, paths: list[Path]) -> None:
        if self._open_import is None or self.current_plan_id() is None:
            self.show_message(self.tr("请先载入一个方案，再导入报送文件。"))
            return
        self._open_import(paths)
        self.refresh_backup_label()
        self.reload_current_page()

    def request_export(self) -> None:
        if self._open_export is None or self.current_plan_id() is None:
            self.show_message(self.tr("请先载入一个方案，再导出报表。"))
            return
        self._open_export()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.request_import(paths)

    def show_welcome(self) -> None:
        if self.welcome is not None:
            self.stack.setCurrentWidget(self.welcome)

    def load_preset(self, name: str) -> None:
        workspace = self.workspace
        assert workspace is not None
        self._run_user_action(lambda: workspace.load_preset(name), self.tr("已载入预置方案。"))

    def create_empty_plan(self, name: str) -> None:
        workspace = self.workspace
        assert workspace is not None
        self._run_user_action(lambda: workspace.create_empty_plan(name), self.tr("已新建空白方案。"))

    def create_sample_plan(self) -> None:
        workspace = self.workspace
        assert workspace is not None
        self._run_user_action(workspace.create_sample_plan, self.tr("已创建示例方案：其中的数值是虚构的，仅供试用。"))

    def request_draft_plan(self) -> None:
        """文件 › 从政策文件起草方案…: review a draft of a policy document, then show the new plan."""
        from desktop.ui.draft_dialog import open_draft_dialog

        if self.workspace is None:
            return
        plan_id = open_draft_dialog(self, self.workspace.database)
        if plan_id is not None:
            self.refresh_plans(select_id=plan_id)
            self.refresh_backup_label()
            self.statusBar().showMessage(self.tr("已从政策文件新建方案。"), 5000)

    def _run_user_action(self, action: Callable[[], int], done: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QMessageBox

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

    # --- databases ------------------------------------------------------------------------

    def _switch_database_enabled(self) -> bool:
        return self.switch_database is not None

    def recent_databases(self) -> list[Path]:
        """The remembered databases, most recent first, without files that no longer exist."""
        value = self.settings.value(RECENT_DATABASES_KEY, [])
        items = [value] if isinstance(value, str) and value else value if isinstance(value, list) else []
        paths: list[Path] = []
        for item in items:
            path = Path(str(item))
            if path.is_file() and path not in paths:
                paths.append(path)
        return paths[:MAX_RECENT_DATABASES]

    def remember_database(self, path: Path) -> None:
        path = Path(path).resolve()
        paths = [path] + [p for p in self.recent_databases() if p.resolve() != path]
        self.settings.setValue(RECENT_DATABASES_KEY, [str(p) for p in paths[:MAX_RECENT_DATABASES]])
        self.refresh_recent_menu()

    def refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = self.recent_databases()
        current = Path(self.workspace.path).resolve() if self.workspace is not None else None
        for number, path in enumerate(paths, start=1):
            action = self.recent_menu.addAction(f"&{number} {path}")
            action.setData(str(path))
            action.setToolTip(str(path))
            is_current = path.resolve() == current
            action.setCheckable(is_current)
            action.setChecked(is_current)
            action.setEnabled(self._switch_database_enabled() and self.workspace is not None and not is_current)
            action.triggered.connect(lambda _checked=False, p=path: self.open_database(p))
        if not paths:
            empty = self.recent_menu.addAction(self.tr("（无）"))
            empty.setEnabled(False)

    def ask_database_path(self) -> Path | None:
        """Ask which database to open (tests replace this method)."""
        from PySide6.QtWidgets import QFileDialog

        assert self.workspace is not None
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("打开数据库"), str(Path(self.workspace.path).parent), DATABASE_FILTER
        )
        return Path(name) if name else None

    def ask_new_database_path(self) -> Path | None:
        """Ask where to create a new database (tests replace this method)."""
        from PySide6.QtWidgets import QFileDialog

        assert self.workspace is not None
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("新建数据库"), str(Path(self.workspace.path).parent / "新数据库.db"), DATABASE_FILTER
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".db" else path.with_name(path.name + ".db")

    def request_open_database(self) -> None:
        path = self.ask_database_path()
        if path is not None:
            self.open_database(path)

    def request_new_database(self) -> None:
        path = self.ask_new_database_path()
        if path is not None:
            self.open_database(path)

    def open_database(self, path: Path) -> None:
        """Switch the application to the database at ``path`` (through the composition root)."""
        if self.switch_database is None or self.workspace is None:
            self.show_message(self.tr("此窗口不能切换数据库。"))
            return
        if Path(path).resolve() == Path(self.workspace.path).resolve():
            self.show_message(self.tr("已在使用该数据库。"))
            return
        self.switch_database(Path(path))

    # --- backups ---------------------------------------------------------------------------

    def ask_backup_target(self) -> Path | None:
        """Where to write a backup (tests replace this method)."""
        import datetime as dt

        from PySide6.QtWidgets import QFileDialog

        assert self.workspace is not None
        suggested = self.workspace.backup_folder() / f"{self.workspace.path.stem}-备份-{dt.date.today():%Y%m%d}.db"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("备份数据库"), str(suggested), DATABASE_FILTER)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".db" else path.with_name(path.name + ".db")

    def ask_backup_source(self) -> Path | None:
        """Which backup to restore (tests replace this method)."""
        from PySide6.QtWidgets import QFileDialog

        assert self.workspace is not None
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择要恢复的备份"), str(self.workspace.backup_folder()), DATABASE_FILTER
        )
        return Path(name) if name else None

    def confirm_restore(self, source: Path) -> bool:
        """Asks before replacing the database (tests replace this method)."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self, self.tr("从备份恢复"),
            self.tr("用备份 %s 替换当前数据库吗？\n\n替换前，当前数据库会另存一份备份，恢复错了还可以再恢复回来。") % source,
        )
        return answer == QMessageBox.StandardButton.Yes

    def request_backup(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.workspace is None:
            return
        target = self.ask_backup_target()
        if target is None:
            return
        try:
            made = self.workspace.backup_to(target)
        except UserError as exc:
            QMessageBox.warning(self, self.tr("无法备份"), exc.message)
            return
        self.refresh_backup_label()
        self.show_message(self.tr("已备份到 %s") % made)

    def request_restore(self) -> None:
        """Replace the database with a backup: close it, restore (checked; the current one kept
        as a copy), then open it again in a fresh window through the composition root."""
        from PySide6.QtWidgets import QMessageBox

        from desktop.services.workspace import Workspace

        if self.workspace is None or self.switch_database is None:
            return
        source = self.ask_backup_source()
        if source is None or not self.confirm_restore(source):
            return
        path = Path(self.workspace.path)
        self.workspace.close()  # the restore needs the file and its lock
        try:
            kept = Workspace.restore(path, source)
        except UserError as exc:
            QMessageBox.warning(self, self.tr("无法恢复"), exc.message)
            kept = None
        self.switch_database(path)
        if kept is not None:
            QMessageBox.information(
                None, self.tr("已恢复"), self.tr("已从 %s 恢复数据库。\n恢复前的数据库已另存为 %s。") % (source, kept)
            )

    def _show_placement_warning(self) -> None:
        from desktop.ui.banner import set_banner

        warning = self.workspace.placement_warning() if self.workspace is not None else None
        if warning:
            set_banner(self.placement_banner, "warn", warning)
        self.placement_banner.setVisible(bool(warning))

    # --- misc ---------------------------------------------------------------------------

    def open_user_guide(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from desktop.resources import user_guide_path

        guide = user_guide_path()
        if guide is None or not QDesktopServices.openUrl(QUrl.fromLocalFile(str(guide))):
            self.show_message(self.tr("找不到用户指南文件。"))

    def _focus_search(self) -> None:
        page = self.current_page()
        focus = getattr(page, "focus_search", None)
        if self.stack.currentWidget() is self.workarea and focus is not None:
            focus()

    def about_text(self) -> str:
        from desktop.logging_setup import log_path
        from desktop.services.database import data_dir

        path = self.workspace.path if self.workspace is not None else self.tr("（正在打开）")
        backups = self.workspace.backup_folder() if self.workspace is not None else "—"
        return "\n".join([
            self.tr("创新型城市建设指标任务填报系统 %s") % __version__,
            "",
            self.tr("数据库：%s") % path,
            self.tr("备份文件夹：%s") % backups,
            self.tr("数据文件夹：%s") % data_dir(),
            self.tr("日志文件：%s") % (log_path() or self.tr("（未启用）")),
        ])

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, self.tr("关于"), self.about_text())

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            screen = QApplication.primaryScreen()
            size = screen.availableSize() if screen else None
            if size is not None:
                self.resize(min(1280, size.width() - 40), min(800, size.height() - 60))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        if self.plan_page is not None:
            self.settings.setValue("plan_page/splitter", self.plan_page.splitter.saveState())
        super().closeEvent(event)

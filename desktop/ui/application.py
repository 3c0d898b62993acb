"""The QApplication: Chinese translations of Qt's own buttons, the font and the stylesheet."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from desktop.resources import resource_path

UI_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei"]


def create_application(argv: Sequence[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setApplicationName("InnoTrack")
    app.setOrganizationName("InnoTrack")
    app.setApplicationDisplayName("创新型城市建设指标任务填报系统")
    QLocale.setDefault(_chinese())
    install_translations(app)
    font = QFont()
    font.setFamilies(UI_FONTS)
    font.setPointSize(10)
    app.setFont(font)
    app.setWindowIcon(QIcon(str(resource_path("icons", "innotrack.svg"))))
    app.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    return app


def install_translations(app: QApplication) -> bool:
    """Load Qt's own zh_CN catalogue so standard buttons read 确定/取消."""
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(_chinese(), "qtbase", "_", path):
        app.installTranslator(translator)
        return True
    return False


def _chinese() -> QLocale:
    """zh_CN, named by string: ``QLocale.Language``/``Country`` would make PySide6 build two
    Python enums of several hundred members each (~9 ms before the first paint)."""
    return QLocale("zh_CN")

"""Render docs/用户指南.md (with its screenshots) to docs/用户指南.pdf.

Clerks open the guide from the Start menu, where a Markdown file would show as plain text
without pictures. Qt reads Markdown itself (QTextDocument.setMarkdown) and writes PDF
(QPdfWriter), so no converter is needed beyond the Qt the program already uses.

    QT_QPA_PLATFORM=offscreen python packaging/guide_pdf.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SOURCE = DOCS / "用户指南.md"
TARGET = DOCS / "用户指南.pdf"


def render(source: Path = SOURCE, target: Path = TARGET) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QMarginsF, QSizeF, QUrl
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    writer = QPdfWriter(str(target))
    writer.setTitle("创新型城市建设指标任务填报系统 用户指南")
    writer.setCreator("InnoTrack")
    writer.setResolution(150)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    document.setBaseUrl(QUrl.fromLocalFile(str(source.parent) + "/"))
    font = QFont(["Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "SimSun"])
    font.setPointSizeF(10.5)
    document.setDefaultFont(font)
    document.setMarkdown(source.read_text(encoding="utf-8"))
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(page.width(), page.height()))
    _fit_images(document, page.width())
    document.print_(writer)
    del writer
    del app
    return target


def _fit_images(document: object, width: float) -> None:
    """Screenshots are wider than the page: scale each image to the text width."""
    from PySide6.QtGui import QTextImageFormat

    block = document.begin()  # type: ignore[attr-defined]
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                image = fmt.toImageFormat()
                cursor = document.find(fragment.text(), fragment.position() - 1)  # type: ignore[attr-defined]
                resized = QTextImageFormat(image)
                resized.setWidth(width)
                cursor.setPosition(fragment.position())
                cursor.setPosition(fragment.position() + fragment.length(), cursor.MoveMode.KeepAnchor)
                cursor.setCharFormat(resized)
            it += 1
        block = block.next()


def main() -> int:
    print(render())
    return 0


if __name__ == "__main__":
    sys.exit(main())

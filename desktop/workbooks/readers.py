"""Read a returned file (.xlsx, .xlsm, .xls/.et, .csv) into a ``WorkbookGrid``.

``read_workbook(path)`` is the only entry point. It decides the format from the first bytes,
never from the name:

* ``PK\\x03\\x04`` → a zip: a workbook (xl/workbook.xml) is .xlsx, or .xlsm when it carries
  vbaProject.bin or a macro-enabled content type (values only; macros are never run or
  kept); .xlsb, .ods and every other zip are refused with their own message.
* ``D0 CF 11 E0`` → an OLE2 compound file: with EncryptionInfo/EncryptedPackage streams it is
  an encrypted .xlsx (decrypted in memory when ``password`` is given), else .xls/.et via xlrd
  (handed the bare Workbook stream read by olefile: xlrd's own container reader loops
  forever on a cyclic sector chain).
* a tag after an optional BOM and whitespace → HTML/XML saved as .xls: refused with the way
  out (open in Excel/WPS, save as .xlsx). It is not parsed: see ``reading/text.py``.
* empty → refused; text with commas/tabs → CSV; anything else → refused.

Safety before parsing (``ReadLimits``): file size; for zips the central directory — declared
total size and each member's compression ratio (members ≥ 1 MiB; Excel's own styles.xml
compresses ~100:1) — before openpyxl opens anything; any DTD in an XML part is refused
(defusedxml inside openpyxl is the second line: this module refuses to import without it);
a cell budget across all sheets. Every parser failure becomes ``BadFileError`` naming the
file; the original exception is chained for the log.

Readers: ordinary .xlsx files are read with python-calamine for the values (about 10× faster
than openpyxl read-only on 100,000 × 10 cells here) and openpyxl's own stylesheet parser for
the number formats of the cells that have one, so 0.0302 shown as 3.02% still reads as a
percentage (``reading/fastxlsx.py``). Anything that path cannot reproduce exactly — odd
layouts, error cells, numbers written as ``3.0`` — falls back to openpyxl ``read_only=True,
data_only=True`` + ``reset_dimensions()``. A sheet's declared size is checked before calamine
sees it: calamine aborts the whole process on a cell far out (A1 plus XFD1048576).
The cyclic GC is paused while reading: it rescanned the cells already read for nothing and
took a third of the time.

Merged ranges: read by a streaming byte scan of each sheet's XML (read-only worksheets do not
expose them; a second, non-read-only load would hold the whole sheet in memory). Formulas
without a cached value: an lxml pass over only the sheets that contain formulas (an empty
``<v/>`` under ``t="str"`` is an empty-string result, not a missing one); see
``reading/ooxml.py``. Values come as stored (int/float/bool/str/datetime, a time of day as
'HH:MM:SS' text); an empty string is None; trailing empty cells and rows are dropped.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl

from desktop.domain.intake.grid import WorkbookGrid
from desktop.workbooks.reading.common import BadFileError, CellBudget, ReadLimits, fail, mb
from desktop.workbooks.reading.legacy import decrypt, encrypted, ole_streams, read_xls
from desktop.workbooks.reading.ooxml import read_xlsx
from desktop.workbooks.reading.text import looks_like_markup, markup_error, read_csv

__all__ = ["BadFileError", "ReadLimits", "read_workbook", "ensure_defused_xml"]

log = logging.getLogger(__name__)

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def ensure_defused_xml() -> None:
    """openpyxl guards against XML bombs only when defusedxml is importable and not switched off."""
    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise RuntimeError(
            "openpyxl is running without defusedxml (not installed, or OPENPYXL_DEFUSEDXML is set): "
            "refusing to read untrusted workbooks. Install defusedxml and unset OPENPYXL_DEFUSEDXML."
        )


ensure_defused_xml()


def read_workbook(
    path: Path,
    *,
    display_name: str | None = None,
    password: str | None = None,
    limits: ReadLimits = ReadLimits(),
) -> WorkbookGrid:
    """The cells of every worksheet of ``path``; ``BadFileError`` (Chinese, naming the file) when it
    cannot or must not be read. ``password`` opens an encrypted file; it is never stored."""
    ensure_defused_xml()
    path = Path(path)
    name = display_name or path.name
    data = _read_bytes(path, name, limits)
    sha = hashlib.sha256(data).hexdigest()
    try:
        with _gc_paused():
            fmt, sheets = _dispatch(data, name, password, limits, CellBudget(name, limits))
    except BadFileError as exc:
        log.info("refused %s (%s): %s", name, exc.reason, exc.__cause__ or "")
        raise
    except MemoryError as exc:
        raise fail(name, "太大，内存不足以读取，已拒绝导入。请删去无关的行、列和工作表后另存再导入。", reason="too_large") from exc
    return WorkbookGrid(file_name=name, format=fmt, sha256=sha, sheets=sheets)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic GC rescans the million cells already read again and again (a third of the
    time of a 100,000-row sheet) and finds nothing: parsing makes no reference cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_bytes(path: Path, name: str, limits: ReadLimits) -> bytes:
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise fail(
                name,
                f"有 {mb(size)} MB，超过上限 {mb(limits.max_file_bytes)} MB，已拒绝导入。"
                f"请确认是否发错了文件，或删去无关的工作表后另存再导入。",
                reason="too_large",
            )
        with path.open("rb") as f:
            data = f.read(limits.max_file_bytes + 1)
    except BadFileError:
        raise
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise BadFileError(
            f"无法读取文件“{name}”（{reason}）。请确认文件存在、没有被其他程序独占，然后重试。",
            reason="unreadable",
            file_name=name,
        ) from exc
    if len(data) > limits.max_file_bytes:  # grew while we looked
        raise fail(name, f"超过上限 {mb(limits.max_file_bytes)} MB，已拒绝导入。", reason="too_large")
    return data


def _dispatch(
    data: bytes, name: str, password: str | None, limits: ReadLimits, budget: CellBudget, depth: int = 0
) -> tuple[str, tuple]:
    if not data or (len(data) <= 4096 and not data.strip(b"\x00 \t\r\n")):
        raise fail(name, "是空文件（没有任何内容），无法导入。请让报送单位重新发送。", reason="empty")
    if data.startswith(ZIP_MAGIC) or data.startswith(EMPTY_ZIP_MAGIC):
        return read_xlsx(data, name, limits, budget)
    if data.startswith(OLE_MAGIC):
        streams = ole_streams(data, name)
        if "encryptioninfo" in streams or "encryptedpackage" in streams:
            if password is None:
                raise encrypted(name)
            plain = decrypt(data, password, name)
            if depth or not plain.startswith(ZIP_MAGIC):
                raise fail(name, "解密后的内容不是 Excel 工作簿，无法导入。请让报送单位去掉密码后重新发送。", reason="corrupt")
            return _dispatch(plain, name, None, limits, budget, depth + 1)
        return "xls", read_xls(data, name, limits, budget, password)
    if looks_like_markup(data):
        raise markup_error(name)
    return "csv", read_csv(data, name, budget)

"""OLE2 (compound) files: an encrypted .xlsx, a legacy .xls / WPS .et, or something else.

.xls goes through xlrd 2.x with ``formatting_info=True`` (number formats and merged cells);
when xlrd cannot do formatting for a file it is read again without, and number formats are
then None. Passwords: an encrypted .xlsx (EncryptionInfo + EncryptedPackage streams) and an
RC4-encrypted .xls are decrypted in memory with msoffcrypto-tool when the caller gives the
password; an .xls "protected" only with Excel's built-in password (VelvetSweatshop) opens
without asking.
"""

from __future__ import annotations

import datetime as dt
import inspect
import io
import math
import struct

import msoffcrypto
import olefile
import xlrd
from msoffcrypto.exceptions import DecryptionError, InvalidKeyError

from desktop.domain.intake.grid import GridCell, SheetGrid
from desktop.workbooks.reading.common import (
    EXCEL_MAX_ROWS,
    REMOVE_PASSWORD_ADVICE,
    BadFileError,
    CellBudget,
    ReadLimits,
    corrupt,
    empty_cell,
    fail,
    make_sheet,
    trim_row,
)

EXCEL_DEFAULT_PASSWORD = "VelvetSweatshop"  # what Excel uses for "read-only recommended" .xls files
_STATES = {0: "visible", 1: "hidden", 2: "veryHidden"}


def encrypted(file_name: str) -> BadFileError:
    return fail(file_name, f"设有打开密码，无法读取。{REMOVE_PASSWORD_ADVICE}。", reason="encrypted")


def wrong_password(file_name: str) -> BadFileError:
    return fail(
        file_name,
        "的打开密码不正确，文件未能打开。请核对密码（注意大小写）后重试，或请报送单位去掉密码后重新发送。",
        reason="wrong_password",
    )


def _ole(data: bytes) -> olefile.OleFileIO:
    # DEFECT_INCORRECT: a broken sector chain raises instead of being read on (olefile reads
    # a fixed number of sectors, so a cyclic chain cannot loop forever).
    return olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)


def ole_streams(data: bytes, file_name: str) -> set[str]:
    """Names of the streams of a compound file (lower case, '/'-joined)."""
    try:
        with _ole(data) as ole:
            return {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=False)}
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError … on broken containers
        raise corrupt(file_name) from exc


def workbook_stream(data: bytes, file_name: str) -> bytes | None:
    """The BIFF 'Workbook' (or BIFF5 'Book') stream, read by olefile; None when there is none.

    xlrd is then given the bare stream, never the container: xlrd's own compound-document
    reader follows a cyclic short-sector chain forever (found by fuzzing: 10 GB in seconds).
    """
    try:
        with _ole(data) as ole:
            for name in ("Workbook", "Book"):
                if ole.exists(name) and ole.get_type(name) == olefile.STGTY_STREAM:
                    if ole.get_size(name) > len(data):
                        raise corrupt(file_name, detail="工作簿数据流的长度超出文件本身")
                    with ole.openstream(name) as stream:
                        return stream.read()
    except BadFileError:
        raise
    except Exception as exc:
        raise corrupt(file_name) from exc
    return None


_FILEPASS = 0x002F
_EOF = 0x000A


def biff_is_encrypted(stream: bytes) -> bool:
    """A FILEPASS record in the workbook globals (before their EOF) means the .xls is encrypted."""
    pos = 0
    end = len(stream)
    while pos + 4 <= end:
        kind, size = struct.unpack_from("<HH", stream, pos)
        if kind == _FILEPASS:
            return True
        if kind == _EOF:
            return False
        pos += 4 + size
    return False


def decrypt(data: bytes, password: str, file_name: str) -> bytes:
    """The plain bytes of an encrypted OOXML or .xls file, in memory only."""
    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        if "verify_password" in inspect.signature(office.load_key).parameters:
            office.load_key(password=password, verify_password=True)
        else:  # Xls97File verifies in load_key and takes no such argument
            office.load_key(password=password)
        out = io.BytesIO()
        office.decrypt(out)
    except InvalidKeyError as exc:
        raise wrong_password(file_name) from exc
    except DecryptionError as exc:
        if "password" in str(exc).lower():
            raise wrong_password(file_name) from exc
        raise corrupt(file_name, detail="无法解密") from exc
    except Exception as exc:
        raise corrupt(file_name, detail="无法解密") from exc
    return out.getvalue()


def _open_book(stream: bytes, formatting: bool) -> xlrd.book.Book:
    return xlrd.open_workbook(
        file_contents=stream,
        formatting_info=formatting,
        on_demand=True,
        logfile=io.StringIO(),
        verbosity=0,
        ragged_rows=True,
    )


def read_xls(
    data: bytes, file_name: str, limits: ReadLimits, budget: CellBudget, password: str | None
) -> tuple[SheetGrid, ...]:
    stream = workbook_stream(data, file_name)
    if stream is None:
        raise fail(
            file_name,
            "不是 Excel 文件（是其他类型的 Office 文档），无法导入。请确认是否发错了文件。",
            reason="not_excel",
        )
    if biff_is_encrypted(stream):
        try:
            data = decrypt(data, EXCEL_DEFAULT_PASSWORD, file_name)
        except BadFileError:
            if password is None:
                raise encrypted(file_name) from None
            data = decrypt(data, password, file_name)
        stream = workbook_stream(data, file_name)
        if stream is None or biff_is_encrypted(stream):
            raise corrupt(file_name, detail="无法解密")
    try:
        try:
            book = _open_book(stream, formatting=True)
            formatting = True
        except NotImplementedError:
            book = _open_book(stream, formatting=False)
            formatting = False
    except xlrd.XLRDError as exc:
        text = str(exc).lower()
        if "encrypt" in text:
            raise encrypted(file_name) from exc
        if "can't find workbook" in text or "not supported" in text:
            raise fail(
                file_name,
                "不是 Excel 文件（是其他类型的 Office 文档），无法导入。请确认是否发错了文件。",
                reason="not_excel",
            ) from exc
        raise corrupt(file_name) from exc
    except Exception as exc:
        raise corrupt(file_name) from exc

    sheets: list[SheetGrid] = []
    name: str | None = None
    try:
        for index in range(book.nsheets):
            sh = book.sheet_by_index(index)
            name = sh.name
            sheets.append(_sheet(book, sh, formatting, file_name, budget))
            book.unload_sheet(index)
        name = None
    except BadFileError:
        raise
    except Exception as exc:
        raise corrupt(file_name, sheet=name) from exc
    finally:
        book.release_resources()
    return tuple(sheets)


def _number(v: float) -> int | float:
    if math.isfinite(v) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    return v


def _sheet(book: xlrd.book.Book, sh, formatting: bool, file_name: str, budget: CellBudget) -> SheetGrid:
    if sh.nrows > EXCEL_MAX_ROWS:
        raise corrupt(file_name, sheet=sh.name, detail=f"行数超过 Excel 的上限 {EXCEL_MAX_ROWS:,}")
    fmt_of_xf: dict[int, str | None] = {}
    empties: dict[str | None, GridCell] = {}

    def number_format(r: int, c: int) -> str | None:
        if not formatting:
            return None
        xf = sh.cell_xf_index(r, c)
        if xf not in fmt_of_xf:
            fmt = None
            if 0 <= xf < len(book.xf_list):
                f = book.format_map.get(book.xf_list[xf].format_key)
                fmt = f.format_str if f is not None else None
            fmt_of_xf[xf] = fmt
        return fmt_of_xf[xf]

    rows: list[tuple[GridCell, ...]] = []
    for r in range(sh.nrows):
        types = sh.row_types(r)
        values = sh.row_values(r)
        budget.spend(max(len(values), 1), sh.name)
        cells: list[GridCell] = []
        for c, (kind, v) in enumerate(zip(types, values)):
            if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) or (kind == xlrd.XL_CELL_TEXT and v == ""):
                cells.append(empty_cell(number_format(r, c) if kind != xlrd.XL_CELL_EMPTY else None, empties))
                continue
            fmt = number_format(r, c)
            if kind == xlrd.XL_CELL_TEXT:
                value = v
            elif kind == xlrd.XL_CELL_NUMBER:
                value = _number(v)
            elif kind == xlrd.XL_CELL_DATE:
                try:
                    value = xlrd.xldate.xldate_as_datetime(v, book.datemode)
                except (xlrd.xldate.XLDateError, ValueError, OverflowError):
                    value = _number(v)
                else:
                    if isinstance(value, dt.time):
                        value = value.isoformat(timespec="seconds")
            elif kind == xlrd.XL_CELL_BOOLEAN:
                value = bool(v)
            elif kind == xlrd.XL_CELL_ERROR:
                value = xlrd.error_text_from_code.get(v, "#N/A")
            else:
                value = str(v)
            cells.append(GridCell(value, fmt))
        rows.append(trim_row(cells))

    merged: list[tuple[int, int, int, int]] = []
    for rlo, rhi, clo, chi in sh.merged_cells if formatting else ():
        box = (rlo + 1, clo + 1, rhi, chi)  # xlrd: half-open, 0-based
        if box[0] <= box[2] and box[1] <= box[3] and (box[0], box[1]) != (box[2], box[3]):
            merged.append(box)
    return make_sheet(sh.name, rows, merged=tuple(merged), state=_STATES.get(sh.visibility, "visible"))

"""Drafting a plan from a policy document file (.docx, .txt, text PDF) and saving the draft.

Reading the file is the only I/O here; the rules live in ``desktop.domain.drafting``.
A draft is shown to the clerk first (``draft_to_dump``: the shape of ``innotrack dump``
without ids, every item with its ``source`` sentence and ``confidence``); only
``save_draft`` writes, and it goes through the same loader as presets and plans imported
from Excel (``load_plan_document``), in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain.deadlines import parse_deadline
from desktop.domain.drafting import LOW_CONFIDENCE, Draft, DraftTask, MetaField, NumericTarget, extract_draft
from desktop.domain.unit_names import UnitDirectory
from desktop.errors import NotFoundError, UserError
from desktop.services.database import Database
from desktop.services.presets import load_plan_document, shared_unit_entries

SUPPORTED = (".docx", ".txt", ".pdf")

# A page of a text PDF carries hundreds of characters; a scan carries none (or a few
# stray ones from a stamp or a page number).
_MIN_CHARS_PER_PAGE = 20


@dataclass(frozen=True)
class DraftResult:
    path: Path
    text: str
    draft: Draft


# --- reading ------------------------------------------------------------------------


def read_document_text(path: Path) -> str:
    """The text of a .docx, .txt or text-layer PDF; tables as tab-separated cell lines."""
    path = Path(path)
    if not path.is_file():
        raise NotFoundError(f"找不到文件 {path}。请检查路径。")
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return _read_txt(path)
    if suffix == ".docx":
        return _read_docx(path)
    if suffix == ".pdf":
        return _read_pdf(path)
    if suffix in (".doc", ".wps"):
        raise UserError(f"文件 {path.name} 是旧版 Word/WPS 格式，无法直接读取。请在 Word 或 WPS 中另存为 .docx 后再试。")
    raise UserError(f"不支持的文件类型：{path.name}。请提供 .docx、.txt 或带文字层的 .pdf 文件。")


def _read_txt(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(f"无法识别文本文件 {path.name} 的编码。请另存为 UTF-8 或 GBK 编码的 .txt 后再试。")


def _read_docx(path: Path) -> str:
    import zipfile

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UserError(f"无法打开 Word 文件 {path.name}：文件已损坏或不是 .docx 格式。") from exc
    lines: list[str] = []
    labels = _ListLabels(document)
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            lines.append(labels.label(paragraph) + paragraph.text)
        elif tag == "tbl":
            lines.extend(_table_lines(Table(child, document)))
    return "\n".join(lines)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _format_number(n: int, fmt: str) -> str:
    if fmt.startswith("chinese") or fmt.startswith("ideograph") or fmt == "taiwaneseCounting":
        if n < 10:
            return _CN_DIGITS[n]
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + ("" if units == 0 else _CN_DIGITS[units])
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    return str(n)


class _ListLabels:
    """The numbers Word draws in front of automatically numbered paragraphs (1. / （一） / ①).

    ``paragraph.text`` does not contain them, but the structure rules read them, so they
    are rebuilt from numbering.xml: per list, a counter per level, deeper levels restarting.
    """

    def __init__(self, document: Any) -> None:
        self._levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for a in numbering.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in a.iter(f"{_W}lvl"):
                start = lvl.find(f"{_W}start")
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                )
            abstract[a.get(f"{_W}abstractNumId", "")] = levels
        for num in numbering.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self._levels[num.get(f"{_W}numId", "")] = abstract.get(ref.get(f"{_W}val", ""), {})

    @staticmethod
    def _num_pr(paragraph: Any) -> Any:
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.numPr is not None:
            return ppr.numPr
        style = paragraph.style
        while style is not None:
            sppr = style.element.pPr
            if sppr is not None and sppr.numPr is not None:
                return sppr.numPr
            style = style.base_style
        return None

    def label(self, paragraph: Any) -> str:
        num_pr = self._num_pr(paragraph) if self._levels else None
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        levels = self._levels.get(num_id)
        if not levels or level not in levels:
            return ""
        counters = self._counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels[level][0] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        text = levels[level][2]
        for k in range(level, -1, -1):
            start, fmt, _ = levels.get(k, (1, "decimal", ""))
            text = text.replace(f"%{k + 1}", _format_number(counters.get(k, start), fmt))
        return text


def _table_lines(table: Any) -> list[str]:
    """A Word table as the text-form tables of PDF extractions: a tab-led line per cell,
    a blank line after each row, three after the table."""
    out: list[str] = ["", "", ""]
    for row in table.rows:
        previous = None
        for cell in row.cells:
            if previous is not None and cell._tc is previous:
                continue  # a merged cell repeats in python-docx
            previous = cell._tc
            text = " ".join(cell.text.split())
            out.append("\t" + text)
        out.append("")
    out += ["", ""]
    return out


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UserError(f"PDF 文件 {path.name} 有打开密码，无法读取。请先解除密码后再试。")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UserError:
        raise
    except DependencyError as exc:  # AES encryption needs the optional cryptography package
        raise UserError(f"PDF 文件 {path.name} 使用了无法处理的加密方式。请先解除加密或另存为普通 PDF 后再试。") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UserError(f"无法读取 PDF 文件 {path.name}：文件已损坏或不是 PDF。") from exc
    text = "\n".join(pages)
    visible = sum(1 for ch in text if not ch.isspace())
    if not pages or visible < _MIN_CHARS_PER_PAGE * len(pages):
        raise UserError(
            f"PDF 文件 {path.name} 没有可提取的文字（可能是扫描件或图片）。"
            "请先用 OCR 软件识别为文字，或改用该文件的 .docx、.txt 版本。"
        )
    return text


# --- drafting -----------------------------------------------------------------------


def default_directory() -> UnitDirectory:
    return UnitDirectory(shared_unit_entries())


def draft_file(path: Path, directory: UnitDirectory | None = None) -> DraftResult:
    text = read_document_text(path)
    draft = extract_draft(text, directory if directory is not None else default_directory())
    if not draft.tasks and not draft.indicators:
        raise UserError(
            f"未能从 {Path(path).name} 中识别出任务或指标。请确认这是一份带编号条目（一、（一）1.）的意见、方案或规划。"
        )
    return DraftResult(Path(path), text, draft)


def _meta(field: MetaField) -> Any:
    value = field.value
    return value.isoformat() if hasattr(value, "isoformat") else value


def _conf(value: float) -> float:
    return round(value, 2)


def _target(t: NumericTarget) -> dict[str, Any]:
    return {
        "year": t.year,
        "value": t.value,
        "kind": t.kind,
        "text": t.text,
        "unit": t.unit,
        "qualifier": t.qualifier,
        "year_from": t.year_from,
        "source": t.source,
        "confidence": _conf(t.confidence),
    }


def _goal_deadline(text: str | None, year: int | None) -> str | None:
    dl = parse_deadline(text, year)
    return dl.date.isoformat() if dl is not None and dl.date is not None else None


def _task(t: DraftTask, year: int | None) -> dict[str, Any]:
    dl = t.deadline
    return {
        "group": t.group_name,
        "group_number": t.group_number,
        "number": t.number,
        "title": t.title,
        "body": t.body or None,
        "goals": [g.text for g in t.goals],
        "goal_rows": [
            {"text": g.text, "units": list(g.units), "deadline": _goal_deadline(g.deadline_text, year),
             "deadline_text": g.deadline_text}
            for g in t.goals
        ],
        "units": [u.written for u in t.units],
        "unit_matches": [
            {"written": u.written, "name": u.name, "role": u.role, "known": u.known} for u in t.units
        ],
        "deadline": dl.date.isoformat() if dl and dl.date else None,
        "deadline_text": dl.text if dl else None,
        "ongoing": bool(dl and dl.ongoing),
        "task_force": None,
        "milestones": [],
        "targets": [_target(x) for x in t.targets],
        "notes": list(t.notes),
        "source": t.source,
        "confidence": _conf(t.confidence),
        "review": t.confidence < LOW_CONFIDENCE,
    }


_PLAN_FIELDS = ("doc_number", "issuer", "issue_date", "city", "base_year", "target_year")


def _meta_values(m: Any) -> dict[str, Any]:
    """The plan fields of a draft's meta (``_PLAN_FIELDS``), dates as ISO text."""
    return {key: _meta(getattr(m, key)) for key in _PLAN_FIELDS}


def _plan_entry(name: str, values: Any) -> dict[str, Any]:
    """A plan's entry in a dump or preset document: the name, the fields read from the
    document (``values.get``), and the ones a draft leaves empty."""
    return {
        "name": name,
        **{key: values.get(key) for key in _PLAN_FIELDS},
        "reporting_day": None,
        "review_months": [],
        "indicator_notes": [],
    }


def _indicator_entry(number: str, name: str, unit: Any, direction: str, targets: list[dict[str, Any]]) -> dict[str, Any]:
    """An indicator's entry in a dump or preset document, with the fields a draft leaves empty."""
    return {
        "number": number,
        "name": name,
        "unit": unit,
        "direction": direction,
        "weight": None,
        "key": False,
        "units": [],
        "baseline": None,
        "targets": targets,
        "values": [],
    }


def _add_indicator(groups: dict[str, dict[str, Any]], group: str, name: str, unit: Any, direction: str,
                   targets: list[dict[str, Any]], task: Any, source: Any) -> None:
    """Append an indicator to its group of a preset document, numbered 1, 2, … within the group."""
    entry = groups.setdefault(group, {"name": group, "indicators": []})
    entry["indicators"].append({
        **_indicator_entry(str(len(entry["indicators"]) + 1), name, unit, direction, targets),
        "task": task,
        "source": source,
    })


def _task_entry(number: str, title: str, body: Any, goals: list[dict[str, Any]], units: list[str],
                deadline_text: Any) -> dict[str, Any]:
    """A task's entry in a preset document."""
    return {
        "number": number,
        "title": title,
        "body": body,
        "goals": goals,
        "units": units,
        "deadline_text": deadline_text,
        "task_force": None,
        "milestones": [],
    }


def _plan_document(plan: dict[str, Any], indicator_groups: list[dict[str, Any]],
                   task_groups: list[dict[str, Any]]) -> dict[str, Any]:
    """A preset document (docs/preset-format.md) of a draft: no task forces or leading groups."""
    return {
        "format": 1,
        "plan": plan,
        "indicator_groups": indicator_groups,
        "task_groups": task_groups,
        "task_forces": [],
        "leading_groups": [],
    }


def draft_to_dump(result: DraftResult, directory: UnitDirectory | None = None) -> dict[str, Any]:
    """The draft in the shape of ``innotrack dump``: no ids; ``source`` and ``confidence`` per item."""
    draft = result.draft
    directory = directory if directory is not None else default_directory()
    m = draft.meta
    name = m.name.value or result.path.stem
    plan = {
        **_plan_entry(name, _meta_values(m)),
        "preset": None,
        "sources": {
            key: {"value": _meta(getattr(m, key)), "source": getattr(m, key).source,
                  "confidence": _conf(getattr(m, key).confidence)}
            for key in ("name", "doc_number", "issuer", "issue_date", "city", "target_year", "base_year")
        },
    }
    year = m.issue_date.value.year if m.issue_date.value is not None else m.target_year.value  # type: ignore[union-attr]
    tasks = [_task(t, year if isinstance(year, int) else None) for t in draft.tasks]
    units: list[dict[str, Any]] = []
    seen: set[str] = set()
    for t in draft.tasks:
        for u in t.units:
            key = u.name or u.written
            if key in seen:
                continue
            seen.add(key)
            entry = directory.entry(u.name) if u.name else None
            units.append({
                "name": key,
                "kind": entry.kind if entry else None,
                "aliases": list(entry.aliases) if entry else [],
                "known": u.known,
            })
    indicators = []
    for n, ind in enumerate(draft.indicators, start=1):
        indicators.append({
            "group": ind.group,
            **_indicator_entry(str(n), ind.name, ind.unit, ind.direction, [_target(t) for t in ind.targets]),
            "task_number": ind.task_number,
            "source": ind.source,
            "confidence": _conf(ind.confidence),
            "review": ind.confidence < LOW_CONFIDENCE,
        })
    return {
        "draft": {
            "file": result.path.name,
            "warnings": list(draft.warnings),
            "low_confidence_below": LOW_CONFIDENCE,
            "tables": [
                {"label": t.label, "title": t.title, "kind": t.kind, "header": list(t.header), "rows": [list(r) for r in t.rows]}
                for t in draft.tables
            ],
        },
        "plan": plan,
        "units": units,
        "indicators": indicators,
        "tasks": tasks,
        "task_forces": [],
        "leading_groups": [],
    }


def draft_to_plan_document(result: DraftResult, name: str | None = None) -> dict[str, Any]:
    """The draft in the preset format that ``load_plan_document`` reads (docs/preset-format.md)."""
    draft = result.draft
    m = draft.meta
    plan_name = (name or "").strip() or m.name.value or result.path.stem
    task_numbers = {t.number for t in draft.tasks}
    groups: dict[str, dict[str, Any]] = {}
    for ind in draft.indicators:
        targets = [
            {"year": t.year, "value": t.value, "kind": t.kind, "text": t.text} for t in ind.targets if t.year is not None
        ]
        if not targets:
            continue
        _add_indicator(groups, ind.group, ind.name, ind.unit, ind.direction, targets,
                       ind.task_number if ind.task_number in task_numbers else None, ind.source)
    task_groups = [
        {
            "number": g.number,
            "name": g.name,
            "tasks": [
                _task_entry(
                    t.number, t.title, t.body or None,
                    [{"text": x.text, "units": list(x.units), "deadline_text": x.deadline_text} for x in t.goals],
                    [u.written for u in t.units],
                    t.deadline.text if t.deadline else None,
                )
                for t in g.tasks
            ],
        }
        for g in draft.groups
    ]
    return _plan_document(_plan_entry(plan_name, _meta_values(m)), list(groups.values()), task_groups)


def save_draft(database: Database, result: DraftResult, name: str | None = None) -> tuple[int, list[str]]:
    """Create the plan of a reviewed draft; returns the plan id and the units that were added."""
    doc = draft_to_plan_document(result, name)
    return load_plan_document(database, doc, source=result.path.name)


# --- a draft edited by the clerk ----------------------------------------------------


def match_units(written: list[str], directory: UnitDirectory | None = None) -> list[dict[str, Any]]:
    """Responsible units typed by the clerk, resolved like the extractor's (``unit_matches`` rows)."""
    directory = directory if directory is not None else default_directory()
    out = []
    for name in written:
        found = directory.resolve(name)
        out.append({"written": name, "name": found.name, "role": "responsible", "known": found.name is not None})
    return out


def dump_to_plan_document(dump: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    """A draft dump (``draft_to_dump``, possibly edited in the review dialog) in the preset format.

    For an unedited draft this is exactly ``draft_to_plan_document``; the dialog edits the
    dump (names, units, target values, items left out) and saves through here.
    """
    p = dump["plan"]
    plan_name = (name or "").strip() or (p.get("name") or "").strip()
    if not plan_name:
        raise UserError("请填写方案名称。")
    tasks = dump.get("tasks", [])
    task_numbers = {t["number"] for t in tasks}
    groups: dict[str, dict[str, Any]] = {}
    for ind in dump.get("indicators", []):
        targets = [
            {"year": t["year"], "value": t["value"], "kind": t["kind"], "text": t.get("text")}
            for t in ind["targets"] if t.get("year") is not None
        ]
        if not targets:
            continue
        _add_indicator(groups, ind["group"], ind["name"], ind.get("unit"), ind["direction"], targets,
                       ind.get("task_number") if ind.get("task_number") in task_numbers else None, ind.get("source"))
    task_groups: list[dict[str, Any]] = []
    for t in tasks:
        if not task_groups or task_groups[-1]["name"] != t["group"] or task_groups[-1]["number"] != t["group_number"]:
            task_groups.append({"number": t["group_number"], "name": t["group"], "tasks": []})
        task_groups[-1]["tasks"].append(_task_entry(
            t["number"], t["title"], t.get("body") or None,
            [
                {"text": g["text"], "units": list(g["units"]), "deadline_text": g.get("deadline_text")}
                for g in t.get("goal_rows", [])
            ],
            list(t["units"]),
            t.get("deadline_text"),
        ))
    return _plan_document(_plan_entry(plan_name, p), list(groups.values()), task_groups)


def save_draft_dump(database: Database, dump: dict[str, Any], *, source: str) -> tuple[int, list[str]]:
    """Create the plan of a reviewed and edited draft dump; returns the plan id and the units added."""
    if not dump.get("tasks") and not any(i["targets"] for i in dump.get("indicators", [])):
        raise UserError("草稿中没有要保存的任务或指标。请至少勾选一项。")
    return load_plan_document(database, dump_to_plan_document(dump), source=source)

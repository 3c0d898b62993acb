"""Document metadata: 文号 (淄政发〔2022〕4号), issuer, date, plan name, years.

Read from where official documents put them: the 文号 in the header (before the first
heading, outside 《》 and 根据… references), the title with 关于… or 《…》, the signature
(an organisation line followed by a date line) at the end, the target year from the period the
document names for itself (（2021—2025年）, 规划期为…, “十四五”), else from 到YYYY年 phrases and
YYYY年目标 column heads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from desktop.domain.drafting.model import DocumentMeta, MetaField
from desktop.domain.drafting.text import Line

DOC_NUMBER = re.compile(r"([\u4e00-\u9fa5]{1,8}[发字函办令通知]*)[〔\[【(（](\d{4})[〕\]】)）]第?(\d{1,4})号")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_DATE_ANY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
ORG_LINE = _ORG = re.compile(r"^[\u4e00-\u9fa5（）()]{2,30}(人民政府|政府|办公室|办公厅|委员会|局|厅|委|部|管委会|领导小组)$")
_ORG_PREFIX = re.compile(r"^[\u4e00-\u9fa5]{2,20}?(人民政府|科学技术局|局|委员会|办公室|办公厅)(文件)?")
_TITLE_WORDS = re.compile(r"关于|意见|方案|规划|计划|办法|通知|报告|纲要|措施|细则|要点|任务分解|分解表|任务清单|责任分工")
_TITLE_END = re.compile(r"(意见|方案|规划|计划|办法|通知|报告|纲要|措施|细则|要点|任务分解|分解表|任务清单|责任分工|》)$")
# a line that cannot be a title: a sentence of the body, a numbered item, an addressee line
_NOT_TITLE = re.compile(r"^(?:为(?:了|深入|贯彻|落实|加快|推动|进一步|全面|切实|认真|更好)|根据|按照|现将|经(?:市|县|区|省)|各|[一二三四五六七八九十]+、|\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]+[）)])")
# "关于印发《X》的通知" / "关于印发X的通知": the notice names the plan it issues
_ISSUES = re.compile(r"(?:印发|转发|发布)《(.+?)》|关于(?:印发|转发)(.+?)的通知")
# an annual plan: "2023年工作要点", "2021年度重点工作任务分解"
_ANNUAL_TITLE = re.compile(r"(\d{4})年度?.{0,24}?(?:工作要点|工作计划|重点工作|工作任务|任务分解|分解表|任务清单|工作安排)")
_TARGET_YEAR = re.compile(r"(?:到|至|在)(\d{4})年|(\d{4})年(?:目标|底前全面|前全面)")
# "到2035年，基本建成…": a long-range vision after the plan's own targets, not its horizon
_VISION = re.compile(r"基本建成|全面建成|建成一流|基本实现|全面实现|远景|展望")
_CITY = re.compile(r"^([\u4e00-\u9fa5]{2,6}?[市州盟])")
# "展望至2030年" / "展望2035年" / "2035年远景目标": the outlook of a plan, never its horizon
_OUTLOOK_YEAR = re.compile(r"(?:展望|远景)(?:到|至)?(\d{4})年|(\d{4})年远景")
# The plan period: "（2021—2025年）" in the title, "规划期为2024—2026年" in the opening
_PERIOD = re.compile(r"(\d{4})\s*年?\s*[—–\-－~～至到]\s*(\d{4})\s*年")
_PERIOD_WORDS = re.compile(r"规划期|实施期|执行期|行动期|期限为|期限是|时间跨度|实施时间为|时间为")
# "“十四五”" in the title: the five-year plan ending in 1955 + 5n (十一五 2010 … 十五五 2030)
_FIVE_YEAR = re.compile(r"十([一二三四五六七八九])五")
_FIVE_YEAR_N = {"一": 11, "二": 12, "三": 13, "四": 14, "五": 15, "六": 16, "七": 17, "八": 18, "九": 19}


def _field(value, source, confidence):  # noqa: ANN001 - tiny helper
    return MetaField(value, source, confidence if value is not None else 0.0)


def doc_number(lines: list[Line], first_heading: int) -> tuple[str | None, str | None]:
    head = lines[:first_heading] if first_heading > 0 else lines[:15]
    for line in head:
        if "根据" in line.text or "《" in line.text:
            continue
        m = DOC_NUMBER.search(line.text)
        if m is not None:
            return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号", line.text
    return None, None


def signature(lines: list[Line]) -> tuple[str | None, dt.date | None, str | None]:
    """The first (issuer, date) pair where an organisation line is followed by a date line."""
    for i, line in enumerate(lines):
        m = _DATE.match(line.text)
        if m is None:
            continue
        try:
            date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        prev = lines[i - 1].text if i > 0 else ""
        if _ORG.match(prev):
            return prev, date, f"{prev} {line.text}"
    return None, None, None


def title(lines: list[Line], first_heading: int) -> tuple[str | None, str | None]:
    """The document title (joined over its lines) and the plan name taken from it."""
    head = lines[:first_heading][:25]
    start = None
    for i, line in enumerate(head):
        if DOC_NUMBER.search(line.text) and len(line.text) < 20:
            continue
        if "。" in line.text or len(line.text) > 90 or _NOT_TITLE.match(line.text) or line.text.endswith(("：", ":")):
            continue  # a sentence, an item or an addressee line; the title may still follow
        if _TITLE_WORDS.search(line.text) and ("关于" in line.text or "《" in line.text or _TITLE_END.search(line.text)):
            start = i
            break
    if start is None:
        return None, None
    parts: list[str] = []
    for line in head[start:]:
        if line.text.endswith(("：", ":")) or line.text.startswith("各") or (parts and DOC_NUMBER.search(line.text)):
            break
        parts.append(line.text)
        joined = "".join(parts)
        if _TITLE_END.search(joined) and not joined.endswith("》"):
            break
        if len(joined) > 80:
            break
    text = "".join(parts)
    name = text
    issued = _ISSUES.search(text)
    m = re.search(r"《(.+?)》", text)
    if issued is not None:
        name = (issued.group(1) or issued.group(2)).strip("《》")
    elif m is not None and text.startswith("《"):
        name = m.group(1)  # 《X》后评估报告: the report is about plan X
    else:
        prefix = _ORG_PREFIX.match(name)
        if prefix is not None and "关于" in name[prefix.end() :][:2]:
            name = name[prefix.end() :]
    return name.strip() or None, text


def issuer_from_header(lines: list[Line], first_heading: int) -> str | None:
    for line in lines[: max(first_heading, 1)][:10]:
        m = _ORG_PREFIX.match(line.text)
        if m is not None and ("文件" in line.text or "关于" in line.text or _ORG.match(line.text)):
            return m.group(0).removesuffix("文件")
    return None


def target_year(text: str, issue_year: int | None) -> tuple[int | None, str | None]:
    years: Counter[int] = Counter()
    where: dict[int, str] = {}
    for m in _TARGET_YEAR.finditer(text):
        year = int(m.group(1) or m.group(2))
        if issue_year is not None and not issue_year <= year <= issue_year + 20:
            continue
        if issue_year is None and not 2000 <= year <= 2100:
            continue
        years[year] += 1
        where.setdefault(year, text[max(0, m.start() - 20) : m.end() + 20])
    if not years:
        return None, None
    # a year named only in sentences that state a vision (到2035年，基本建成…) is not the
    # horizon of the plan's targets when an earlier year carries targets of its own
    planned = {y for y in years if not all(_VISION.search(s) for s in _sentences_with(text, y))}
    # a year the document calls its outlook (展望至2030年) stays the outlook wherever else it is named
    outlook = {int(m.group(1) or m.group(2)) for m in _OUTLOOK_YEAR.finditer(text)}
    planned = (planned - outlook) or (set(years) - outlook) or planned
    year = max(planned or years)
    return year, where[year]


def plan_period(lines: list[Line], first_heading: int, issue_year: int | None) -> tuple[int | None, str | None]:
    """The end year of the period the document names for itself, with its source.

    "XX规划（2021—2025年）" / "行动方案（2024—2026年）" on a title line, "规划期为2021—2025年"
    in the opening, or "“十四五”…规划" in the title (the 14th five-year plan ends in 2025). A
    stated period is the horizon of every target that names no year of its own, whatever
    later year (a 展望 or a stage) the text mentions.
    """
    head = lines[:first_heading] if first_heading > 0 else lines[:15]
    for line in head:
        text = line.text
        titled = "。" not in text and len(text) <= 60 and _TITLE_WORDS.search(text) is not None
        spans = [text] if titled else [s for s in re.split(r"[。；;]", text) if _PERIOD_WORDS.search(s)]
        for span in spans:
            for m in _PERIOD.finditer(span):
                start, end = int(m.group(1)), int(m.group(2))
                if not 0 < end - start <= 15:
                    continue
                if issue_year is not None and not issue_year - 1 <= end <= issue_year + 20:
                    continue
                return end, text
    for line in head:
        text = line.text
        if "。" in text or len(text) > 60 or _TITLE_WORDS.search(text) is None:
            continue
        five = _FIVE_YEAR.search(text)
        if five is not None:
            end = 1955 + 5 * _FIVE_YEAR_N[five.group(1)]
            if issue_year is None or issue_year - 1 <= end <= issue_year + 20:
                return end, text
    return None, None


def _sentences_with(text: str, year: int) -> list[str]:
    """The 。-sentences of ``text`` that name ``year`` as a target year."""
    out = []
    for m in _TARGET_YEAR.finditer(text):
        if int(m.group(1) or m.group(2)) == year:
            start = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
            stops = [p for p in (text.find("。", m.end()), text.find("\n", m.end())) if p >= 0]
            out.append(text[start : min(stops, default=len(text))])
    return out


def annual_year(title_text: str | None) -> int | None:
    """The year of an annual plan named in its title (2023年…重点工作任务分解), else None."""
    m = _ANNUAL_TITLE.search(title_text or "")
    return int(m.group(1)) if m else None


def read_meta(lines: list[Line], first_heading: int, body_text: str) -> DocumentMeta:
    number, number_src = doc_number(lines, first_heading)
    signer, date, sig_src = signature(lines)
    name, title_src = title(lines, first_heading)
    header_issuer = issuer_from_header(lines, first_heading)
    issuer = signer or header_issuer
    issuer_src = sig_src if signer else (lines[0].text if header_issuer else None)
    if date is None:
        # a date line anywhere near the top ("2022年3月11日" under the notice)
        for line in lines[:first_heading] if first_heading > 0 else lines[:20]:
            m = _DATE_ANY.search(line.text)
            if m is not None and "〔" not in line.text:
                try:
                    date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                    sig_src = line.text
                except ValueError:
                    pass
                break
    issue_year = date.year if date else None
    year, year_src = target_year(body_text, issue_year)
    period_end, period_src = plan_period(lines, first_heading, issue_year)
    if period_end is not None:
        year, year_src = period_end, period_src
    annual = annual_year(title_src)
    if year is None and annual is not None:
        year, year_src = annual, title_src  # a one-year plan runs to the end of its year
    city = None
    if issuer:
        m = _CITY.match(issuer)
        city = m.group(1) if m else None
    return DocumentMeta(
        name=_field(name, title_src, 0.85),
        doc_number=_field(number, number_src, 0.95),
        issuer=_field(issuer, issuer_src, 0.9 if signer else 0.7),
        issue_date=_field(date, sig_src, 0.9),
        city=_field(city, issuer_src, 0.8),
        target_year=_field(year, year_src, 0.75),
        base_year=_field(issue_year - 1 if issue_year else None, sig_src, 0.6),
    )

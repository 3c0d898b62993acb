"""Numeric targets in the running text: '到2025年，高新技术企业达到900家'.

A number becomes a target when it carries a measure (家, %, 亿元, 个百分点 …) and the
clause promises it: a target verb before it (达到, 突破, 建成, 新增 …), a bound after it
(以上, 左右, 以内 …), or it continues a list of targets in the same sentence. Sentences
that report what has been done (截至目前, 已, 以来 …) and incentives (奖励, 补助 …) are
not targets. The kind follows the words around the number:

* 年均增长 10%        → growth_rate        * 提高1.5个百分点 → increase_points
* 下降到 / 控制在 / 以内 / 以下 → ceiling, lower is better
* 累计下降 10% / 较2024年下降 12% → level "…下降幅度", higher (年均下降 3% → growth_rate, lower)
* 累计 30 亿元        → cumulative         * 每年 60 名以上 → yearly_flow
* otherwise           → level (lower is better when the name is an energy use,
                        emission or accident figure)

The year is the last year named earlier in the sentence (到2025年 / 2022 年达到), or at the
start of the sentence when ；separates its parts (到2027年，A…；B…); else the task's
deadline year (not for yearly flows, which run to the end of the plan); else the plan's
target year. The base of a comparison (较2024年 / 比2020年) is never a target's year, in its own
part or in the parts after ；. "三年内" counts from the document's year (a total over the period),
and so does a span of years opening the figure's clause ("三年筹集人才住房1.5万套"). A deadline
with a month ("2025年6月底前完成…", "2025年6月底前，遴选…") dates its own clause only.

Numbers may be written in Chinese with a magnitude (五千亿, 二百名), as a range (8—10个,
3至5家: the lower bound, the range kept in ``qualifier``), or as a doubling without a
figure (翻一番 → 2倍 of the base); a bare 两/十 counts when it follows the thing counted and
ends its clause (新建平台两个). 全年 and, in an annual plan, 新增/新培育 are yearly flows. An
incentive word rules out money or a share paid out in its own clause, not a count of what is
funded (每年资助项目100项). A cap per applicant in money (单家企业…不超过30万元) and a period of
validity (…6个月内有效) are rules of a measure, not targets. 现有 marks a result only when it states
a stock (全市现有…120家), not after a verb acting on it (推动现有平台提档升级). 同比 / 较上年 marks a result except in an
annual plan, where "同比增长20%" is the year's target (同比下降3%: a falling rate), and so is
入选 / 获批 with a figure. A stage year opening a 。-sentence (到2027年，…) dates the yearly flows of
that sentence too. A figure in the condition of a measure (对…达到5000万元以上的机构, 对…在500万元以上的
项目, 支持营业收入超5亿元的企业…) and a share paid out (科研人员所得转化收益比例不低于70%) are not targets;
a time limit (拨付时间压缩至10个工作日以内) is one even next to an incentive word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from desktop.domain.drafting.model import NumericTarget
from desktop.domain.drafting.text import sentences

_UNITS = (
    "个百分点|百分点|%|％|‰|微克/立方米|毫克/立方米|吨标准煤/万元|吨标准煤|立方米/万元|万元/人|件/万人|人年/万人|人/万人|"
    "亿美元|万美元|亿元|万元|亿|万人次|万人|万户|万亩|万平方米|万平方公里|万立方米|万千瓦时|万千瓦|万公顷|万吨|万|"
    "人年|人次|家次|项次|批次|场次|个工作日|工作日|个月|小时|家|个|项|件|人|名|处|所|场|台|套|篇|条|吨|公里|千米|平方公里|"
    "平方米|立方米|千瓦时|兆瓦|公顷|亩|倍|座|户|支|批|款|门|次"
)
# A number written in Chinese with a magnitude in it: 五千(亿), 一百五十(家), 二十(个), 十五(项).
# A bare 一/两/三 is left alone: 一个平台, 两个中心, 三大高地 are phrases, not targets.
_CN_NUMBER = r"[一二两三四五六七八九][一二两三四五六七八九十百千零]*[十百千][一二三四五六七八九十百千零]*|十[一二三四五六七八九]"
_RANGE_DASH = "—–~～－\\-"
_QUANTITY = re.compile(
    rf"(?<![\d.〔\[（(第+一二两三四五六七八九十百千零])(?<!\d[{_RANGE_DASH}])"
    # 8—10个, 8%—10%, 3至5家 (a unit before 至/到 makes it a change: 由1.5%到2%)
    rf"(?:(?P<value>\d+(?:\.\d+)?)(?:(?:{_UNITS})?[{_RANGE_DASH}](?P<high>\d+(?:\.\d+)?)|[至到](?P<high2>\d+(?:\.\d+)?))?"
    rf"|(?P<cn>{_CN_NUMBER})"
    # "新建国家级平台两个，" / "培育领军企业十家。": a bare 两/十 after the thing counted, ending its clause
    rf"|(?<![第每前后这那任逐统唯单同之])(?P<cn1>[一二两三四五六七八九十])(?=(?:{_UNITS})(?:及以上|以上|左右)?(?:[，,；;。）)]|$)))"
    rf"(?P<about>余|多)?(?P<unit>{_UNITS})(?P<bound>及以上|以上|左右|以内|以下|及以下)?"
)
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_POWERS = {"十": 10, "百": 100, "千": 1000}


def cn_number(text: str) -> int | None:
    """五千 → 5000, 一百五十 → 150, 十五 → 15, 二十 → 20; None when not a number."""
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_POWERS:
            total += (1 if digit is None else digit) * _CN_POWERS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


# 翻一番 / 翻两番 / 增加一倍: a doubling against the base year, as a multiple
_DOUBLING = re.compile(r"翻(一|两|二|三|1|2|3)番|翻番|增加(一|1)倍|增长(一|1)倍")
_DOUBLING_TIMES = {"一": 2, "1": 2, "两": 4, "二": 4, "2": 4, "三": 8, "3": 8}
# 三年内 / 5年内: a horizon counted from the document's year
_WITHIN_YEARS = re.compile(r"(?<![\d年])([一二两三四五六七八九十]|\d{1,2})年(?:内|之内|时间)")
# "三年筹集人才住房1.5万套": a span of years opening the figure's clause, then the action — a
# total over that span (not 三年内, read above, nor 三年前 / 三年来 / 三年行动)
_PERIOD_TOTAL = re.compile(
    r"^(?:力争|确保|争取|努力)?([一二两三四五六七八九十]|\d{1,2})年(?![内前后度底末来中间期以行计规])(?=[\u4e00-\u9fa5])"
)
# a number to be reached in a new quantity counted over the plan's year: 新增, 新培育 …
_NEW_FLOW = re.compile(r"新增|新培育|新认定|新引进|新建|新登记|新入库|新招引|新落地|新签约|新签订|净增")

_UNIT_ENDS = set("家个项件人名处所场台套篇条吨亩倍座户支批款门元%上右内下点米时瓦顷里")
_YEAR = re.compile(r"(?<!\d)(\d{4})年")
# 到2025年 as a goal; not 截至2022年, a range 2021年至2023年, or 增加到2021年 (a result)
_BY_YEAR = r"(?<![截年加长高升提增])(?:到|至)\d{4}年"
_MONTH_AFTER = re.compile(r"\d{1,2}月")
# the word before a year that makes it the base of a comparison: 较2024年, 比2020年, 与2025年相比
_COMPARISON_BASE = re.compile(r"(?:比|较|相比|与|同)$")
# "2025年6月底前完成…": a dated deadline followed at once by the action it dates
_ACTION_DEADLINE = re.compile(r"\d{1,2}月(?:\d{1,2}日|底|末|中旬|上旬|下旬)?(?:前|之前)?(?![底末中上下前之日\d])[\u4e00-\u9fa5]")
_FUTURE = re.compile(_BY_YEAR + r"|力争|确保|目标|每年|年均|争取|预计|突破|努力")
_STRICT_FUTURE = re.compile(_BY_YEAR + r"|力争|确保|目标|预计|争取")
# "组建了18人的…", "共接收…", "由102.64亿元增长到…" — a result or a starting point
_PAST_CLAUSE = re.compile(r"(?:完成|建成|组建|设立|实现|实施|取得|开展|引进|培育|新增|达到|建设|举办|获得|认定|增加|增长)了|共有|共计|共完成|共引进|共培育|共认定|共接收|共承担|合计|其中|已|(?:由|从)(?:\d{4}年(?:底|末)?的?)?$|分别为|排名|位居|居全省|列全省")
_PAST = re.compile(r"截至|截止|目前|已有|已经|已累计|以来|至今|共完成|共承担|共有|同比|较上年|比上年|获批|入选|评选出|现有|累计完成")
_COUNT_UNITS = {"家", "个", "项", "件", "人", "名", "所", "场", "支", "批", "人次", "家次", "项次", "篇", "套", "座", "处"}
_DURATION_UNITS = {"个工作日", "工作日", "个月", "小时"}
_INCENTIVE = re.compile(r"奖励|补助|补贴|资助|奖补|给予|最高|贴息|不超过.{0,6}万元的")

_COPULA = (
    "达到|突破|超过|保持在|稳定在|不低于|不少于|提高到|提升到|提高至|提升至|增长到|增长至|增加到|增加至|扩大到|扩大至|"
    "增至|升至|下降到|下降至|降低到|降低至|减少到|减少至|压缩到|压缩至|缩短到|缩短至|降至|降到|控制在|不超过|不高于|低于|"
    "年均增长|年平均增长|增长|提高|提升|增加|下降|降低|减少|压减|累计|达|为|超$"
)
_OBJECT_VERBS = (
    "建成|建设|新建|创建|培育|引进|引育|实施|新增|选派|举办|招引|聚集|集聚|培养|认定|打造|组建|设立|"
    "吸引|落地|转化|攻克|突破|形成|开发|推广|制定|完成|实现|储备|招募|选聘|遴选|服务|带动|入库|登记|"
    "新引进|新培育|引导|培训|布局|评选|发布|举办|支持|扶持|选择|选拔|争创|签约|签订|推荐|申报|入选"
)
_NOUN_SUFFIX = set("业站所局院部室化型性类区园")  # 服务业, 建设局: the verb is part of a name
# 低于 is a ceiling, 不低于 a floor
_CEILING_WORDS = re.compile(
    r"(下降|降低|减少|压减|压缩)(到|至)|降至|降到|控制在|不超过|不高于|(?<!不)低于"
    r"|(?:下降|降低|减少|压减|压缩|缩短)[^，,；;]{0,24}(?:到|至)$"
)
# "将办理时限压缩至5个工作日", "资金池规模扩大至2亿元": the verb, the thing, then 至/到
_SPLIT_VERB = re.compile(r"(?:将|把)?(扩大|提高|提升|增加|压缩|缩短|降低|减少|下降)([^，,；;]{2,24}?)(至|到)$")
_SPLIT_NOUN = re.compile(r"^(?:将|把)?([^，,；;]{2,24}?)(扩大|提高|提升|增加|压缩|缩短|降低|减少|下降)(至|到)$")
_STANDING = re.compile(r"(?:保持|稳定|维持|控制)(?:在)?$")
_DROP_WORDS = re.compile(r"(下降|降低|减少|压减)$")
# what the name of a reduction keeps of "较2024年累计下降": 累计 stays, the base year goes
_DROP_NAME = re.compile(r"(?:较|比|相比|与)(?:\d{4}年(?:底|末)?)?(?=累计|$)")
_GROWTH = re.compile(r"(年均|年平均|每年|年)?(增长|增速|递增|增幅)(率)?(达到|保持在|保持|超过|在)?$")
_LOWER_NAMES = re.compile(r"能耗|排放|污染|事故|死亡率|发病率|失业率|负债率|不良|空置率|PM2\.5|用水量")
_YEARLY = re.compile(r"每年|年均|平均每年|年平均|(?:^|[，,；;：:])全年(?!的)")
_PREFIXES = re.compile(
    r"^(?:(?:到|至|在)?\d{4}年(?:\d{1,2}月)?(?:底|末)?(?:前)?[，,]?|\d{1,2}月(?:底|末)?(?:前)?|力争|确保|努力|争取|全年|其中|同时|"
    r"并|使|推动|实现|每年|年均|首批|一批|若干|一系列|将|把)+"
)


@dataclass(frozen=True)
class TargetContext:
    plan_year: int | None  # the plan's target year
    deadline_year: int | None = None  # the task's (or group's) deadline year
    issue_year: int | None = None
    task_number: str | None = None
    # a report (评估报告, 工作总结) states results; only sentences that name a future
    # target (到2025年, 力争, 目标 …) hold targets there
    report: bool = False
    # an annual plan (2023年工作要点, 年度重点工作任务): 新增/新培育 figures are the year's flow
    annual: bool = False


def _plausible_year(year: int, ctx: TargetContext) -> bool:
    low = (ctx.issue_year - 1) if ctx.issue_year else 2000
    high = (ctx.issue_year + 20) if ctx.issue_year else 2100
    return low <= year <= high


def _in_quotes(text: str, pos: int) -> bool:
    before = text[:pos]
    return before.count("“") > before.count("”") or before.count("《") > before.count("》")


def _clause_start(text: str, pos: int) -> int:
    for i in range(pos - 1, -1, -1):
        if text[i] in "，,；;：:。":
            return i + 1
        # 、 ends a clause only after a quantity ("7家、技术创新中心100家"); elsewhere it
        # joins the words of one name ("科技企业孵化器、众创空间达到20家")
        if text[i] == "、" and i > 0 and (text[i - 1].isdigit() or text[i - 1] in _UNIT_ENDS):
            return i + 1
    return 0


def _name(left: str) -> tuple[str, str | None]:
    """(indicator name, verb) from the clause text before the number."""
    split = _SPLIT_VERB.search(_PREFIXES.sub("", left))
    if split is not None and not re.search(_COPULA, split.group(2)) and _SPLIT_NOUN.search(left) is None:
        return split.group(2).strip("，,、的"), split.group(1) + split.group(3)
    copula = list(re.finditer(_COPULA, left))
    # a verb such as 服务 or 建设 inside a name (信息技术服务业) is not the clause's verb:
    # take it only where it starts the clause or stands right before the number
    objects = [
        m for m in re.finditer(_OBJECT_VERBS, left)
        if m.end() == len(left)
        or len(_PREFIXES.sub("", left[: m.start()])) <= 4
        or (len(_PREFIXES.sub("", left[: m.start()])) <= 8 and left[m.end() : m.end() + 1] not in _NOUN_SUFFIX)
    ]
    verb = None
    name = left
    if objects and (not copula or objects[-1].start() > copula[-1].start()):
        m = objects[-1]
        after = left[m.end() :]
        before = _PREFIXES.sub("", left[: m.start()])
        verb = m.group(0)
        name = after if len(after) >= 2 else before + m.group(0) + after
    elif copula:
        m = copula[-1]
        verb = m.group(0)
        before = _PREFIXES.sub("", left[: m.start()])
        name = before if len(before) >= 2 else left[m.end() :]
    name = _PREFIXES.sub("", name)
    name = re.sub(r"(的|占比为|总量|数量)?$", "", name) if name.endswith("的") else name
    return name.strip("，,、的"), verb


def find_targets(text: str, ctx: TargetContext) -> list[NumericTarget]:
    """The numeric targets of ``text`` (whitespace-free), each with its sentence."""
    out: list[NumericTarget] = []
    seen: set[tuple[str, Decimal, str | None, int | None, str]] = set()
    period_start = 0  # where the current 。-sentence began: 到2027年，A…；B…；C… share the year
    past = False
    goal_year: int | None = None  # the stage year opening that sentence (到2027年，…)
    for s_start, s_end in sentences(text):
        sentence = text[s_start:s_end]
        if s_start == 0 or text[s_start - 1] in "。！？!?":
            period_start = s_start
            past = _past_opening(text[period_start:], ctx)
            goal = _GOAL_OPENING.match(text[period_start:])
            goal_year = int(goal.group(1)) if goal is not None else None
        if past:
            continue  # "2024年，全局…新增高新技术企业163家；…": results of a past year
        opening = text[period_start:s_start]
        # a deadline with a month (2025年6月底前，遴选…) dates its own part, not the parts after ；
        # nor does the base of a comparison (…达到1200家，实现较2024年倍增；B…；C…)
        carried = [int(y.group(1)) for y in _YEAR.finditer(opening)
                   if not opening[y.end() : y.end() + 4].startswith(("基础上", "的基础"))
                   and not _COMPARISON_BASE.search(opening[: y.start()])
                   and _MONTH_AFTER.match(opening, y.end()) is None]
        previous_target_end: int | None = None
        previous_name: str | None = None
        for m in _QUANTITY.finditer(sentence):
            found = _read(sentence, m, ctx, previous_target_end, previous_name, carried[-1] if carried else None,
                          goal_year)
            if found is None:
                continue
            if found.value is None:
                continue
            key = (found.name, found.value, found.unit, found.year, found.kind)
            previous_target_end = m.end()
            previous_name = found.name
            if key in seen:
                continue
            seen.add(key)
            out.append(found)
        for found in _doublings(sentence, ctx):
            key = (found.name, found.value, found.unit, found.year, found.kind)
            if key not in seen:
                seen.add(key)
                out.append(found)
    return out


# a sentence that opens with a past year or period: "2024年，全局…", "过去一年，…", "上年度，…"
_PAST_OPENING = re.compile(
    r"^(?:(\d{4})年(?:度)?|过去(?:的)?一年(?:里|来|中)?|一年来|上(?:一)?年(?:度)?|去年(?:以来)?)"
    r"(?:[，,]|全年|以来|期间|我(?:市|县|区|局))"
)


def _past_opening(sentence: str, ctx: TargetContext) -> bool:
    """Whether a 。-sentence reports a past year as a whole: "2024年，全市新增…；…达到…。".

    A year opens a report of results when it is before the year the document was issued
    (in an annual plan without a date, before the plan's year); 上年 / 过去一年 always do.
    Its ；-parts are results too, though they name no year of their own.
    """
    m = _PAST_OPENING.match(sentence)
    if m is None:
        return False
    if m.group(1) is None:
        return True
    year = int(m.group(1))
    if ctx.issue_year is not None:
        return year < ctx.issue_year
    return ctx.annual and ctx.plan_year is not None and year < ctx.plan_year


# a 。-sentence that opens with the year of a stage: "到2027年，…", "至2026年底，…"
_GOAL_OPENING = re.compile(r"^(?:力争|确保|争取)?(?:到|至)(\d{4})年(?:底|末)?[，,]")
# 现有 after a verb that acts on it (推动现有平台提档升级, 依托现有园区) names the things a measure
# works on; only 现有 stating a stock (全市现有高新技术企业120家) reports the past
_EXISTING_OBJECT = re.compile(
    r"(?:推动|推进|促进|支持|鼓励|引导|依托|利用|用好|盘活|整合|优化|提升|改造|发挥|对|以|将|把|在)现有"
)
# a comparison with the year before: in an annual plan it states the year's target
_YEAR_ON_YEAR = re.compile(r"同比|较上年|比上年")
# in an annual plan these state the year's aims too: "同比增长20%", "入选省级以上人才计划20人"
_ANNUAL_FUTURE = re.compile(r"同比|较上年|比上年|(?<![已均])(?:推荐)?入选|(?<![已均])获批")


def _past_sentence(sentence: str, ctx: TargetContext) -> bool:
    """Whether a sentence reports results (截至目前, 已, 以来 …) rather than promising figures.

    同比 / 较上年 are no sign of the past in an annual plan that is not a report: "技术合同成交额
    同比增长20%以上" in a 2026年工作要点 is that year's growth target.
    """
    # "推动现有平台提档升级，新增…60家": what exists is the object of an action, not a result
    sentence = _EXISTING_OBJECT.sub("", sentence)
    if not _PAST.search(sentence) or _FUTURE.search(sentence):
        return False
    if ctx.annual and not ctx.report and not _PAST.search(_ANNUAL_FUTURE.sub("", sentence)):
        return False
    return True


# a cap per applicant ("单家企业每年申领额度不超过30万元") or a period of validity
# ("创新券自发放之日起6个月内有效", "有效期为2年"): rules of a measure, not targets
_PER_ENTITY = re.compile(r"单家|每家|单个|每个|单项|每项|单笔|每笔|每人|每户|单位面积|每次|单次")
_CAP_WORDS = re.compile(r"(?:不超过|不高于|最高|最多|上限为?|限额为?)$")


def _cap_or_validity(sentence: str, m: re.Match[str]) -> bool:
    c_start = _clause_start(sentence, m.start())
    left = sentence[c_start : m.start()]
    rest = sentence[m.end() : m.end() + 6]
    if re.match(r"(?:以内|之内|内)?(?:有效|为有效期)", rest) or re.search(r"有效期(?:为|是)?$|自[^，,；;]{1,12}之日起", left):
        return True
    money = m.group("unit") in ("元", "万元", "亿元", "亿", "万美元", "亿美元")
    return money and _PER_ENTITY.search(left) is not None and _CAP_WORDS.search(left) is not None


def _doublings(sentence: str, ctx: TargetContext) -> list[NumericTarget]:
    """翻一番 / 增加一倍 with no figure after it: a target of 2 (4, 8) times the base.

    "数量翻一番，达到14个" states the figure itself; the doubling is then only its
    wording, so it is skipped when the next clause is a bare verb with a number.
    """
    out = []
    for m in _DOUBLING.finditer(sentence):
        if _in_quotes(sentence, m.start()):
            continue
        if _past_sentence(sentence, ctx):
            continue
        if ctx.report and not _STRICT_FUTURE.search(sentence):
            continue
        rest = sentence[m.end() :].lstrip("，,")
        nxt = re.split(r"[，,；;。]", rest, maxsplit=1)[0]
        q = _QUANTITY.search(nxt)
        if q is not None and len(re.sub(_COPULA, "", nxt[: q.start()])) <= 4:
            continue
        c_start = _clause_start(sentence, m.start())
        left = sentence[c_start : m.start()]
        if _PAST_CLAUSE.search(left):
            continue
        name, _ = _name(left)
        name = re.sub(r"(实现|力争|确保)$", "", name) or name
        name = re.sub(r"(?:较|比|相比|与)\d{4}年(?:底|末)?(?:实现)?$", "", name) or name  # 数量较2024年翻一番
        if len(name) < 2:
            continue
        word = next((g for g in m.groups() if g), "一")
        times = _DOUBLING_TIMES.get(word, 2)
        years = [int(y.group(1)) for y in _YEAR.finditer(sentence[: m.start()])
                 if _plausible_year(int(y.group(1)), ctx) and not _COMPARISON_BASE.search(sentence[: y.start()])]
        year, year_from = (years[-1], "sentence") if years else (ctx.deadline_year or ctx.plan_year, "plan")
        out.append(NumericTarget(
            name=name, value=Decimal(times), unit="倍", year=year, direction="higher", kind="level",
            qualifier=f"{m.group(0)}（相对基期）", text=sentence[c_start : m.end()], source=sentence.strip(),
            confidence=0.6, year_from=year_from, task_number=ctx.task_number,
        ))
    return out


def _read(
    sentence: str, m: re.Match[str], ctx: TargetContext, previous_end: int | None, previous_name: str | None,
    carried_year: int | None = None, goal_year: int | None = None,
) -> NumericTarget | None:
    pos = m.start()
    after = sentence[m.end() : m.end() + 2]
    if after[:1] in ("年", "月", "日", "号", "+", "-", "—", "强", "届", "次", "周", "天", "岁", "级") and m.group("unit") not in ("%",):
        return None
    if _in_quotes(sentence, pos):
        return None
    if m.group("unit") == "次" and m.group("cn1"):
        return None  # "每季度通报一次。": how often, not how many
    if _past_sentence(sentence, ctx):
        return None
    if ctx.report and not _STRICT_FUTURE.search(sentence):
        return None
    if _threshold(sentence, m) or _cap_or_validity(sentence, m):
        return None
    c_start = _clause_start(sentence, pos)
    if _condition_or_benefit(sentence, m, c_start):
        return None
    left = sentence[c_start:pos]
    # "新建研发中心30家以上，其中省级8家": a share of the target just stated is a target too
    share = previous_end is not None and left.startswith("其中")
    if _PAST_CLAUSE.search(left[2:] if share else left):
        return None
    about, unit, bound = m.group("about"), m.group("unit"), m.group("bound")
    # the words just after the number belong to its clause only: "引进人才60名以上，给予…补贴"
    region = re.split(r"[，,；;。]", sentence[c_start : m.end() + 4][len(left) :], maxsplit=1)[0]
    region = left + region
    if (_INCENTIVE.search(region) and not _fund_to_win(region, bound) and not _funded_count(region, unit)
            and not _time_limit(left, unit, bound)):
        return None
    try:
        value = Decimal(m.group("value")) if m.group("value") else Decimal(cn_number(m.group("cn") or m.group("cn1")) or 0)
    except InvalidOperation:
        return None
    if not value:
        return None
    qualifier = "".join(x for x in (about, bound) if x) or None
    high = m.group("high") or m.group("high2")
    if high:
        # "培育8—10个": a range, the lower bound is the target
        qualifier = f"区间{m.group('value')}—{high}，取下限" + (f"，{qualifier}" if qualifier else "")

    name, verb = _name(left)
    period_total = _PERIOD_TOTAL.match(left)
    if verb is not None and left.endswith(verb) and re.fullmatch(_OBJECT_VERBS, verb):
        # "实施15个专利导航项目": the number stands between the verb and what it counts
        follow = re.match(r"[^，,；;。、（(：:]{2,30}", sentence[m.end() :])
        if follow is not None:
            name = follow.group(0).lstrip("的")
    name = re.sub(r"(年均|年平均|每年)?(增长|增速|递增|增幅)(率)?$|(下降|降低|减少|提高|提升)(到|至)?$", "", name) or name
    name = re.sub(r"(?:到|至|在)?\d{4}年(?:底|末)?(?:前)?|每年$|平均$", "", name).strip("，,、的") or name
    name = re.sub(r"(?:较|比|相比|与)$", "", name) or name
    # "研发投入强度由2.1%提高到2.6%": the starting point is not part of the name
    name = re.sub(rf"(?:由|从)\d+(?:\.\d+)?(?:{_UNITS})?$", "", name) or name
    if len(_PREFIXES.sub("", name.removesuffix(verb or ""))) < 2:
        # "布局一批概念验证中心，2025年前建成3家": the thing counted is named in the clause before
        before = sentence[:c_start].rstrip("，,、")
        prev = before[_clause_start(before, len(before)) :]
        if previous_name:
            name = previous_name
        elif prev:
            prev_name, _ = _name(prev)
            name = _PREFIXES.sub("", prev_name) or name
    if period_total is not None:
        name = re.sub(r"^(?:[一二两三四五六七八九十]|\d{1,2})年", "", name) or name  # 三年筹集人才住房 → 筹集人才住房
    if share and previous_name and previous_name not in name:
        name = f"{previous_name}（其中{_PREFIXES.sub('', name) or name}）"
    sentence_left = sentence[:pos]
    continuing = previous_end is not None and verb is None and len(sentence[previous_end:pos]) <= 40
    bare_with_year = verb is None and _YEAR.search(sentence_left) is not None and len(name) >= 4
    yearly_context = _yearly(sentence_left, left)
    if not (verb or qualifier or continuing or bare_with_year or yearly_context or period_total):
        return None
    if unit in ("%", "个百分点", "百分点") and not (verb or qualifier or continuing or bare_with_year):
        return None

    confidence = 0.9 if verb else (0.8 if qualifier else (0.75 if continuing else 0.6))

    # kind and direction
    kind, direction = "level", "higher"
    if unit == "％":
        unit = "%"
    if unit in ("个百分点", "百分点"):
        kind = "increase_points"
        if _DROP_WORDS.search(left):
            direction = "lower"
    elif _GROWTH.search(left) and unit in ("%", "‰"):
        kind = "growth_rate"
    elif _CEILING_WORDS.search(left) or bound in ("以内", "以下", "及以下"):
        kind, direction = "ceiling", "lower"
    elif _DROP_WORDS.search(left) and unit == "%" and re.search(r"(?:年均|年平均|每年|平均每年|同比|比上年|较上年)(?:下降|降低|减少|压减)$", left):
        # "年均下降3%": an annual decline; "同比下降3%" in a one-year plan: that year's decline
        kind, direction = "growth_rate", "lower"
        confidence = min(confidence, 0.6)
    elif _DROP_WORDS.search(left) and unit == "%":
        # "能耗累计下降10%", "排放较2024年下降12%": the size of the whole reduction is the
        # target, reached or beaten (a ceiling on the indicator itself would need its base figure)
        kind, direction = "level", "higher"
        name = (re.sub(r"(?:较|比|相比|与)$", "", _DROP_NAME.sub("", name)) or name) + "下降幅度"
    elif "累计" in left:
        kind = "cumulative"
    elif _yearly(sentence_left, left):
        kind = "yearly_flow"
    elif _LOWER_NAMES.search(name):
        kind, direction = "ceiling", "lower"
    elif ctx.annual and _NEW_FLOW.search(left + name):
        kind = "yearly_flow"

    # year
    year, year_from = None, "plan"
    # 比2020年 / 较2020年 / 2020年基础上 name the base of a comparison, not the target's year
    named = [
        int(y.group(1)) for y in _YEAR.finditer(sentence_left)
        if not _COMPARISON_BASE.search(sentence_left[: y.start()])
        and not sentence_left[y.end() : y.end() + 4].startswith(("基础上", "的基础", "水平上"))
        # "2025年6月底前完成摸底，…覆盖率达到50%": the deadline of an action in an earlier clause
        and not (y.start() < c_start and _ACTION_DEADLINE.match(sentence_left, y.end()) is not None)
    ]
    if named and ctx.issue_year is not None and named[-1] < ctx.issue_year:
        return None  # a figure of a past year: a baseline, not a target
    if not named and carried_year is not None and kind != "yearly_flow":
        named = [carried_year]  # "到2027年，…；A突破8家": the year opens the whole sentence
    years = [y for y in named if _plausible_year(y, ctx)]
    within = _WITHIN_YEARS.search(sentence_left[max((y.end() for y in _YEAR.finditer(sentence_left)), default=0) :]) or period_total
    if within is not None and ctx.issue_year is not None and kind in ("level", "cumulative"):
        # "三年内认定60家以上": counted from the document's year, a total over the period
        n = int(within.group(1)) if within.group(1).isdigit() else cn_number(within.group(1)) or _CN_DIGITS.get(within.group(1), 0)
        if n:
            end = ctx.issue_year + n
            # a plan of about that length (a 三年行动方案 2024—2026) ends with its own end year
            if ctx.plan_year is not None and end - 1 <= ctx.plan_year <= end:
                end = ctx.plan_year
            years = [end]
            kind = "cumulative"
    if years and kind != "yearly_flow":
        year, year_from = years[-1], "sentence"
    elif years and kind == "yearly_flow" and not _YEARLY.search(sentence_left[sentence_left.rfind(str(years[-1])) :]):
        year, year_from = years[-1], "sentence"
    elif kind == "yearly_flow" and goal_year is not None and _plausible_year(goal_year, ctx) and all(y == goal_year for y in named):
        # "到2027年，孵化载体达到90家，…，每年毕业企业不少于120家": the stage opening the
        # sentence dates its yearly flows too
        year, year_from = goal_year, "sentence"
    elif ctx.deadline_year is not None and kind != "yearly_flow" and not (
        # "在孵企业保持在50家以上", "办理时间控制在20个工作日以内": a state held through the plan,
        # not a change finished by the task's deadline — it runs to the plan's end year
        _STANDING.search(left) and ctx.plan_year is not None and ctx.plan_year > ctx.deadline_year
    ):
        year, year_from = ctx.deadline_year, "deadline"
    else:
        year = ctx.plan_year if ctx.plan_year is not None else ctx.deadline_year
    if year is None:
        confidence = min(confidence, 0.6)

    phrase_start = c_start
    return NumericTarget(
        name=name or left,
        value=value,
        unit={"百分点": "个百分点", "％": "%"}.get(unit, unit),
        year=year,
        direction=direction,
        kind=kind,
        qualifier=qualifier,
        text=sentence[phrase_start : m.end()],
        source=sentence.strip(),
        confidence=confidence,
        year_from=year_from,
        task_number=ctx.task_number,
    )


def _threshold(sentence: str, m: re.Match[str]) -> bool:
    """"营业收入超10亿元的企业达到25家": a figure that qualifies the thing counted (…的企业)
    is a threshold, not a target, when the clause goes on to a figure of its own."""
    rest = sentence[m.end() :]
    if not rest.startswith("的"):
        return False
    clause = re.split(r"[，,；;。]", rest, maxsplit=1)[0]
    return _QUANTITY.search(clause) is not None


# a measure's condition: "对…的企业，给予…", "凡…的，按…" (not 对标 / 对外 / 对接 …)
_CONDITION_OPEN = re.compile(r"^(?:对于|对|凡是|凡)(?![标外接口比照象应])")
_ELIGIBLE = r"(?:企业|单位|项目|机构|团队|个人|人才|产品|主体|园区|平台|载体|高校|院所)"
# a clause that says whom a measure supports: "支持营业收入超5亿元的企业…", "鼓励…"
_SUPPORT_OPEN = re.compile(r"^(?:支持|鼓励|引导|扶持|帮助|推动|面向|针对)")
# the comparison that makes a figure a threshold: 超 / 超过 / 达到 / 在…以上
_COMPARED = re.compile(r"(?:超|超过|达到|达|在|高于|不低于|不少于)$")
# a share of proceeds that goes to someone: "科研人员所得转化收益比例", "奖励给团队的比例"
_PAID_SHARE = re.compile(r"(?:所得|分得|享有|留归|归属于?|奖励给?|分配给?|用于奖励)[^，,；;]{0,12}(?:比例|份额)")
# what a measure provides to those it supports: "提供不少于100平方米的人才公寓"
_PROVIDE = re.compile(r"(?:提供|配备|配套|免费|无偿|减免)[^，,；;]{0,8}$")


def _condition_or_benefit(sentence: str, m: re.Match[str], c_start: int) -> bool:
    """A figure in the condition or the benefit of a support measure, not a target.

    "对上年度研发费用超过1000万元且增幅在10%以上的企业，按…给予补助": both figures say which
    企业 qualify (the clause opens with 对/凡 and the figure is followed by …的); "营业收入超过
    5亿元的企业，给予…" too, when the figure qualifies who is supported in a sentence that pays
    something. "并提供不少于100平方米的人才公寓" in such a sentence is what is given, however
    firm its 不少于.
    """
    left = _PREFIXES.sub("", sentence[c_start : m.start()])
    rest = re.split(r"[，,；;。]", sentence[m.end() :], maxsplit=1)[0]
    if _CONDITION_OPEN.match(left) and "的" in rest:
        return True  # "对年促成技术交易额达到5000万元以上的技术转移机构", "对技术交易额在500万元以上的…项目"
    if _SUPPORT_OPEN.match(left) and _COMPARED.search(left) and rest.startswith("的"):
        return True  # "支持营业收入超5亿元的高新技术企业建设…": which firms, not how many
    if m.group("unit") in ("%", "％") and _PAID_SHARE.search(left):
        return True  # "科研人员所得转化收益比例不低于70%": a share paid out, a rule of the measure
    pays = _INCENTIVE.search(sentence) is not None
    if pays and re.match("的" + _ELIGIBLE, rest):
        return True
    return pays and rest.startswith("的") and _PROVIDE.search(left) is not None


def _fund_to_win(region: str, bound: str | None) -> bool:
    """"争取…奖补资金200万元以上" is money to win, not an incentive the plan pays out."""
    return (
        bound in ("以上", "及以上")
        and re.search(r"(?:奖励|补助|补贴|资助|奖补)(?:资金|经费)", region) is not None
        and re.search(r"给予|最高|不超过|按照|一次性|贴息", region) is None
    )


def _time_limit(left: str, unit: str, bound: str | None) -> bool:
    """"奖补资金拨付时间压缩至10个工作日以内": a time limit is never what is paid out, though an
    incentive word names the money it times ("给予3个月租金补贴" is still the incentive)."""
    return unit in _DURATION_UNITS and (bound in ("以内", "以下", "及以下") or _CEILING_WORDS.search(left) is not None)


def _funded_count(region: str, unit: str) -> bool:
    """"每年资助青年人才项目100项": a count of what is funded is a target; the money or the
    share paid out ("给予最高50万元资助", "按20%给予补助") is the incentive."""
    return unit in _COUNT_UNITS and re.search(r"最高|每(?:家|个|项|人|名)|一次性|按(?:照)?", region) is None


def _yearly(sentence_left: str, clause: str) -> bool:
    """每年 / 年均 since the last named year, or a name such as 年科技合作项目平均达到."""
    last_year = max((m.end() for m in _YEAR.finditer(sentence_left)), default=0)
    if _YEARLY.search(sentence_left[last_year:]):
        return True
    return clause.startswith("年") and "平均" in clause

"""Rules for the wider language of policy documents (意见 / 方案 / 规划 / 工作要点 / 任务分解表).

Added after the drafter was tried on short public texts it had not seen: goals stated without any
numbered heading, task tables flattened to lines, unit labels on their own line, past
figures in a 现实基础 part, numbers written in Chinese or as ranges, relative horizons
(三年内, 全年), imperative work lists without a 重点任务 heading, and plan names.
Every sentence here was written for these tests.
"""

from __future__ import annotations

from decimal import Decimal

from desktop.domain.drafting import extract_draft
from desktop.domain.drafting.meta import annual_year
from desktop.domain.drafting.tables import numbered_rows
from desktop.domain.drafting.targets import TargetContext, cn_number, find_targets
from desktop.domain.drafting.text import document_lines, squeeze
from desktop.domain.drafting.units import find_unit_clauses

CTX = TargetContext(plan_year=2030, issue_year=2023)


def targets(text: str, ctx: TargetContext = CTX):
    return find_targets(squeeze(text), ctx)


def values(text: str, ctx: TargetContext = CTX) -> list[tuple[Decimal, str | None, int | None]]:
    return [(t.value, t.unit, t.year) for t in targets(text, ctx)]


# --- goals without numbered headings ------------------------------------------------------


def test_goals_stated_without_any_heading_are_drafted() -> None:
    draft = extract_draft(
        "关于全县创新主体培育情况的答复\n"
        "到2026年，全县省级专精特新企业突破40家、创新型中小企业超过300家。\n"
        "到2027年，全县技术合同登记额达到25亿元。\n"
    )
    found = {(t.value, t.unit, t.year) for t in draft.targets}
    assert found == {(Decimal("40"), "家", 2026), (Decimal("300"), "家", 2026), (Decimal("25"), "亿元", 2027)}


def test_the_year_opening_a_sentence_covers_its_semicolon_parts() -> None:
    found = values("到2028年，全区科技企业孵化器达到12家；众创空间突破30家；新型研发机构超过6家。")
    assert found == [(Decimal("12"), "家", 2028), (Decimal("30"), "家", 2028), (Decimal("6"), "家", 2028)]


def test_a_base_year_does_not_open_the_period() -> None:
    found = values("到2029年，全区科技型企业在2023年的基础上实现翻番，总数超过560家。")
    assert (Decimal("560"), "家", 2029) in found


def test_chao_right_before_the_number_is_a_target_verb() -> None:
    (t,) = targets("到2026年，规模以上企业研发机构覆盖率超45%。")
    assert (t.value, t.unit, t.direction, t.kind) == (Decimal("45"), "%", "higher", "level")
    assert t.name == "规模以上企业研发机构覆盖率"


# --- table rows flattened to lines --------------------------------------------------------

TABLE = (
    "某区2025年科技工作重点任务分解表\n"
    "序号 重点工作任务 主要责任单位 协同配合单位 完成期限\n"
    "12 新认定创新型中小企业80家以上。 区科技局 区财政局、区市场监管局等区直有关部门 2025年12月底\n"
    "13 推进产学研合作，促成校企合作项目20项以上。 区科技局\n"
    "区教育局\n"
    "区人社局、区工信局。 2025年11月底\n"
)


def test_rows_of_a_flattened_task_table_become_numbered_tasks() -> None:
    draft = extract_draft(TABLE)
    tasks = draft.tasks
    assert [t.number for t in tasks] == ["12", "13"]
    assert tasks[0].title == "新认定创新型中小企业80家以上"
    assert [u.written for u in tasks[0].units] == ["区科技局", "区财政局", "区市场监管局"]
    assert [u.role for u in tasks[0].units] == ["responsible", "cooperating", "cooperating"]
    assert [u.written for u in tasks[1].units] == ["区科技局", "区教育局", "区人社局", "区工信局"]
    assert tasks[0].deadline is not None and tasks[0].deadline.date is not None
    assert tasks[0].deadline.date.year == 2025
    assert {(t.value, t.year) for t in draft.targets} >= {(Decimal("80"), 2025), (Decimal("20"), 2025)}


def test_numbered_lines_without_a_table_header_are_not_rows() -> None:
    lines = numbered_rows(document_lines("全区共有\n3 家企业通过认定。\n12 个项目已经验收。\n"))
    assert all(ln.row is None for ln in lines)


def test_a_table_row_may_start_at_any_serial_number_but_must_continue_it() -> None:
    lines = numbered_rows(document_lines(
        "序号 工作任务 责任单位 完成时限\n"
        "7 建设科技馆。 市科技局 2026年6月底\n"
        "9 不连续的序号。 市财政局 2026年6月底\n"
    ))
    assert [ln.row for ln in lines if ln.row] == ["7"]


# --- unit labels ---------------------------------------------------------------------------


def written(text: str) -> list[tuple[str, str]]:
    return [(u.written, u.role) for c in find_unit_clauses(squeeze(text)) for u in c.units]


def test_unit_label_on_its_own_line_between_a_person_and_a_deadline() -> None:
    section = "推进科技馆改造提升工程。\n分管领导：王某某\n牵头科室(单位)：科普科、科技馆管理中心\n完成时限：2026年10月"
    assert written(section) == [("科普科", "lead"), ("科技馆管理中心", "lead")]


def test_main_and_cooperating_unit_labels() -> None:
    text = "主要责任单位：县科技局；协同配合单位：县财政局、县统计局"
    assert written(text) == [("县科技局", "responsible"), ("县财政局", "cooperating"), ("县统计局", "cooperating")]


def test_county_section_label_and_cooperating_department_label() -> None:
    assert written("牵头股室：农村科技股\n配合部门：县农业农村局") == [("农村科技股", "lead"), ("县农业农村局", "cooperating")]


def test_a_generic_tail_after_the_last_unit_is_not_a_unit() -> None:
    text = "（责任单位：市科技局、市发展改革委等市直有关部门）"
    assert [w for w, _ in written(text)] == ["市科技局", "市发展改革委"]


def test_a_task_with_its_units_on_the_following_lines_is_drafted() -> None:
    draft = extract_draft(
        "关于分解落实2026年全市科技工作要点的通知\n"
        "1.加快建设科技成果转化中试基地，打造区域中试服务品牌。\n"
        "责任领导：李某\n"
        "牵头科室(单位)：成果转化科、技术市场中心\n"
        "完成时限：2026年11月\n"
    )
    (task,) = draft.tasks
    assert task.title == "加快建设科技成果转化中试基地，打造区域中试服务品牌"
    assert [u.written for u in task.units] == ["成果转化科", "技术市场中心"]


# --- past figures --------------------------------------------------------------------------


def test_a_part_about_the_past_gives_no_targets_and_no_tasks() -> None:
    draft = extract_draft(
        "某市科技创新发展规划\n"
        "一、发展基础\n"
        "“十三五”时期，全市科技投入稳步增长，研发人员从3120人增加到4260人，有效发明专利达到2900件。\n"
        "（一）加强企业研发。企业研发机构达到300家。（责任单位：市科技局）\n"
        "二、发展目标\n"
        "到2027年，全市有效发明专利达到5000件。\n"
    )
    assert [(t.value, t.year) for t in draft.targets] == [(Decimal("5000"), 2027)]
    assert draft.tasks == ()


def test_the_starting_point_of_a_change_is_not_a_target() -> None:
    found = values("到2027年，全市研发人员从3100人增加到3600人。")
    assert found == [(Decimal("3600"), "人", 2027)]


# --- numbers -------------------------------------------------------------------------------


def test_chinese_numbers_with_a_magnitude() -> None:
    assert (cn_number("五千"), cn_number("一百五十"), cn_number("十五"), cn_number("二十")) == (5000, 150, 15, 20)
    assert values("到2030年，先进制造业集群营业收入突破三千亿元。") == [(Decimal("3000"), "亿元", 2030)]
    assert values("到2030年，数字经济核心产业规模超过五千亿。") == [(Decimal("5000"), "亿", 2030)]
    assert values("培养农村科技带头人二百名以上。") == [(Decimal("200"), "名", 2030)]


def test_bare_chinese_counts_and_scale_classes_are_not_targets() -> None:
    assert values("打造两个区域创新中心，建设三大科创走廊。") == []
    assert values("培育形成3个千亿级产业集群。") == [(Decimal("3"), "个", 2030)]


def test_a_range_gives_its_lower_bound_and_says_so() -> None:
    (t,) = targets("力争培育创新联合体5—8个。")
    assert (t.value, t.unit, t.kind) == (Decimal("5"), "个", "level")
    assert t.qualifier is not None and "5—8" in t.qualifier
    (t,) = targets("每年新建院士工作站3~5家。")
    assert (t.value, t.kind) == (Decimal("3"), "yearly_flow")


def test_ranges_written_with_zhi_or_with_units_on_both_ends() -> None:
    (t,) = targets("培育科技领军企业3至5家。")
    assert (t.value, t.unit) == (Decimal("3"), "家")
    (t,) = targets("企业研发机构覆盖率达到8%—10%。")
    assert (t.value, t.unit) == (Decimal("8"), "%")


def test_a_change_from_one_figure_to_another_is_not_a_range() -> None:
    (t,) = targets("到2027年，全社会研发投入强度由2.3%提高到2.9%。")
    assert (t.value, t.name) == (Decimal("2.9"), "全社会研发投入强度")


def test_a_dash_bullet_before_a_number_is_not_a_range() -> None:
    (t,) = targets("——70%以上的规上工业企业开展研发活动。")
    assert (t.value, t.unit, t.qualifier) == (Decimal("70"), "%", "以上")


def test_several_figures_separated_by_semicolons_including_funds_to_win() -> None:
    found = values("全年争取上级科技资金500万元以上；科技创新奖补资金300万元以上。")
    assert [v for v, _, _ in found] == [Decimal("500"), Decimal("300")]


def test_incentives_the_plan_pays_out_stay_excluded() -> None:
    assert values("对新认定的高新技术企业给予奖补资金20万元以上。") == []
    assert values("对新建的省级重点实验室最高奖励100万元。") == []


def test_not_lower_than_is_a_floor() -> None:
    (t,) = targets("设立科技成果转化基金，规模不低于3亿元。")
    assert (t.value, t.direction, t.kind) == (Decimal("3"), "higher", "level")


def test_person_and_firm_times_units() -> None:
    (t,) = targets("开展科技服务下乡活动，服务企业800家次以上。")
    assert (t.value, t.unit) == (Decimal("800"), "家次")


def test_verb_and_zhi_around_the_thing_measured() -> None:
    (t,) = targets("扩大科技成果转化引导基金规模至8亿元。")
    assert (t.name, t.value, t.direction, t.kind) == ("科技成果转化引导基金规模", Decimal("8"), "higher", "level")
    (t,) = targets("将高新技术企业认定服务时限缩短至15个工作日。")
    assert (t.name, t.value, t.unit, t.direction, t.kind) == ("高新技术企业认定服务时限", Decimal("15"), "个工作日", "lower", "ceiling")


def test_durations_in_months_are_measures() -> None:
    (t,) = targets("科技项目评审周期压缩至2个月以内。")
    assert (t.value, t.unit, t.direction) == (Decimal("2"), "个月", "lower")


def test_doubling_without_a_figure_is_a_multiple_of_the_base() -> None:
    (t,) = targets("到2028年，全市有研发活动的规上企业数量翻一番。")
    assert (t.value, t.unit, t.year, t.direction) == (Decimal("2"), "倍", 2028, "higher")
    assert t.qualifier is not None and "翻一番" in t.qualifier


def test_doubling_followed_by_its_figure_counts_once() -> None:
    found = values("到2028年，省级以上研发平台数量翻一番，达到64个。")
    assert found == [(Decimal("64"), "个", 2028)]


# --- relative horizons and flows -----------------------------------------------------------


def test_within_n_years_counts_from_the_document_year() -> None:
    (t,) = targets("三年内新建市级重点实验室15家以上。")
    assert (t.year, t.kind, t.year_from) == (2026, "cumulative", "sentence")


def test_within_n_years_ends_with_a_plan_of_that_length() -> None:
    ctx = TargetContext(plan_year=2026, issue_year=2024)
    (t,) = targets("三年内培育技术转移示范机构10家。", ctx)
    assert t.year == 2026


def test_within_n_years_without_a_document_year_keeps_the_plan_year() -> None:
    (t,) = targets("两年内建成科技企业加速器2家。", TargetContext(plan_year=2027))
    assert t.year == 2027


def test_whole_year_figures_are_yearly_flows_but_share_of_the_year_is_not() -> None:
    (t,) = targets("全年新增省级科技型中小企业80家以上。")
    assert t.kind == "yearly_flow"
    (t,) = targets("空气质量优良天数占全年的比重达到85%。")
    assert t.kind == "level"


def test_new_figures_are_yearly_flows_in_an_annual_plan_only() -> None:
    annual = TargetContext(plan_year=2025, issue_year=2025, annual=True)
    (t,) = targets("新认定高新技术企业25家以上。", annual)
    assert (t.kind, t.year) == ("yearly_flow", 2025)
    (t,) = targets("新认定高新技术企业25家以上。", TargetContext(plan_year=2027, issue_year=2023))
    assert t.kind == "level"


def test_yearly_flow_without_a_plan_year_takes_the_task_deadline_year() -> None:
    (t,) = targets("每年新建科技小院4家。", TargetContext(plan_year=None, deadline_year=2025))
    assert (t.kind, t.year) == ("yearly_flow", 2025)


# --- tasks without a 重点任务 heading --------------------------------------------------------


def test_an_imperative_work_list_without_a_task_heading_gives_tasks() -> None:
    draft = extract_draft(
        "1、积极争取上级科技项目。加强项目谋划储备。\n"
        "2、做好科技特派员选派工作。\n"
        "3、加强科普阵地建设。\n"
    )
    assert [(t.number, t.title) for t in draft.tasks] == [
        ("1", "积极争取上级科技项目"), ("2", "做好科技特派员选派工作"), ("3", "加强科普阵地建设"),
    ]
    assert all(t.confidence < 0.7 for t in draft.tasks)


def test_items_under_a_work_plan_heading_are_tasks() -> None:
    draft = extract_draft(
        "一、2025年工作计划\n"
        "1.科技创新平台提质。新建省级平台3家。\n"
        "2.科技人才队伍壮大。引进创新团队2个。\n"
    )
    assert [t.number for t in draft.tasks] == ["1", "2"]


def test_goal_past_and_support_items_are_never_taken_as_tasks() -> None:
    draft = extract_draft(
        "一、总体要求\n"
        "1.坚持创新引领。以创新驱动发展。\n"
        "2.坚持企业主体。强化企业地位。\n"
        "二、基本原则\n"
        "1.坚持系统推进。统筹各方力量。\n"
        "2.坚持开放合作。深化区域协同。\n"
        "三、保障措施\n"
        "1.加强组织领导。建立工作专班。\n"
        "2.强化督导考核。定期通报进展。\n"
    )
    assert draft.tasks == ()


# --- plan name -----------------------------------------------------------------------------


def test_a_title_quoting_another_document_keeps_the_whole_title() -> None:
    draft = extract_draft(
        "某县科学技术局\n"
        "关于落实《县政府工作报告》2026年科技领域重点任务的通知\n"
        "一、重点任务\n"
        "1.推进科技馆建设。（责任单位：县科技局）\n"
    )
    assert draft.meta.name.value == "关于落实《县政府工作报告》2026年科技领域重点任务的通知"


def test_a_notice_issuing_a_plan_names_the_plan_with_or_without_book_marks() -> None:
    draft = extract_draft(
        "某政办发〔2026〕9号 某市人民政府办公室关于印发某市科技服务业发展行动方案的通知\n"
        "一、重点任务\n"
        "1.培育科技服务机构。（责任单位：市科技局）\n"
    )
    assert draft.meta.name.value == "某市科技服务业发展行动方案"


def test_a_body_sentence_or_a_task_line_is_never_the_plan_name() -> None:
    draft = extract_draft(
        "为落实《某省科技创新条例》和《某省创新驱动发展方案》，制定本方案。\n"
        "1、加强科技服务。开展科技服务活动。\n"
        "2、做好科技统计。按时报送统计数据。\n"
    )
    assert draft.meta.name.value is None


def test_a_plan_title_after_the_notice_and_addressees_is_found() -> None:
    draft = extract_draft(
        "各县区人民政府，市直各部门：\n"
        "《某市科技金融融合发展实施方案》已经市政府同意，现印发给你们。\n"
        "某市科技金融融合发展实施方案\n"
        "一、重点任务\n"
        "1.设立科技信贷风险补偿资金池。（责任单位：市财政局）\n"
    )
    assert draft.meta.name.value == "某市科技金融融合发展实施方案"


def test_a_title_may_start_with_a_word_that_also_opens_sentences() -> None:
    draft = extract_draft(
        "经济技术开发区科技创新三年行动方案\n"
        "一、重点任务\n"
        "1.建设科创孵化园。（责任单位：开发区科技局）\n"
    )
    assert draft.meta.name.value == "经济技术开发区科技创新三年行动方案"


def test_the_year_of_an_annual_plan_is_its_target_year() -> None:
    assert annual_year("某区2026年科技工作要点") == 2026
    assert annual_year("某区2026年度重点工作任务分解表") == 2026
    assert annual_year("某市科技创新“十五五”规划") is None


def test_a_flattened_task_table_in_an_attachment_gives_the_tasks_not_the_notice_items() -> None:
    draft = extract_draft(
        "关于印发某县2026年科技重点工作任务分解表的通知\n"
        "一、提高思想认识。各单位要高度重视。\n"
        "二、加强工作调度。每月报送进展。\n"
        "附件\n"
        "序号 重点任务 牵头单位 配合单位 完成时限\n"
        "1 建设县级科技创新服务中心。 县科技局 县财政局 2026年9月底\n"
        "2 开展科技下乡活动20场以上。 县科协 县农业农村局 2026年12月底\n"
    )
    assert [(t.number, t.title) for t in draft.tasks] == [("1", "建设县级科技创新服务中心"), ("2", "开展科技下乡活动20场以上")]
    assert [u.written for u in draft.tasks[1].units] == ["县科协", "县农业农村局"]


def test_past_part_headings_and_task_headings_that_share_words() -> None:
    from desktop.domain.drafting.extract import PAST_SECTION

    assert all(PAST_SECTION.search(t) for t in ("发展基础", "“十四五”时期发展基础", "“十三五”期间", "2025年工作回顾"))
    assert not any(PAST_SECTION.search(t) for t in ("夯实创新发展基础", "加强基础研究", "推进现代化建设"))


# --- rules added after a second round of self-written documents ------------------------------


def test_a_later_vision_year_is_not_the_horizon_of_the_plan_targets() -> None:
    from desktop.domain.drafting.meta import target_year

    text = (
        "到2028年，全县规上企业研发机构覆盖率达到45%，专精特新企业超过60家。"
        "到2035年，全面建成创新型县城，综合创新能力进入全省前列。"
        "二、重点任务。每年举办科技对接活动12场以上。"
    )
    assert target_year(text, 2026)[0] == 2028
    # a later year that carries targets of its own stays the horizon
    assert target_year("到2027年，孵化器达到9家。到2030年，孵化器达到15家。", 2026)[0] == 2030
    # only vision years: the latest one
    assert target_year("到2030年，基本建成区域创新中心。", 2026)[0] == 2030


def test_targets_without_a_year_run_to_the_plan_year_not_the_vision_year() -> None:
    draft = extract_draft(
        "某县人民政府关于推进创新型县城建设的意见\n"
        "一、总体要求\n"
        "到2028年，全县高新技术企业数量达到80家。到2035年，基本建成创新型县城。\n"
        "二、重点任务\n"
        "（一）强化企业培育。每年新增科技型中小企业40家以上。（责任单位：县科技局）\n"
    )
    assert {(t.value, t.year) for t in draft.targets} == {(Decimal("80"), 2028), (Decimal("40"), 2028)}


def test_a_remark_inside_the_unit_bracket_is_not_a_unit() -> None:
    after_stop = "（责任单位：区工信局、区科技局，各镇街。排在第一位的为牵头单位，以下同）"
    assert [w for w, _ in written(after_stop)] == ["区工信局", "区科技局", "各镇街"]
    after_comma = "（责任单位：县发展改革局、县财政局，列第一位的为牵头单位，下同）"
    assert [w for w, _ in written(after_comma)] == ["县发展改革局", "县财政局"]


def test_a_share_of_a_target_just_stated_is_a_target_too() -> None:
    found = values("到2029年，全区认定市级专精特新企业50家以上，其中国家级5家。")
    assert found == [(Decimal("50"), "家", 2029), (Decimal("5"), "家", 2029)]
    yearly = targets("每年招引大学毕业生2000名以上，其中研究生200名。")
    assert [(t.value, t.kind) for t in yearly] == [(Decimal("2000"), "yearly_flow"), (Decimal("200"), "yearly_flow")]
    # a breakdown of a past result stays out
    assert values("截至目前，全区已有高新技术企业120家，其中上市企业6家。") == []


def test_a_figure_that_qualifies_the_thing_counted_is_a_threshold_not_a_target() -> None:
    found = values("到2029年，年产值5亿元以上的创新型企业突破40家，投资过亿元的科技项目达到15个。")
    assert found == [(Decimal("40"), "家", 2029), (Decimal("15"), "个", 2029)]
    # with no figure of its own after it, the figure is the target
    assert values("到2029年，研发投入强度达到3%的目标全面实现。") == [(Decimal("3"), "%", 2029)]


def test_volume_energy_and_area_measures() -> None:
    (water,) = targets("到2029年，万元地区生产总值用水量控制在28立方米以内。")
    assert (water.value, water.unit, water.direction, water.kind) == (Decimal("28"), "立方米", "lower", "ceiling")
    found = values("新增光伏装机容量300兆瓦，建设高标准农田2.5万公顷，年节电1200万千瓦时以上。")
    assert [(v, u) for v, u, _ in found] == [(Decimal("300"), "兆瓦"), (Decimal("2.5"), "万公顷"), (Decimal("1200"), "万千瓦时")]


# --- rules added after a held-out set of self-written documents -------------------------------


def test_the_plan_period_in_the_title_is_the_horizon_not_a_later_stage_year() -> None:
    draft = extract_draft(
        "某县科技人才发展规划（2022—2025年）\n"
        "一、主要目标\n"
        "全县人才资源总量达到6万人，其中高技能人才1.2万人。\n"
        "二、重点任务\n"
        "（一）建设人才创新平台。到2025年建成院士工作站3家；到2035年，建成院士工作站8家。"
        "新建博士后工作站6家。（责任单位：县人社局）\n"
    )
    found = {(t.value, t.year) for t in draft.targets}
    assert (Decimal("6"), 2025) in found  # 6万人, the plan's end year
    assert (Decimal("8"), 2035) in found  # a year of its own stays
    assert {(Decimal("3"), 2025), (Decimal("6"), 2025)} <= found
    assert draft.meta.target_year.value == 2025


def test_the_plan_period_stated_in_the_opening_or_as_a_five_year_plan() -> None:
    from desktop.domain.drafting.meta import plan_period
    from desktop.domain.drafting.text import Line

    def lines(*texts: str) -> list[Line]:
        return [Line(i, t, t) for i, t in enumerate(texts)]

    opening = lines("某市数字经济发展行动计划", "为加快数字化转型，制定本计划。实施期为2026—2028年，远期展望至2035年。")
    assert plan_period(opening, 2, 2026)[0] == 2028
    assert plan_period(lines("某区“十五五”生态环境保护规划"), 1, 2026)[0] == 2030
    assert plan_period(lines("某区“十四五”人才发展规划"), 1, 2021)[0] == 2025
    # a period quoted as a past one in a sentence, or a range of figures, is not the plan's
    assert plan_period(lines("2019—2023年，全区研发投入年均增长12%。"), 1, 2024)[0] is None
    assert plan_period(lines("某市科技创新工作要点"), 1, 2024)[0] is None


def test_an_outlook_year_is_not_the_horizon_wherever_else_it_is_named() -> None:
    from desktop.domain.drafting.meta import target_year

    text = (
        "本方案期限为近期，远景展望至2035年。到2027年，孵化器达到12家。"
        "三、重点任务。到2027年众创空间达到20家；到2035年众创空间达到40家。"
    )
    assert target_year(text, 2025)[0] == 2027
    # with no other year, the outlook year is all there is
    assert target_year("展望至2035年，全面建成科技强区。到2035年，研发投入强度达到4%。", 2025)[0] == 2035


def test_a_dated_deadline_covers_its_own_clause_not_the_next_part_or_clause() -> None:
    ctx = TargetContext(plan_year=2027, issue_year=2025)
    # the month deadline opens its part; after ； the plan's year applies
    found = values("2026年3月底前，认定首批创新联合体6个；规上企业研发活动覆盖率提升到55%。", ctx)
    assert found == [(Decimal("6"), "个", 2026), (Decimal("55"), "%", 2027)]
    # a deadline that dates an action in an earlier clause does not date the target
    found = values("2026年9月底前完成全市实验室摸底评估，省级重点实验室达到18家。", ctx)
    assert found == [(Decimal("18"), "家", 2027)]
    # a year that opens the sentence still covers its parts
    found = values("到2026年，认定联合体6个；覆盖率提升到55%。", ctx)
    assert [y for _, _, y in found] == [2026, 2026]


def test_a_deadline_that_dates_one_action_is_not_the_year_of_the_task_targets() -> None:
    draft = extract_draft(
        "某市促进技术转移三年行动方案（2025—2027年）\n"
        "二、重点任务\n"
        "1.完善转移机构体系。建成技术转移示范机构12家，技术经纪人达到300名。\n"
        "〔责任单位：市科技局〕\n"
        "完成时限：2025年10月底前出台认定办法，其余持续推进\n"
        "2.推进概念验证。建设概念验证中心4个。（责任单位：市科技局；完成时限：2026年6月底前）\n"
    )
    years = {t.value: t.year for t in draft.targets}
    assert years[Decimal("12")] == 2027 and years[Decimal("300")] == 2027
    assert years[Decimal("4")] == 2026  # a plain deadline of the whole task still dates it


def test_bare_small_chinese_counts_after_the_thing_counted() -> None:
    ctx = TargetContext(plan_year=2027, issue_year=2025)
    found = values("争取新建国家级孵化器两家，培育独角兽企业三个以上，打造创新街区十个。", ctx)
    assert [(v, u) for v, u, _ in found] == [(Decimal("2"), "家"), (Decimal("3"), "个"), (Decimal("10"), "个")]
    found = values("引进合作院所不少于两所。", ctx)
    assert [(v, u) for v, u, _ in found] == [(Decimal("2"), "所")]
    # before the noun they are words of a phrase, not targets
    assert values("建设两个中心、一批平台，形成一个体系。", ctx) == []
    assert values("每个园区配备一名联络员，组建第一批专家队伍。", ctx) == []


def test_an_incentive_in_the_next_clause_does_not_cancel_a_target() -> None:
    found = values("每年引进急需紧缺人才200名以上，每人给予最高30万元安家补助。")
    assert [(v, u) for v, u, _ in found] == [(Decimal("200"), "名")]


def test_a_count_of_what_is_funded_is_a_target_but_the_money_is_not() -> None:
    found = values("每年资助基础研究项目150项，每项资助5万元；支持科技小院建设30家以上。")
    assert [(v, u) for v, u, _ in found] == [(Decimal("150"), "项"), (Decimal("30"), "家")]
    assert values("对认定的企业每家奖励20万元，按研发费用的10%给予补助。") == []
    assert values("对新建平台给予最高3个项目资助。") == []


def test_striving_for_signing_and_recommending_are_target_verbs() -> None:
    annual = TargetContext(plan_year=2026, issue_year=2026, annual=True)
    found = values("力争争创国家技术创新中心1家；新签约产学研项目35项；推荐申报省级科技奖励12项。", annual)
    assert [(v, u, y) for v, u, y in found] == [
        (Decimal("1"), "家", 2026), (Decimal("35"), "项", 2026), (Decimal("12"), "项", 2026),
    ]


# --- second held-out set: articles, nested brackets, past paragraphs, conditions ----------


ARTICLES = (
    "某经济开发区关于支持数字经济创新发展的若干措施\n"
    "为加快数字经济发展，制定以下措施。\n"
    "第一条 发展目标。到2028年，开发区数字经济核心产业企业达到260家以上。\n"
    "第二条 培育数字企业。对首次入选省级数字经济领军企业的，给予50万元奖励。每年新增数字经济企业30家以上。"
    "（责任单位：开发区经济发展局、开发区财政局）\n"
    "第三条 建设算力设施。支持企业建设算力中心，累计建成智能算力中心3个。（责任单位：开发区数据局）\n"
    "第四条 加强资金保障。开发区每年安排数字经济专项资金不少于5000万元。\n"
    "第五条 附则。本措施自2026年3月1日起施行，由开发区经济发展局负责解释。\n"
)


def test_articles_with_a_unit_bracket_are_tasks_numbered_by_the_article() -> None:
    draft = extract_draft(ARTICLES)
    tasks = draft.tasks
    assert [t.number for t in tasks] == ["二", "三"]
    assert [t.title for t in tasks] == ["培育数字企业", "建设算力设施"]
    assert [u.written for u in tasks[0].units] == ["开发区经济发展局", "开发区财政局"]
    # the goal article and the funding article give targets, though they are not tasks
    found = {(t.value, t.unit) for t in draft.targets}
    assert {(Decimal("260"), "家"), (Decimal("30"), "家"), (Decimal("3"), "个"), (Decimal("5000"), "万元")} <= found


def test_article_numbers_run_on_through_chapters() -> None:
    draft = extract_draft(
        "某县科技项目管理办法\n"
        "第一章 总则\n"
        "第一条 为规范科技项目管理，制定本办法。\n"
        "第二章 项目实施\n"
        "第二条 组织项目申报。每年组织申报省级以上项目不少于40项。（责任单位：县科技局）\n"
        "第三条 加强项目验收。项目验收合格率达到90%以上。（责任单位：县科技局、县财政局）\n"
    )
    assert [(t.number, t.title) for t in draft.tasks] == [("二", "组织项目申报"), ("三", "加强项目验收")]


def test_a_unit_list_on_its_own_line_keeps_bracketed_parts_of_names() -> None:
    text = "牵头单位：区科技局\n配合单位：区财政局、各街道（镇）、各园区（基地）管委会\n完成时限：长期坚持"
    assert written(text) == [
        ("区科技局", "lead"), ("区财政局", "cooperating"), ("各街道（镇）", "cooperating"),
        ("各园区（基地）管委会", "cooperating"),
    ]
    # a bracket opened before the label still closes the list
    assert written("（配合单位：各县（市、区）政府）") == [("各县（市、区）政府", "cooperating")]


def test_a_sentence_reporting_a_past_year_gives_no_targets() -> None:
    ctx = TargetContext(plan_year=2026, issue_year=2026, annual=True)
    text = (
        "2025年，全县新认定高新技术企业41家；新建市级研发平台7家；研发投入强度达到1.9%。"
        "2026年，力争新认定高新技术企业50家以上。"
    )
    assert values(text, ctx) == [(Decimal("50"), "家", 2026)]
    assert values("过去一年，全区引进科技人才320名，技术合同登记额达到9亿元。", ctx) == []
    assert values("上年度，全市新增专精特新企业25家。", ctx) == []
    # a year that is not past opens a stage target as before
    assert values("2026年，新增孵化器3家。", ctx) == [(Decimal("3"), "家", 2026)]


def test_a_past_year_heading_marks_a_past_part() -> None:
    draft = extract_draft(
        "某区科技局2026年工作要点\n"
        "一、过去一年工作回顾\n"
        "全年新增科技型企业210家，研发投入强度达到2.4%。\n"
        "二、2026年重点工作\n"
        "1.新增科技型企业260家以上。（责任单位：区科技局）\n"
    )
    assert [(t.value, t.unit) for t in draft.targets] == [(Decimal("260"), "家")]


def test_eligibility_conditions_of_a_measure_are_not_targets() -> None:
    assert values("对年度技术合同成交额超过500万元且同比增长20%以上的技术转移机构，给予最高30万元奖励。") == []
    assert values("年销售收入超过2亿元的企业，按新增研发投入的5%给予补助。") == []
    found = values("凡研发人员占比在10%以上的企业，优先推荐申报；全区科技型企业达到800家。")
    assert [(v, u) for v, u, _ in found] == [(Decimal("800"), "家")]
    # 对标 opens no condition
    assert values("对标先进地区，技术合同登记额达到12亿元。")[0][:2] == (Decimal("12"), "亿元")


def test_a_benefit_the_measure_provides_is_not_a_target() -> None:
    found = values("对新引进的创业团队给予最高200万元资助，并免费提供不少于200平方米的办公用房。每年引进创业团队10个以上。")
    assert [(v, u) for v, u, _ in found] == [(Decimal("10"), "个")]
    # without a payment in the sentence, 提供 with a figure can still be a target
    assert values("为企业提供技术服务不少于500次。")[0][:2] == (Decimal("500"), "次")


def test_a_total_reduction_is_the_size_of_the_drop_and_an_annual_one_a_rate() -> None:
    ctx = TargetContext(plan_year=2028, issue_year=2026)
    (a,) = targets("到2028年，单位地区生产总值用水量比2025年累计降低8%。", ctx)
    assert (a.value, a.unit, a.year, a.direction, a.kind) == (Decimal("8"), "%", 2028, "higher", "level")
    assert a.name.endswith("下降幅度") and "2025" not in a.name
    (b,) = targets("主要污染物排放总量减少6%以上。", ctx)
    assert (b.value, b.direction, b.kind) == (Decimal("6"), "higher", "level")
    (c,) = targets("单位增加值能耗年均下降2.5%。", ctx)
    assert (c.value, c.direction, c.kind) == (Decimal("2.5"), "lower", "growth_rate")
    (d,) = targets("万元产值能耗下降到0.4吨标准煤。", ctx)
    assert (d.direction, d.kind) == ("lower", "ceiling")


def test_a_state_held_through_a_multi_year_plan_runs_to_its_end_year() -> None:
    draft = extract_draft(
        "某区创新生态提升三年行动计划（2026—2028年）\n"
        "二、重点任务\n"
        "1.提升众创空间运营水平。众创空间入驻团队稳定在120个以上，新建众创空间4家。\n"
        "牵头单位：区科技局\n"
        "完成时限：2026年底前\n"
        "2.提高审批效率。项目审批时间控制在10个工作日以内，企业开办时间保持在1个工作日。\n"
        "牵头单位：区行政审批局\n"
        "完成时限：2027年底前\n"
    )
    years = {(t.value, t.unit): t.year for t in draft.targets}
    assert years[(Decimal("120"), "个")] == 2028
    assert years[(Decimal("4"), "家")] == 2026  # a change to finish by the deadline keeps it
    assert years[(Decimal("10"), "个工作日")] == 2028
    assert years[(Decimal("1"), "个工作日")] == 2028


def test_sessions_and_times_are_measures_but_a_frequency_is_not() -> None:
    annual = TargetContext(plan_year=2026, issue_year=2026, annual=True)
    found = values("全年举办科技成果路演活动25场次，开展科普宣传不少于8次。", annual)
    assert [(v, u) for v, u, _ in found] == [(Decimal("25"), "场次"), (Decimal("8"), "次")]
    assert values("领导小组每半年召开会议一次。", annual) == []


# --- third held-out set: where the units and deadlines of a task are written ------------------
#
# Every example below was written for these tests, one for each common way a government document
# attaches units and deadlines to its tasks.


def _tasks(text: str) -> list[tuple[str, str, list[str]]]:
    return [(t.number, t.title, [u.written for u in t.units]) for t in extract_draft(text).tasks]


def test_an_unlabelled_unit_list_closing_an_item_names_its_units() -> None:
    found = _tasks(
        "某县2026年科技工作要点\n"
        "一、重点工作\n"
        "1. 培育创新型企业。全年新增科技型中小企业50家。（县科技局、县财政局、各乡镇（街道））\n"
        "2. 建设院士（专家）工作站。新建工作站2家。（县委组织部、县科协）\n"
    )
    assert found == [
        ("1", "培育创新型企业", ["县科技局", "县财政局", "各乡镇（街道）"]),
        ("2", "建设院士（专家）工作站", ["县委组织部", "县科协"]),
    ]


def test_an_unlabelled_unit_list_in_square_brackets_and_before_a_date() -> None:
    found = _tasks(
        "某市科技创新工作方案\n"
        "二、主要任务\n"
        "1.完善创新券制度。扩大创新券使用范围。〔市科技局、市财政局〕\n"
        "2.建设中试平台。新建中试基地3家。（市工业和信息化局、市科技局）（2026年12月底前）\n"
    )
    assert [(n, u) for n, _, u in found] == [("1", ["市科技局", "市财政局"]), ("2", ["市工业和信息化局", "市科技局"])]


def test_a_closing_bracket_of_ordinary_words_is_not_a_unit_list() -> None:
    assert find_unit_clauses("制定科技创新券管理办法（试行）") == []
    assert find_unit_clauses("编制中长期科技发展规划（2026—2035年）") == []
    assert find_unit_clauses("建设重点实验室、工程技术研究中心（含企业研发中心）") == []


def test_lead_and_cooperating_units_in_any_bracket() -> None:
    for text in (
        "支持企业建设研发机构。〔市工业和信息化局牵头，市科技局、市发展改革委配合〕",
        "支持企业建设研发机构。【市工业和信息化局牵头，市科技局、市发展改革委配合】",
        "支持企业建设研发机构。（市工业和信息化局牵头，市科技局、市发展改革委配合）",
    ):
        (clause,) = find_unit_clauses(squeeze(text))
        assert [(u.written, u.role) for u in clause.units] == [
            ("市工业和信息化局", "lead"), ("市科技局", "cooperating"), ("市发展改革委", "cooperating")
        ]
    (clause,) = find_unit_clauses("引导人才向县域流动。〔市委组织部牵头，市人力资源社会保障局、市科技局，各县（市、区）政府配合〕")
    assert [u.written for u in clause.units] == ["市委组织部", "市人力资源社会保障局", "市科技局", "各县（市、区）政府"]


def test_led_by_with_others_responsible_by_their_duties() -> None:
    (clause,) = find_unit_clauses("加强科技金融服务，由市地方金融监管局牵头，市财政局、市科技局按职责分工负责。")
    assert [(u.written, u.role) for u in clause.units] == [
        ("市地方金融监管局", "lead"), ("市财政局", "cooperating"), ("市科技局", "cooperating")
    ]


def test_units_on_the_line_after_the_task() -> None:
    found = _tasks(
        "某区科技局2026年重点工作任务\n"
        "一、重点任务\n"
        "1.推进科技成果转化。组织成果对接活动10场。\n"
        "责任单位：成果转化科、区科技服务中心\n"
        "完成时限：2026年12月底前\n"
        "2.强化知识产权保护。\n"
        "牵头单位：区市场监管局\n"
        "配合单位：区科技局\n"
    )
    assert found == [
        ("1", "推进科技成果转化", ["成果转化科", "区科技服务中心"]),
        ("2", "强化知识产权保护", ["区市场监管局", "区科技局"]),
    ]


_TABLE_ROWS = [
    ("1", "建设成果转化服务中心", "区科技局", "区财政局、区机关事务服务中心", "2026年9月底前"),
    ("2", "每年举办成果对接会不少于12场", "区科技局", "区教育局", "每年12月底前"),
    ("3", "开展创新券申领兑付", "区科技局", "", "持续推进"),
]
_TABLE_WANTED = [
    ("1", "建设成果转化服务中心", ["区科技局", "区财政局", "区机关事务服务中心"]),
    ("2", "每年举办成果对接会不少于12场", ["区科技局", "区教育局"]),
    ("3", "开展创新券申领兑付", ["区科技局"]),
]


def _table_document(sep: str, pipes: bool = False) -> str:
    head = ["序号", "任务", "牵头单位", "配合单位", "完成时限"]
    rows = [head] + [list(r) for r in _TABLE_ROWS]
    lines = []
    for i, row in enumerate(rows):
        cells = row if sep != "  " else [c or "—" for c in row]
        lines.append(("| " + " | ".join(cells) + " |") if pipes else sep.join(cells))
        if pipes and i == 0:
            lines.append("| --- | --- | --- | --- | --- |")
    return "某区科技成果转化行动方案\n一、总体目标\n到2028年，技术合同成交额突破80亿元。\n\n附件\n\n重点任务清单\n\n" + "\n".join(lines) + "\n"


def test_task_table_columns_by_tab_two_spaces_or_bars() -> None:
    for document in (_table_document("\t"), _table_document("    "), _table_document("", pipes=True)):
        found = _tasks(document)
        assert [(n, t) for n, t, _ in found] == [(n, t) for n, t, _ in _TABLE_WANTED], document
        assert found == _TABLE_WANTED, document


def test_a_task_table_without_serial_numbers_is_numbered_in_order() -> None:
    found = _tasks(
        "某区2026年科技工作任务清单\n"
        "| 工作任务 | 牵头单位 | 配合单位 | 完成时限 |\n"
        "| --- | --- | --- | --- |\n"
        "| 组织科技型中小企业评价入库 | 区科技局 | 区税务局 | 2026年11月底前 |\n"
        "| 建设区级概念验证中心 | 区科技局 | — | 2026年12月底前 |\n"
    )
    assert found == [("1", "组织科技型中小企业评价入库", ["区科技局", "区税务局"]), ("2", "建设区级概念验证中心", ["区科技局"])]


def test_a_task_table_row_keeps_its_deadline_and_its_figures() -> None:
    draft = extract_draft(_table_document("\t"))
    first, second, third = draft.tasks
    assert first.deadline is not None and first.deadline.date is not None and first.deadline.date.month == 9
    assert third.deadline is not None and third.deadline.ongoing
    assert [(t.value, t.unit, t.kind) for t in second.targets] == [(Decimal("12"), "场", "yearly_flow")]


def test_a_task_table_with_a_responsible_column_and_time_nodes() -> None:
    found = _tasks(
        "某县科技工作任务分解\n"
        "序号\t重点任务\t责任单位\t时间节点\n"
        "1\t组织高新技术企业认定申报\t县科技局、县税务局\t2026年10月底前\n"
        "2\t开展科技特派员服务\t县科技局\t全年持续推进\n"
    )
    assert found == [
        ("1", "组织高新技术企业认定申报", ["县科技局", "县税务局"]),
        ("2", "开展科技特派员服务", ["县科技局"]),
    ]


def test_task_numbers_run_straight_through_the_parts() -> None:
    found = _tasks(
        "某市县域创新工作方案\n"
        "一、工作目标\n到2027年，县域高新技术企业达到650家。\n"
        "二、培育创新主体\n"
        "1.实施企业培育计划。每年新增高新技术企业80家。〔责任单位：市科技局、市税务局，各县（市、区）政府〕\n"
        "2.支持企业建设研发机构。〔市工业和信息化局牵头，市科技局配合〕\n"
        "三、建设创新平台\n"
        "3.提升开发区（园区）创新能级。〔责任单位：市商务局、市科技局〕\n"
        "4.布局建设星创天地。〔市科技局牵头，市农业农村局、各县（市、区）政府配合〕\n"
    )
    assert [(n, t) for n, t, _ in found] == [
        ("1", "实施企业培育计划"), ("2", "支持企业建设研发机构"), ("3", "提升开发区（园区）创新能级"), ("4", "布局建设星创天地"),
    ]
    assert found[0][2] == ["市科技局", "市税务局", "各县（市、区）政府"]
    assert found[3][2] == ["市科技局", "市农业农村局", "各县（市、区）政府"]


def test_items_numbered_in_brackets_circles_or_yishi() -> None:
    for first, second in (("（1）", "（2）"), ("①", "②"), ("一是", "二是")):
        found = _tasks(
            "某区科技局2026年工作要点\n"
            "一、重点任务\n"
            f"{first}加快企业培育。新增高新技术企业30家。（区科技局、区税务局）\n"
            f"{second}加强平台建设。新建研发中心5家。（区科技局牵头，区发展改革局配合）\n"
        )
        assert [(t, u) for _, t, u in found] == [
            ("加快企业培育", ["区科技局", "区税务局"]), ("加强平台建设", ["区科技局", "区发展改革局"]),
        ], first


# --- third held-out set: figures ------------------------------------------------------------


def test_a_cap_per_applicant_and_a_period_of_validity_are_not_targets() -> None:
    found = values("创新券申领企业每年不少于200家，单家企业每年申领额度不超过30万元，创新券自发放之日起6个月内有效。")
    assert found == [(Decimal("200"), "家", 2030)]
    assert values("科技创新券有效期为12个月。") == []


def test_year_on_year_growth_in_an_annual_plan_is_a_target() -> None:
    ctx = TargetContext(plan_year=2026, issue_year=2026, annual=True)
    found = [(t.value, t.kind, t.direction) for t in targets("技术合同成交额同比增长20%以上，万元工业增加值能耗同比下降3%。", ctx)]
    assert found == [(Decimal("20"), "growth_rate", "higher"), (Decimal("3"), "growth_rate", "lower")]
    # outside an annual plan a 同比 figure stays a result
    assert values("全县技术合同成交额同比增长31.5%。") == []


def test_a_stage_year_opening_the_sentence_dates_its_yearly_flows() -> None:
    found = values("到2027年，市级以上孵化载体达到90家，每年毕业企业不少于120家。")
    assert found == [(Decimal("90"), "家", 2027), (Decimal("120"), "家", 2027)]
    # a yearly flow in a sentence of its own keeps the plan's end year
    assert values("每年新增入库企业不少于300家。") == [(Decimal("300"), "家", 2030)]


# --- fourth held-out set: tables ------------------------------------------------------------


def test_an_indicator_table_in_text_lines_gives_one_target_per_future_year_column() -> None:
    draft = extract_draft(
        "某市科技强市建设方案（2026—2028年）\n"
        "一、重点任务\n"
        "（一）壮大创新主体。（市科技局牵头，市财政局配合）\n"
        "附件\n"
        "某市科技强市建设指标表\n"
        "序号  指标名称  单位  2025年基期值  2027年目标值  2028年目标值  指标属性\n"
        "1  高新技术企业数量  家  410  520  600  预期性\n"
        "2  技术合同成交额  亿元  31.2  45  52  预期性\n"
        "3  单位地区生产总值能耗  吨标准煤  0.61  0.58  0.56  约束性\n"
    )
    found = sorted((t.value, t.unit, t.year, t.direction) for t in draft.targets)
    # the 2025 base-year column is past data: 410, 31.2 and 0.61 are not targets
    assert found == sorted([
        (Decimal("520"), "家", 2027, "higher"), (Decimal("600"), "家", 2028, "higher"),
        (Decimal("45"), "亿元", 2027, "higher"), (Decimal("52"), "亿元", 2028, "higher"),
        (Decimal("0.58"), "吨标准煤", 2027, "lower"), (Decimal("0.56"), "吨标准煤", 2028, "lower"),
    ])


def test_an_indicator_table_with_bare_year_heads_skips_the_years_already_past() -> None:
    draft = extract_draft(
        "某县创新发展行动计划\n"
        "2026年4月2日\n"
        "一、主要任务\n"
        "（一）培育科技企业。（县科技局负责）\n"
        "指标 | 单位 | 2024年 | 2026年 | 2027年\n"
        "科技型中小企业 | 家 | 85 | 120 | 150\n"
    )
    assert sorted((t.value, t.year) for t in draft.targets) == [(Decimal("120"), 2026), (Decimal("150"), 2027)]


def test_a_target_value_column_of_a_task_table_is_the_tasks_figures_not_its_title() -> None:
    draft = extract_draft(
        "某区科技局2026年度目标任务分解表\n"
        "序号 | 工作任务 | 目标值 | 责任科室 | 配合单位 | 完成时限\n"
        "1 | 科技企业培育 | 新增科技型中小企业120家以上，备案众创空间达到9家 | 创新发展科 | 区税务局 | 2026年11月底\n"
        "2 | 政务服务提速 | 项目资金拨付时间压缩至15个工作日以内 | 办公室 | — | 2026年9月底\n"
    )
    assert [(t.number, t.title, [u.written for u in t.units]) for t in draft.tasks] == [
        ("1", "科技企业培育", ["创新发展科", "区税务局"]),
        ("2", "政务服务提速", ["办公室"]),
    ]
    assert {(t.task_number, t.value, t.direction) for t in draft.targets} == {
        ("1", Decimal("120"), "higher"), ("1", Decimal("9"), "higher"), ("2", Decimal("15"), "lower"),
    }


def test_group_heading_lines_between_table_rows_do_not_end_the_table() -> None:
    draft = extract_draft(
        "某市科技局2026年重点工作分解表\n"
        "序号 | 工作任务 | 目标值 | 责任科室 | 完成时限\n"
        "一、企业培育\n"
        "1 | 高企申报辅导 | 辅导企业300家 | 高新科 | 2026年10月底\n"
        "2 | 研发投入统计 | 规上企业研发活动覆盖率达到45% | 规划科 | 2026年12月底\n"
        "二、平台建设\n"
        "3 | 重点实验室建设 | 新增省级重点实验室3家 | 规划科 | 2026年12月底\n"
        "三、人才工作\n"
        "4 | 科技特派员选派 | 选派科技特派员80名 | 农社科 | 2026年6月底\n"
        "四、保障措施\n"
        "各科室每月报送进展。\n"
    )
    assert [(t.number, t.title, [u.written for u in t.units]) for t in draft.tasks] == [
        ("1", "高企申报辅导", ["高新科"]),
        ("2", "研发投入统计", ["规划科"]),
        ("3", "重点实验室建设", ["规划科"]),
        ("4", "科技特派员选派", ["农社科"]),
    ]


# --- fourth held-out set: units -------------------------------------------------------------


def test_a_responsibility_line_closing_a_part_makes_the_part_the_task() -> None:
    draft = extract_draft(
        "某县科技赋能行动方案（2026—2027年）\n"
        "一、重点任务\n"
        "（一）实施创新主体倍增行动\n"
        "（1）建立培育库。每年新增入库企业20家以上。\n"
        "（2）开展申报辅导。每年举办辅导培训不少于3场。\n"
        "责任分工：县科技局牵头，县财政局、各乡镇（街道）按职责分工负责。\n"
        "（二）实施平台提质行动\n"
        "①建设研发中心。到2027年新增市级以上研发中心6家。\n"
        "②建设孵化载体。建成众创空间2家。\n"
        "责任单位：县科技局、县经济开发区管委会\n"
    )
    tasks = draft.tasks
    assert [(t.number, t.title, [u.written for u in t.units]) for t in tasks] == [
        ("一", "实施创新主体倍增行动", ["县科技局", "县财政局", "各乡镇（街道）"]),
        ("二", "实施平台提质行动", ["县科技局", "县经济开发区管委会"]),
    ]
    assert [u.role for u in tasks[0].units] == ["lead", "cooperating", "cooperating"]
    # the items' figures are the part's targets
    assert sorted(t.value for t in tasks[0].targets) == [Decimal("3"), Decimal("20")]


def test_items_with_units_of_their_own_stay_tasks_under_a_part() -> None:
    found = _tasks(
        "某县科技工作方案\n"
        "一、重点任务\n"
        "（一）强化企业培育\n"
        "（1）建立培育库。责任单位：县科技局\n"
        "（2）开展申报辅导。责任单位：县税务局\n"
    )
    assert [(t, u) for _, t, u in found] == [("建立培育库", ["县科技局"]), ("开展申报辅导", ["县税务局"])]


def test_a_lead_marked_inside_a_unit_list_goes_first() -> None:
    (clause,) = find_unit_clauses(squeeze("责任单位：县科技局、县工业和信息化局（牵头）、县统计局"))
    assert [u.written for u in clause.units] == ["县工业和信息化局", "县科技局", "县统计局"]
    assert clause.units[0].role == "lead"


def test_a_bracketed_other_name_of_a_unit_is_one_unit() -> None:
    (clause,) = find_unit_clauses(squeeze("（市市场监管局（市知识产权局）牵头，市科技局、各县（市、区）政府配合）"))
    assert [u.written for u in clause.units] == ["市市场监管局", "市科技局", "各县（市、区）政府"]
    # a bracket that belongs to the name stays
    (clause,) = find_unit_clauses(squeeze("责任单位：区科技局、各乡镇（街道）"))
    assert [u.written for u in clause.units] == ["区科技局", "各乡镇（街道）"]


def test_a_running_text_sentence_naming_who_is_responsible_gives_the_units() -> None:
    text = "支持高校开展赋权试点，试点单位扩大到12家。市教育局、市科技局、市财政局负责。"
    (clause,) = find_unit_clauses(text)
    assert [u.written for u in clause.units] == ["市教育局", "市科技局", "市财政局"]
    text = "培育第三方评价机构。市科技局牵头，市市场监管局、市司法局按职责分工负责。"
    (clause,) = find_unit_clauses(text)
    assert [(u.written, u.role) for u in clause.units] == [
        ("市科技局", "lead"), ("市市场监管局", "cooperating"), ("市司法局", "cooperating"),
    ]
    # a closing remark is not a unit assignment, nor is a sentence whose subject is not a unit
    assert find_unit_clauses("本措施自印发之日起施行，由市科技局负责解释。") == []
    assert find_unit_clauses("加强统筹协调。龙头企业牵头，高校院所配合。") == []


# --- fourth held-out set: figures -----------------------------------------------------------


def test_thresholds_in_a_condition_are_not_targets() -> None:
    assert values("对年促成技术交易额达到3000万元以上的技术经纪机构，给予30万元奖励。") == []
    assert values("对技术交易额在800万元以上的成果转化项目，择优给予支持。") == []
    # a support clause that picks firms by a figure: which firms, not how many
    found = values("支持营业收入超3亿元的科技企业建设研发中心，到2027年培育创新型领军企业6家。")
    assert found == [(Decimal("6"), "家", 2027)]


def test_a_share_paid_out_is_not_a_target() -> None:
    found = values("允许转化单位留归科研团队的收益，科研人员所得转化收益比例不低于60%，试点单位扩大到9家。")
    assert found == [(Decimal("9"), "家", 2030)]


def test_a_time_limit_next_to_an_incentive_word_is_a_target() -> None:
    (t,) = targets("科技奖补资金兑付时间压缩至15个工作日以内。")
    assert (t.value, t.unit, t.direction, t.kind) == (Decimal("15"), "个工作日", "lower", "ceiling")
    # a duration that is itself the benefit stays an incentive
    assert values("对新入驻孵化器的企业给予3个月租金补贴。") == []


def test_selected_for_a_programme_is_a_target_in_an_annual_plan() -> None:
    ctx = TargetContext(plan_year=2026, issue_year=2026, annual=True)
    found = [(t.value, t.unit) for t in targets("引进创新团队8个，入选省级以上人才计划15人。", ctx)]
    assert found == [(Decimal("8"), "个"), (Decimal("15"), "人")]


# --- fifth held-out set ----------------------------------------------------------------------


def test_a_comparison_base_year_does_not_date_the_parts_after_a_semicolon() -> None:
    ctx = TargetContext(plan_year=2027, issue_year=2025)
    found = values(
        "力争到2027年，全区高新技术企业达到600家，数量较2024年翻一番；科技型中小企业达到1500家；"
        "高新技术产业投资占比提高5个百分点。",
        ctx,
    )
    assert found == [
        (Decimal("600"), "家", 2027), (Decimal("2"), "倍", 2027), (Decimal("1500"), "家", 2027),
        (Decimal("5"), "个百分点", 2027),
    ]


def test_existing_things_a_measure_works_on_are_no_sign_of_the_past() -> None:
    ctx = TargetContext(plan_year=2028, issue_year=2026)
    found = values("推动现有孵化器提质增效，新增国家级科技企业孵化器3家，其中专业化众创空间2家。", ctx)
    assert found == [(Decimal("3"), "家", 2028), (Decimal("2"), "家", 2028)]
    assert values("依托现有产业园区，建成中试基地5个。", ctx) == [(Decimal("5"), "个", 2028)]
    # a stock that exists now is still a result
    assert values("全市现有省级研发平台120家。", ctx) == []


def test_a_span_of_years_opening_the_clause_states_a_total_over_the_plan() -> None:
    ctx = TargetContext(plan_year=2028, issue_year=2026)
    (t,) = targets("多渠道筹措房源，三年筹集人才公寓2万套。", ctx)
    assert (t.value, t.year, t.kind, t.name) == (Decimal("2"), 2028, "cumulative", "筹集人才公寓")
    (t,) = targets("两年改造老旧厂房12处。", TargetContext(plan_year=2027, issue_year=2026))
    assert (t.value, t.unit, t.year, t.kind) == (Decimal("12"), "处", 2027, "cumulative")


def test_a_part_on_the_base_and_the_goals_keeps_its_goals() -> None:
    doc = (
        "某区新材料产业发展工作方案（2026—2027年）\n"
        "一、发展基础和工作目标\n"
        "2025年，全区新材料产业产值达到86亿元，规模以上企业42家。\n"
        "到2027年，全区新材料产业产值突破120亿元；规模以上企业达到60家。其中，2026年产值达到100亿元。\n"
        "二、重点任务\n"
        "1.培育龙头企业。支持企业兼并重组。（区工业和信息化局牵头，区科技局配合）\n"
        "某区人民政府办公室\n"
        "2026年3月2日\n"
    )
    found = sorted((t.value, t.unit, t.year) for t in extract_draft(doc).targets)
    assert found == [(Decimal("60"), "家", 2027), (Decimal("100"), "亿元", 2026), (Decimal("120"), "亿元", 2027)]
    # a part on the base alone still gives no targets
    past = extract_draft(doc.replace("一、发展基础和工作目标", "一、发展基础"))
    assert [t.value for t in past.targets] == []


def test_feature_boxes_and_their_bullet_lines_give_targets() -> None:
    for bullet in "●■◆":
        doc = (
            "某区智能制造推进方案（2026—2028年）\n"
            "一、重点任务\n"
            "1.推进企业上云。引导中小企业上云用云。（区工业和信息化局牵头，区科技局配合）\n"
            "专栏1  智能制造重点工程\n"
            f"{bullet}智能工厂培育工程：建成市级以上智能工厂25个，带动技改投资突破40亿元。\n"
            f"{bullet}算力设施工程：到2027年底，建成公共算力服务平台，标准机架不少于800个。\n"
            "2.培育服务商。培育数字化转型服务商。（区科技局牵头，区财政局配合）\n"
        )
        draft = extract_draft(doc)
        # the box is no task, and its lines are not tasks either
        assert [(t.number, t.title) for t in draft.tasks] == [("1", "推进企业上云"), ("2", "培育服务商")]
        found = sorted((t.value, t.unit, t.year) for t in draft.targets)
        assert found == [(Decimal("25"), "个", 2028), (Decimal("40"), "亿元", 2028), (Decimal("800"), "个", 2027)]

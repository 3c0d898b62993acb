"""The fast paths of desktop.domain.intake.matching give exactly the answers of scoring every indicator.

``match_indicator`` looks a name up by its normalised key and scores only the indicators
whose bound can matter; ``accept_indicator`` answers only whether a name is understood;
``normalise_name`` skips the steps that cannot change the key. Each is compared with the
plain definition here.
"""

from __future__ import annotations

import dataclasses
import random
import re
import unicodedata

import pytest

from desktop.domain._text import to_halfwidth
from desktop.domain.intake import matching
from desktop.domain.intake.extraction import CatalogIndicator, PlanCatalog
from desktop.domain.intake.matching import _pick, accept_indicator, match_indicator, normalise_name, similarity
from tests.domain.intake.freeform_builders import combined_catalog, liaocheng_catalog, zibo_catalog

_WHITESPACE = re.compile(r"\s+")


def reference_key(text: str) -> str:
    """normalise_name as first written: every step on every character."""
    folded = _WHITESPACE.sub("", to_halfwidth(text))
    numbering = matching._NUMBERING.match(folded)
    if numbering is not None and numbering.end() < len(folded):
        folded = folded[numbering.end() :]
    folded = matching._BRACKETED.sub(matching._drop_unit_bracket, folded)
    kept = "".join(char for char in folded.casefold() if unicodedata.category(char)[0] in "LN")
    for spelling, canonical in matching._SYNONYMS:
        kept = kept.replace(spelling, canonical)
    for extra in matching._TRAILING_EXTRAS:
        if kept.endswith(extra) and len(kept) > len(extra) + 1:
            kept = kept[: -len(extra)]
            break
    for suffix in matching._COUNT_SUFFIXES:
        if kept.endswith(suffix) and len(kept) - len(suffix) >= 2:
            kept = kept[: -len(suffix)]
            break
    return kept


def every_indicator(text: str, catalog: PlanCatalog, threshold: float = 0.8):
    """match_indicator by its definition: score every indicator, then pick."""
    return _pick([(similarity(text, i.name), str(i.id), i) for i in catalog.indicators], threshold)


def test_normalise_name_equals_the_plain_definition() -> None:
    rng = random.Random(1)
    alphabet = (
        "研发经费投入高新技术企业数量总数（）()【】〔〕[]%％ＡＢＣabcＲ＆Ｄ&12３４.、一二①ßİ\u3000 \t\u2212-_—·“”「」"
        "及增幅规模以上研究与试验发展万元/人家个ǅⅫ½\x1c\x85\u2028"
    )
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert matching._normalise(text) == reference_key(text), text
    for code in list(range(0x20, 0x3000)) + list(range(0xFE00, 0x10000)):
        char = chr(code)
        if 0xD800 <= code < 0xE000:
            continue
        for text in (char, f"高新{char}企业", f"({char})企业"):
            assert matching._normalise(text) == reference_key(text), hex(code)


def variants(name: str, rng: random.Random) -> list[str]:
    k = rng.randrange(len(name))
    shuffled = list(name)
    rng.shuffle(shuffled)
    return [
        name, f"{name}（%）", f"1.{name}", name[1:], name[:-1], f"{name}增长", f"全社会{name}",
        name.replace("企业", "单位"), name[:k] + rng.choice("省市县区新增每人均") + name[k + 1 :], "".join(shuffled),
    ]


def catalogs() -> list[PlanCatalog]:
    names = [i.name for i in combined_catalog().indicators]
    twins = names + names[:3] + [f"{n}数" for n in names[3:6]] + [n[:-1] for n in names[6:12]]
    return [
        zibo_catalog(),
        liaocheng_catalog(),
        PlanCatalog(2, "重名", tuple(CatalogIndicator(k, n, None) for k, n in enumerate(twins, 1)), ()),
    ]


@pytest.mark.parametrize("threshold", [0.8, 0.5, 1.0, 0.0])
def test_match_indicator_equals_scoring_every_indicator(threshold: float) -> None:
    rng = random.Random(2)
    others = ["指标名称", "序号", "计量单位", "2023年完成", "备注", "合计", "亿元", "%", "", "——", "一、创新投入"]
    for catalog in catalogs():
        texts = [t for i in catalog.indicators for t in variants(i.name, rng)] + others
        fresh = dataclasses.replace(catalog)  # its own index: accept before any full match
        for text in texts:
            expected = every_indicator(text, catalog, threshold)
            assert accept_indicator(text, fresh, threshold) == expected[0], text
            assert match_indicator(text, catalog, threshold) == expected, text


def test_a_large_plan_of_similar_names() -> None:
    """4,000 names that differ by a number: exact names by look-up, the rest as by scoring all."""
    counties = ("张店区", "淄川区", "博山区", "临淄区", "周村区")
    fields = ("研发经费投入", "高新技术企业", "技术合同成交额", "发明专利授权量")
    names = [f"{counties[i % 5]}{fields[i // 5 % 4]}指标{i + 1}" for i in range(4_000)]
    catalog = PlanCatalog(3, "大", tuple(CatalogIndicator(k, n, "%") for k, n in enumerate(names, 1)), ())
    for position in range(0, len(names), 97):
        indicator = catalog.indicators[position]
        assert match_indicator(f"{names[position]}（%）", catalog) == (indicator, 1.0, indicator)
    rng = random.Random(3)
    sample = rng.sample(names, 6)
    texts = [t for name in sample for t in (name[:-1], name[1:], f"{name}省", f"数据来源：{name[:3]}统计局第12号")]
    texts += ["指标名称", "说明", "张店区研发经费投入指标"]
    for text in texts:
        expected = every_indicator(text, catalog)
        assert accept_indicator(text, dataclasses.replace(catalog)) == expected[0], text
        assert match_indicator(text, catalog) == expected, text


def test_ties_and_the_best_guess_keep_plan_order() -> None:
    catalog = PlanCatalog(4, "同名", (CatalogIndicator(7, "高新技术企业", "家"), CatalogIndicator(3, "高新技术企业数", "家")), ())
    assert match_indicator("高新技术企业（家）", catalog) == (None, 1.0, catalog.indicators[0])
    assert accept_indicator("高新技术企业", catalog) is None
    empty = PlanCatalog(5, "空", (), ())
    assert match_indicator("高新技术企业", empty) == (None, 0.0, None)
    assert normalise_name("高新技术企业总数") == "高新技术企业"


@pytest.mark.parametrize("lazy_characters", [10**9, 8])
def test_postings_worked_out_per_character_answer_as_the_whole_index(
    monkeypatch: pytest.MonkeyPatch, lazy_characters: int
) -> None:
    """The index finds the keys having a character only for the characters names ask about
    (and all of them at once past a few dozen): the answers are those of the index built whole."""
    monkeypatch.setattr(matching, "_LAZY_CHARACTERS", lazy_characters)
    rng = random.Random(5)
    alphabet = "张店区淄川博山临周村桓台高青沂源新经开研发费投入技术企业科型中小合同成交额明专利授权量省级创平孵化器面积规上工产值才引进果转项目金融贷款增长率占比"
    names = ["".join(rng.choice(alphabet) for _ in range(rng.randint(4, 14))) for _ in range(600)]
    indicators = [CatalogIndicator(i + 1, name, "%") for i, name in enumerate(names)]
    queries = (
        ["".join(rng.choice(alphabet) for _ in range(rng.randint(2, 16))) for _ in range(60)]
        + [name[:-1] for name in names[:40]]
        + [name + "数" for name in names[40:80]]
        + ["张店区" + name[2:] for name in names[80:120]]
    )
    per_character, whole = matching._NameIndex(indicators), matching._NameIndex(indicators)
    whole._build_all_postings()
    for query in queries:
        key = normalise_name(query)
        for threshold in (0.7, 0.8):
            assert per_character._match(key, threshold) == whole._match(key, threshold), query
            assert per_character._accept(key, threshold) == whole._accept(key, threshold), query
    assert per_character._all_postings is (lazy_characters == 8)

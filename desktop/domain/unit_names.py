"""Matching responsible-unit names (责任单位) as written to the units the plan knows.

The same department is written 市发改委, 市发展改革委 or 市发展和改革委员会, with stray
spaces from PDF line breaks and full-width brackets from WPS. ``UnitDirectory`` resolves
a written name to one canonical unit by exact name, then exact alias, then a normalised
form — and otherwise says it does not know. It never guesses by similarity: linking a
value to the wrong department silently is worse than asking the clerk once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Literal

from desktop.domain._text import CLOSING_BRACKETS, OPENING_BRACKETS, bracket_partner, remove_whitespace, squash

ResolutionHow = Literal["exact", "alias", "normalised", "unknown"]

_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "【": "(", "】": ")", "[": "(", "]": ")"})
_OPENERS = OPENING_BRACKETS
_CLOSERS = CLOSING_BRACKETS
_SEPARATORS = "、，,;；"

_LABEL = re.compile(r"^(?:责任单位|责任部门|牵头单位|牵头部门|配合单位|配合部门)[:：]")

# Endings that make a list item a whole body, and the place endings each may be shared
# with: in 高新区、经济开发区管委会 the 管委会 belongs to both items.
_SHARED_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("人民政府", ("县", "市", "区", "镇", "乡", "旗")),
    ("政府", ("县", "市", "区", "镇", "乡", "旗")),
    ("管理委员会", ("区", "园")),
    ("管委会", ("区", "园")),
    ("工委", ("区", "园")),
    ("办事处", ("街道",)),
)


def normalise_unit_name(name: str) -> str:
    """The key used to match unit names; never shown to the user.

    Removes all whitespace, folds full-width letters, digits and brackets to half-width,
    unifies （）() 〔〕【】[] to (), ignores letter case, reads 人民政府 as 政府, and drops
    one leading 市 so 市科技局 and 科技局 match. (市市场监管局 drops one 市; 市场监管局
    keeps its 市, because there 市 begins the word 市场.)
    """
    key = squash(name).translate(_BRACKETS).casefold()
    key = key.replace("人民政府", "政府")
    if key.startswith("市") and not (key.startswith("市场") and not key.startswith("市市场")):
        key = key[1:]
    return key


@dataclass(frozen=True)
class UnitEntry:
    """A unit as listed in units.json: its canonical name, kind and other names."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # JSON gives lists; keep the entry hashable and immutable whatever it was given.
        object.__setattr__(self, "aliases", tuple(self.aliases))


@dataclass(frozen=True)
class Resolution:
    """What a written name resolved to; ``name`` is the canonical name or None if unknown."""

    written: str
    name: str | None
    how: ResolutionHow


class UnitDirectory:
    """The known units, with lookups by name, alias and normalised form."""

    def __init__(self, entries: Iterable[UnitEntry]) -> None:
        """Index the entries; raise ValueError if any name could mean two units.

        Checked up front because an ambiguous directory would make imports depend on
        the order of units.json.
        """
        self._entries: dict[str, UnitEntry] = {}
        self._exact: dict[str, tuple[str, ResolutionHow]] = {}
        self._normalised: dict[str, str] = {}
        for entry in entries:
            if not entry.name.strip():
                raise ValueError("单位名称不能为空")
            if entry.name in self._entries:
                raise ValueError(f"单位“{entry.name}”重复出现")
            self._entries[entry.name] = entry
            self._claim_exact(entry.name, entry.name, "exact")
            for alias in entry.aliases:
                if alias != entry.name:
                    self._claim_exact(alias, entry.name, "alias")
            for written in (entry.name, *entry.aliases):
                self._claim_normalised(written, entry.name)

    def _claim_exact(self, written: str, owner: str, how: ResolutionHow) -> None:
        if not written.strip():
            raise ValueError(f"单位“{owner}”有空的别名")
        previous = self._exact.get(written)
        if previous is not None and previous[0] != owner:
            raise ValueError(f"名称“{written}”同时属于“{previous[0]}”和“{owner}”")
        if previous is None:
            self._exact[written] = (owner, how)

    def _claim_normalised(self, written: str, owner: str) -> None:
        key = normalise_unit_name(written)
        if not key:
            return  # a name such as "市" has no distinctive part; it still matches exactly
        previous = self._normalised.get(key)
        if previous is not None and previous != owner:
            raise ValueError(f"名称“{written}”规范化后与“{previous}”的名称无法区分，请修改其中一个")
        self._normalised[key] = owner

    @property
    def entries(self) -> tuple[UnitEntry, ...]:
        """All entries in the order given."""
        return tuple(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, name: str) -> UnitEntry:
        """The entry with this canonical name; KeyError if there is none."""
        return self._entries[name]

    def resolve(self, written: str) -> Resolution:
        """Find the unit meant by ``written``: exact name, exact alias, normalised form, else unknown."""
        found = self._exact.get(written)
        if found is not None:
            return Resolution(written, found[0], found[1])
        key = normalise_unit_name(written)
        owner = self._normalised.get(key) if key else None
        if owner is not None:
            return Resolution(written, owner, "normalised")
        return Resolution(written, None, "unknown")

    def split_unit_list(self, text: str) -> list[str]:
        """Split a 责任单位 cell into names, using this directory to decide shared suffixes.

        See the module function ``split_unit_list``; here an item is left bare when the
        bare name is a known unit and the suffixed one is not.
        """
        return split_unit_list(text, is_known=lambda name: self.resolve(name).name is not None)


def split_unit_list(text: str, is_known: Callable[[str], bool] | None = None) -> list[str]:
    """Split ``市科技局、市财政局，市统计局`` into names, lead unit first.

    * Splits on 、，,;； but never inside brackets (各县（市、区）政府 stays whole).
    * Removes whitespace (PDF line breaks split names: 市 教育局), a leading label such
      as 责任单位： and brackets around the whole list, and unmatched closing brackets;
      otherwise names stay as written (full-width brackets are kept).
    * Distributes a shared suffix: 高新区、经济开发区管委会 → 高新区管委会, 经济开发区管委会,
      when the bare items end in a matching place word (区/园 for 管委会, 县/市/区… for
      政府). With ``is_known``, an item stays bare if it is known and the suffixed form is not.
    * Drops empty items and repeats, keeping the first occurrence.
    """
    items = _split_top_level(_strip_wrapping(remove_whitespace(text)))
    items = _distribute_suffixes(items, is_known)
    unique: list[str] = []
    for item in items:
        if item and item not in unique:
            unique.append(item)
    return unique


def _strip_wrapping(text: str) -> str:
    """Remove brackets around the whole list and a leading 责任单位： label, repeatedly."""
    while True:
        if len(text) >= 2 and text[0] in _OPENERS and bracket_partner(text, 0) == len(text) - 1:
            text = text[1:-1]
            continue
        label = _LABEL.match(text)
        if label is not None:
            text = text[label.end() :]
            continue
        return text




def _split_top_level(text: str) -> list[str]:
    """Split on separators outside brackets; if a bracket never closes, ignore brackets."""
    items: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            if depth == 0:
                continue  # a stray closer left over from a wrapped cell: drop it
            depth -= 1
        elif char in _SEPARATORS and depth == 0:
            items.append("".join(current))
            current = []
            continue
        current.append(char)
    items.append("".join(current))
    if depth > 0:
        items = re.split(f"[{_SEPARATORS}]", text)
    return [item for item in items if item]


def _distribute_suffixes(items: list[str], is_known: Callable[[str], bool] | None) -> list[str]:
    """Walk right to left, carrying a body suffix onto the bare place names before it."""
    result = list(items)
    carried: tuple[str, tuple[str, ...]] | None = None
    for index in range(len(result) - 1, -1, -1):
        item = result[index]
        own = _own_suffix(item)
        if own is not None:
            carried = own
            continue
        if carried is None or len(item) < 2 or not item.endswith(carried[1]):
            carried = None
            continue
        candidate = item + carried[0]
        if is_known is not None and is_known(item) and not is_known(candidate):
            carried = None
            continue
        result[index] = candidate
    return result


def _own_suffix(item: str) -> tuple[str, tuple[str, ...]] | None:
    for suffix, places in _SHARED_SUFFIXES:
        if item.endswith(suffix) and len(item) > len(suffix):
            return suffix, places
    return None

"""Who sent a file, when the file itself does not say: from its name.

Departments name files like '市科技局2024年指标.xlsx' or '2024年报表（市发改委）.xls'. The
longest unit name or alias found in the file name wins; a file name that names two
different units says nothing (never guess between them).
"""

from __future__ import annotations

from desktop.domain.unit_names import UnitDirectory, normalise_unit_name

MIN_NAME_LENGTH = 3  # '办公室' is the shortest unit name worth finding in a file name


def unit_from_file_name(file_name: str, directory: UnitDirectory) -> str | None:
    stem = file_name.rsplit(".", 1)[0]
    text = normalise_unit_name(stem)
    found: dict[str, int] = {}
    for entry in directory.entries:
        for written in (entry.name, *entry.aliases):
            key = normalise_unit_name(written)
            if len(key) >= MIN_NAME_LENGTH - 1 and key in text:
                found[entry.name] = max(found.get(entry.name, 0), len(key))
    if not found:
        return None
    best = max(found.values())
    winners = [name for name, length in found.items() if length == best]
    if len(winners) != 1:
        return None
    # a shorter name of another unit inside the winner's ('科技局' in '市科技局') is the same find;
    # a different unit elsewhere in the name is a real ambiguity
    others = [n for n in found if n != winners[0] and not _inside(n, winners[0], directory, text)]
    return winners[0] if not others else None


def _inside(other: str, winner: str, directory: UnitDirectory, text: str) -> bool:
    """Whether every occurrence of ``other``'s names lies inside an occurrence of the winner's."""
    winner_keys = [normalise_unit_name(w) for w in (winner, *directory.entry(winner).aliases)]
    spans = []
    for key in winner_keys:
        start = text.find(key)
        while start != -1:
            spans.append((start, start + len(key)))
            start = text.find(key, start + 1)
    entry = directory.entry(other)
    for written in (entry.name, *entry.aliases):
        key = normalise_unit_name(written)
        start = text.find(key)
        while start != -1:
            if not any(a <= start and start + len(key) <= b for a, b in spans):
                return False
            start = text.find(key, start + 1)
    return True

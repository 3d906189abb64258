"""Pinyin of names: the accounts index's filter finds 华东精密 by "huadong" or "hdjm", and tables list names
in the order a Chinese reader looks for them (李明, 王磊, 张伟: by pinyin, not by code point, 张 王 李).

Computed at build time (the browser has no dictionary) into each row's data-pinyin attribute:
the full syllables run together, then their initials.  Only a bounded prefix of a name is read,
so a hostile 5,000-character name costs no more than a long real one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

LIMIT = 80  # characters of a name read for its pinyin: real names are shorter


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin  # imported on first use: the dictionary takes a moment to load

    return tuple(w.lower() for w in lazy_pinyin(text) if w.strip())


def pinyin(*texts: str | None) -> str:
    """'华东精密' -> 'huadongjingmi hdjm'; text without Chinese adds nothing; several texts joined by a space."""
    out = []
    for text in texts:
        if not text or not any("\u3400" <= ch <= "\u9fff" for ch in text[:LIMIT]):
            continue
        words = [w for w in _words(text[:LIMIT]) if w.isascii() and w.isalpha()]
        if words:
            out += ["".join(words), "".join(w[0] for w in words)]
    return " ".join(out)


_SYLLABLE = re.compile(r"([a-zü]+)([1-5])")


def _each(chars: str) -> Any:
    """pypinyin's `errors`: characters without pinyin, one item each (its stubs say str; a list is documented)."""
    return list(chars)


@lru_cache(maxsize=1 << 16)
def _order(text: str) -> tuple:
    from pypinyin import Style
    from pypinyin import pinyin as syllables

    key = []
    # a syllable with its tone for each Han character (the words of a name read as a phrase: 重庆 chong qing),
    # any other character by itself
    for (item,) in syllables(text, style=Style.TONE3, neutral_tone_with_five=True, errors=_each):
        m = _SYLLABLE.fullmatch(item)
        key.append((1, m.group(1), int(m.group(2))) if m else (0, item.casefold(), 0))
    return tuple(key)


def name_order(text: str | None) -> tuple:
    """Where a name goes in Chinese order: by the pinyin of its characters (syllable, then tone), letters and
    digits before Chinese; ties by the name's characters.  None and "" last."""
    if not text:
        return (1, (), "")
    return (0, _order(text[:LIMIT]), text)


def name_key(lang: str) -> Callable[[str | None], tuple]:
    """The order of names in a table: by pinyin on the Chinese site; on the English site as before (by the
    characters), the names staying as written."""
    if lang == "zh":
        return name_order
    return lambda text: (not text, text or "")

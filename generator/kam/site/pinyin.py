"""Pinyin of the names in the accounts index, so its filter finds 华东精密 by "huadong" or "hdjm".

Computed at build time (the browser has no dictionary) into each row's data-pinyin attribute:
the full syllables run together, then their initials.  Only a bounded prefix of a name is read,
so a hostile 5,000-character name costs no more than a long real one.
"""

from __future__ import annotations

from functools import lru_cache

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

"""Labels of enumerated values and the words of the summaries, from the one catalogue (words.yaml).

Enumerations are English snake_case in YAML; what a person reads is looked up in kam.words.
``ENUMS`` gives the allowed values (in their meaningful order) of every enumerated field.
"""

from __future__ import annotations

from kam import words

# name -> value -> (zh, en).  Dict order is the display order.
ENUMS: dict[str, dict[str, tuple[str, str]]] = words.enums()
LANGUAGES = words.LANGUAGES


def label(enum: str, value: str, lang: str = "zh") -> str:
    """The person-readable label of an enumerated value (the value itself if unknown)."""
    pair = ENUMS.get(enum, {}).get(value)
    if pair is None:
        return value
    return words.pick(pair, lang)


def values(enum: str) -> tuple[str, ...]:
    return tuple(ENUMS[enum])


term = words.text  # term(key, lang, **params): a word of the catalogue's text section

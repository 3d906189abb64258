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


def accountability_reason(reason: dict, lang: str = "zh") -> str:
    """Why a key account is on the accountability list, in words (kam.metrics.team.accountability)."""
    code = reason.get("code")
    if code == "competitor_no_opportunity":
        sep = "、" if lang == "zh" else ", "
        return term("acc_competitor", lang, competitors=sep.join(reason.get("competitors", [])))
    if code == "no_activity":
        if reason.get("days") is None:  # no activity recorded at all
            return term("acc_never_active", lang, limit=reason.get("limit"))
        return term("acc_no_activity", lang, days=reason.get("days"), limit=reason.get("limit"))
    return str(code)

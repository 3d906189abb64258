"""Messages rendered from the catalogue (kam/words.yaml, section `messages`), in the reader's language.

Each message says what is wrong and what would be right.  Parameters named ``got``, ``where`` and
``what`` are words of the `kinds` vocabulary (or record kinds) and are translated too; every value
from a file is quoted by ``shown`` so it stays on one line and cannot reorder the text.
"""

from __future__ import annotations

import re

from kam import words


def _word(value, lang: str, kind_first: bool) -> str:
    """A vocabulary word: `where` names a record kind, `what`/`got` a thing referred to."""
    from kam.book.fields import KINDS

    k = KINDS.get(value)
    w = words.kind(value)
    if k is not None and (kind_first or w is None):
        return k.en if lang == "en" else k.zh
    if w is not None:
        return words.pick(w, lang)
    return str(value)


# the clauses that show the value a rule rejects, or what it got instead (words.yaml messages)
VALUE_CLAUSES = ("clause-value", "clause-got")


def rule(code: str, params: dict, lang: str = "en") -> str:
    """A message without the value it rejects: what an editor shows under the value itself.

    Messages ending with the value clause (", not `{value}`") lose it: the same words as
    `kam validate`; the others have an ``editor-`` form in the catalogue.
    """
    template = words.pick(words.message(code), lang)
    for clause in VALUE_CLAUSES:
        c = words.pick(words.message(clause), lang)
        if template.endswith(c):
            return template[: -len(c)].format(**params)
    raise KeyError(f"{code} has no form without the value: add an editor-{code} message")


def render(code: str, params: dict, lang: str = "en") -> str:
    template = words.pick(words.message(code), lang)
    p = dict(params)
    for key in ("n", "errors"):
        if key in p:
            p.setdefault("s", "" if p[key] == 1 else "s")
    if "files" in p:
        p["fs"] = "" if p["files"] == 1 else "s"
    for key in ("got", "where", "what"):
        if key in p:
            p[key] = _word(p[key], lang, kind_first=key == "where")
    if lang == "en" and "where" in params:
        p["where"] = p["where"][:1].lower() + p["where"][1:] if p["where"] else p["where"]
    for key, value in p.items():
        if isinstance(value, str):
            p[key] = shown(value)
    return template.format(**p)


_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def shown(value: str) -> str:
    """A value from a file as a message quotes it: one line, no control or direction characters (they
    would break the `file:line:col:` form, move the cursor or reorder the text in a terminal or a CI
    annotation); they appear as escapes (\\n, \\u202e)."""
    return _UNSHOWN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), value)

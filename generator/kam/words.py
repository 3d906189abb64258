"""The one catalogue of words (words.yaml): every text a person reads, Chinese first, then English.

One file, one order, one lookup.  ``text(key, lang, **params)`` is a site, summary or export word;
``message(code)``, ``enums()``, ``kind(value)``, ``record_label(kind)`` and
``field_label(kind, name)`` give the other sections as (zh, en) pairs.  A value written ``=section.key`` says the same words as that entry, so each text is
written once.  (gettext with Babel is the route if more languages come; two languages held side by
side keep a translation and its original in one line, reviewable in one pull request.)
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml

LANGUAGES = ("zh", "en")
Pair = tuple[str, str]
NESTED = ("enums", "fields")  # sections one level deeper: enum or record kind -> key -> pair


@cache
def catalogue() -> dict[str, dict]:
    """words.yaml, read once, aliases resolved: section -> key -> (zh, en) (enums, fields one level deeper)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(files("kam").joinpath("words.yaml").read_text(encoding="utf-8"), Loader=loader)

    def resolve(value, seen=()) -> Pair:
        if isinstance(value, str) and value.startswith("="):
            path = value[1:]
            if path in seen:
                raise ValueError(f"words.yaml: alias loop at {path}")
            section, key = path.split(".", 1)  # a key may hold dots (metrics_paths); enums, fields nest once
            node = raw[section]
            if section in NESTED:
                group, key = key.split(".", 1)
                node = node[group]
            return resolve(node[key], (*seen, path))
        zh, en = value
        return (zh, en)

    out: dict[str, dict] = {}
    for section, entries in raw.items():
        if section in NESTED:
            out[section] = {e: {k: resolve(v) for k, v in vals.items()} for e, vals in entries.items()}
        else:
            out[section] = {k: resolve(v) for k, v in entries.items()}
    return out


def pick(pair: Pair, lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def has_text(key: str) -> bool:
    return key in catalogue()["text"]


def text_pair(key: str) -> Pair:
    return catalogue()["text"][key]


def text(key: str, lang: str = "zh", /, **params) -> str:
    """A word of the site, the summaries, the export or the importer's report."""
    s = pick(catalogue()["text"][key], lang)
    if "{s}" in s and "n" in params:
        params = {**params, "s": plural_s(params["n"])}
    return s.format(**params) if params else s


def example_person(key: str, lang: str) -> tuple[str, str]:
    """An example person of the catalogue, written `id:name` (example_rep, example_contact): (id, name)."""
    pid, _, name = pick(text_pair(key), lang).partition(":")
    return pid, name


def plural_s(n) -> str:
    """The {s} of English words counted by {n} ("1 day", "2 days"); n may be already formatted ("1")."""
    return "" if n == 1 or n == "1" else "s"


def message(code: str) -> Pair:
    return catalogue()["messages"][code]


def has_message(code: str) -> bool:
    return code in catalogue()["messages"]


def kind(value: str) -> Pair | None:
    return catalogue()["kinds"].get(value)


def enums() -> dict[str, dict[str, Pair]]:
    return catalogue()["enums"]


def record_label(kind: str) -> Pair:
    """The (zh, en) name of a record kind of the field catalogue (an account, a contact...)."""
    return catalogue()["records"][kind]


def field_label(kind: str, name: str) -> Pair:
    """The (zh, en) label of one field of the catalogue; a field made outside it (a rate) has none."""
    return catalogue()["fields"][kind][name] if kind else ("", "")

"""The one catalogue of words (kam/words.yaml): each text written once, every key the code uses there."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import yaml

from kam import words

KAM = Path(words.__file__).parent
RAW = yaml.safe_load((KAM / "words.yaml").read_text(encoding="utf-8"))


def _entries():
    """(path, value) of every entry as written: a [zh, en] pair or an "=alias"."""
    for section, entries in RAW.items():
        if section in ("enums", "fields"):
            for name, values in entries.items():
                for key, value in values.items():
                    yield f"{section}.{name}.{key}", value
        else:
            for key, value in entries.items():
                yield f"{section}.{key}", value


def test_every_entry_is_a_chinese_english_pair_or_an_alias():
    for path, value in _entries():
        if isinstance(value, str):
            assert value.startswith("="), path
        else:
            assert isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) and v for v in value), path
            zh, en = value
            bare = re.sub(r"\{[^}]*\}|`[^`]*`", "", zh)  # parameters and code are the same in both
            assert re.search(r"[\u4e00-\u9fff]", bare) or not re.search("[A-Za-z]{4,}", bare), (path, zh)


def test_no_text_is_written_twice():
    owners = defaultdict(list)
    for path, value in _entries():
        if not isinstance(value, str):
            owners[tuple(value)].append(path)
    twice = {pair: paths for pair, paths in owners.items() if len(paths) > 1}
    assert not twice, f"write it once and make the others `=section.key` aliases: {twice}"


def test_every_alias_points_at_an_entry():
    paths = {p for p, _ in _entries()}
    for path, value in _entries():
        if isinstance(value, str):
            assert value[1:] in paths, f"{path}: {value} points nowhere"
    words.catalogue.cache_clear()
    assert words.catalogue()["text"]  # resolves without a loop


def test_both_languages_take_the_same_parameters():
    for path, value in _entries():
        if not isinstance(value, str):
            zh, en = (v.replace("{{", "").replace("}}", "") for v in value)  # {{ }}: a literal brace
            assert set(re.findall(r"\{(\w+)", zh)) <= set(re.findall(r"\{(\w+)", en)) | {"s", "fs"}, path


# ------------------------------------------------------------------ keys the code uses
_SOURCES = [p for p in KAM.rglob("*") if p.suffix in (".py", ".html", ".md", ".j2") and p.is_file()]
_TEXT_CALL = re.compile(r"""(?<![\w.])(?:w|t|term|ui|text|self\.w|words\.text)\(\s*["']([a-z][a-z0-9_]*)["']\s*[,)]""")
_MESSAGE_CALL = re.compile(
    r"""(?:\b(?:say|render|_fail)\((?:\w+,\s*)?|\berr\(\w+,\s*|\b(?:error|warning)\((?:[^,()"]+,\s*){3})"""
    r"""["']([a-z][a-z0-9-]*)["']\s*[,)]"""
)


# a page template's word without parameters: {{ w.key }} (kam.site.i18n.Words.plain)
_TEMPLATE_WORD = re.compile(r"(?<![\w.])w\.([a-z][a-z0-9_]*)")


def _used(pattern: re.Pattern, suffixes=(".py", ".html", ".md", ".j2")) -> dict[str, str]:
    found = {}
    for path in _SOURCES:
        if path.suffix in suffixes:
            for m in pattern.finditer(path.read_text(encoding="utf-8")):
                found.setdefault(m.group(1), str(path.relative_to(KAM)))
    return found


def test_every_text_key_the_code_uses_is_in_the_catalogue():
    used = _used(_TEXT_CALL) | _used(_TEMPLATE_WORD, (".j2",))
    assert len(used) > 300  # the scan sees the site, the summaries and the export
    assert {"sec_segment", "f_tier", "filter_placeholder"} <= set(_used(_TEMPLATE_WORD, (".j2",)))
    missing = {k: where for k, where in used.items() if not words.has_text(k)}
    assert not missing


def test_every_message_code_the_code_uses_is_in_the_catalogue():
    used = {k: v for k, v in _used(_MESSAGE_CALL).items() if k not in words.LANGUAGES}
    assert len(used) > 80
    missing = {k: where for k, where in used.items() if not words.has_message(k)}
    assert not missing


def test_every_field_of_the_catalogue_has_its_label_and_no_label_is_left_over():
    """The field catalogue (book/fields.py, book/policy.py) holds types and limits; its words are here."""
    from kam.book import policy  # noqa: F401  (registers the settings and policy kinds)
    from kam.book.fields import KINDS

    assert set(RAW["records"]) == set(KINDS)
    assert set(RAW["fields"]) == set(KINDS)
    for name, kind in KINDS.items():
        assert set(RAW["fields"][name]) == set(kind.names), name
        assert kind.zh and kind.en and all(f.zh and f.en for f in kind.fields), name


def test_no_key_is_written_twice():
    """YAML keeps the last of two equal keys without a word: here that is an error."""
    node = yaml.compose((KAM / "words.yaml").read_text(encoding="utf-8"))
    twice = []

    def walk(n, path=""):
        if isinstance(n, yaml.MappingNode):
            seen = set()
            for k, v in n.value:
                if k.value in seen:
                    twice.append(f"{path}.{k.value} (line {k.start_mark.line + 1})")
                seen.add(k.value)
                walk(v, f"{path}.{k.value}")

    walk(node)
    assert not twice


def test_english_words_counted_by_n_agree_with_it():
    from kam import words
    from kam.site.i18n import Words

    assert [words.text("n_days", "en", n=k) for k in (1, 2, "1", "1.5")] == ["1 day", "2 days", "1 day", "1.5 days"]
    assert Words("en")("diff_files", n=1, parts="1 edited") == "1 account file changed: 1 edited."
    assert Words("zh")("n_days", n=1) == "1 天"
    # an English text counting {n} things names them with {s}, so one is not "1 days"
    plural = re.compile(r"\{n\} (?:[a-z]+ )?[a-z]+s\b")
    texts = words.catalogue()["text"]
    assert [k for k, (_, en) in texts.items() if plural.search(en) and not k.startswith("stalled_")] == []

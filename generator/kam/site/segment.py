"""Chinese word segmentation for the search index, each distinct text once per build.

Material's search plugin cuts every run of Chinese characters of every page with jieba
(``jieba.cut(run.encode())``).  A book repeats the same words thousands of times (labels, people,
products, section titles): of about 100,000 runs in a 1,000-account site fewer than 4,000 differ, so
cutting each once and reusing its words makes the same index in a small part of the time.

``install()`` hands the search plugin a jieba that remembers what it cut (everything else it asks of
jieba goes to jieba itself), and has the plugin segment each distinct text of the index once (a
section title is on every account page).  The memory is emptied at every build (a dictionary may
change).  It also hands the plugin a backrefs that compiles each pattern once: the plugin compiles its
pattern of Chinese characters again for every text it segments (a sixth of the segmentation's time).
"""

from __future__ import annotations

import sys

SEARCH_MODULE = "material.plugins.search.plugin"


class MemoJieba:
    """jieba, with ``cut(text)`` (no options) remembered for each distinct text."""

    def __init__(self, jieba):
        self.jieba = jieba
        self.words: dict[object, tuple[str, ...]] = {}
        self.texts: dict[str, str] = {}  # a text of the index -> segmented

    def cut(self, text, *args, **kwargs):
        if args or kwargs:
            return self.jieba.cut(text, *args, **kwargs)
        words = self.words.get(text)
        if words is None:
            words = self.words[text] = tuple(self.jieba.cut(text))
        return iter(words)

    def __getattr__(self, name):  # set_dictionary, load_userdict...: jieba's own
        return getattr(self.jieba, name)

    def clear(self) -> None:
        self.words.clear()
        self.texts.clear()


class CompiledOnce:
    """backrefs' ``bre``, with ``compile(pattern, flags)`` (no other options) made once and reused: a
    compiled pattern is immutable, so the same object serves every call."""

    def __init__(self, bre):
        self.bre = bre
        self.compiled: dict[tuple, object] = {}

    def compile(self, pattern, flags=0, *args, **kwargs):
        if args or kwargs:
            return self.bre.compile(pattern, flags, *args, **kwargs)
        key = (type(pattern), pattern, flags)
        found = self.compiled.get(key)
        if found is None:
            found = self.compiled[key] = self.bre.compile(pattern, flags)
        return found

    def __getattr__(self, name):  # UNICODE, sub, escape...: backrefs' own
        return getattr(self.bre, name)


def _remembered(segment):
    """SearchIndex._segment_chinese, each distinct text segmented once while a MemoJieba is installed."""

    def _segment_chinese(index, data):
        memo = sys.modules[SEARCH_MODULE].jieba
        if not isinstance(memo, MemoJieba):
            return segment(index, data)
        out = memo.texts.get(data)
        if out is None:
            out = memo.texts[data] = segment(index, data)
        return out

    _segment_chinese.kam_original = segment
    return _segment_chinese


def install() -> MemoJieba | None:
    """Give Material's search plugin (when it is loaded and has jieba) a remembering jieba, with an
    empty memory; None when there is nothing to do."""
    module = sys.modules.get(SEARCH_MODULE)
    jieba = getattr(module, "jieba", None)
    if jieba is None:
        return None
    assert module is not None  # it has jieba
    index = getattr(module, "SearchIndex", None)
    segment = getattr(index, "_segment_chinese", None)
    if index is not None and segment is not None and not hasattr(segment, "kam_original"):
        index._segment_chinese = _remembered(segment)
    bre = getattr(module, "bre", None)
    if bre is not None and not isinstance(bre, CompiledOnce):
        module.bre = CompiledOnce(bre)  # type: ignore[attr-defined]
    if isinstance(jieba, MemoJieba):
        jieba.clear()
        return jieba
    memo = MemoJieba(jieba)
    module.jieba = memo  # type: ignore[attr-defined]
    return memo

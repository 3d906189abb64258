"""Chinese word segmentation for the search index, each distinct text once per build.

Material's search plugin cuts every run of Chinese characters of every page with jieba
(``jieba.cut(run.encode())``).  A book repeats the same words thousands of times (labels, people,
products, section titles): of about 100,000 runs in a 1,000-account site fewer than 4,000 differ, so
cutting each once and reusing its words makes the same index in a small part of the time.

``install()`` hands the search plugin a jieba that remembers what it cut; everything else it asks
of jieba goes to jieba itself.  The memory is emptied at every build (a dictionary may change).
"""

from __future__ import annotations

import sys

SEARCH_MODULE = "material.plugins.search.plugin"


class MemoJieba:
    """jieba, with ``cut(text)`` (no options) remembered for each distinct text."""

    def __init__(self, jieba):
        self.jieba = jieba
        self.words: dict[object, tuple[str, ...]] = {}

    def cut(self, text, *args, **kwargs):
        if args or kwargs:
            return self.jieba.cut(text, *args, **kwargs)
        words = self.words.get(text)
        if words is None:
            words = self.words[text] = tuple(self.jieba.cut(text))
        return iter(words)

    def __getattr__(self, name):  # set_dictionary, load_userdict...: jieba's own
        return getattr(self.jieba, name)


def install() -> MemoJieba | None:
    """Give Material's search plugin (when it is loaded and has jieba) a remembering jieba, with an
    empty memory; None when there is nothing to do."""
    module = sys.modules.get(SEARCH_MODULE)
    jieba = getattr(module, "jieba", None)
    if jieba is None:
        return None
    if isinstance(jieba, MemoJieba):
        jieba.words.clear()
        return jieba
    assert module is not None  # it has jieba
    memo = MemoJieba(jieba)
    module.jieba = memo  # type: ignore[attr-defined]
    return memo

"""The search index cuts each distinct Chinese text once per build (kam.site.segment)."""

from __future__ import annotations

import collections
import json

import jieba
import pytest

from kam.site.segment import CompiledOnce, MemoJieba
from site_project import RICH, RICH_ID, RICH_NAME, build_in_process, make_project


class CountingJieba:
    def __init__(self):
        self.calls = collections.Counter()

    def cut(self, text, *args, **kwargs):
        self.calls[(text, args, tuple(kwargs.items()))] += 1
        return iter(text.decode() if isinstance(text, bytes) else text)

    def set_dictionary(self, path):
        return f"dictionary {path}"


def test_each_distinct_text_is_cut_once_and_cut_the_same():
    fake = CountingJieba()
    memo = MemoJieba(fake)
    first = "|".join(memo.cut("销售经理".encode()))
    assert "|".join(memo.cut("销售经理".encode())) == first == "销|售|经|理"
    assert fake.calls[("销售经理".encode(), (), ())] == 1
    list(memo.cut("销售", cut_all=True))  # with options: jieba's own, every time
    list(memo.cut("销售", cut_all=True))
    assert fake.calls[("销售", (), (("cut_all", True),))] == 2
    assert memo.set_dictionary("x") == "dictionary x"  # the rest is jieba's


def count_calls(monkeypatch, owner, name: str) -> collections.Counter:
    """The calls of owner.name from now on, by their first argument; the real function still answers them."""
    calls: collections.Counter = collections.Counter()
    real = getattr(owner, name)

    def counting(first, *args, **kwargs):
        calls[first] += 1
        return real(first, *args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


@pytest.fixture
def counted_cuts(monkeypatch):
    return count_calls(monkeypatch, jieba, "cut")


def test_a_build_cuts_each_text_once_and_indexes_what_jieba_makes_of_it(tmp_path, monkeypatch, counted_cuts):
    project = make_project(tmp_path)
    build_in_process(project, tmp_path / "site", monkeypatch)
    assert counted_cuts and max(counted_cuts.values()) == 1, counted_cuts.most_common(3)
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {d["title"] for d in index["docs"]}
    assert "\u200b".join(jieba.dt.cut(RICH_NAME.encode())) in titles  # the account page, as jieba cuts its name


def test_a_build_segments_each_text_of_the_index_once(tmp_path, monkeypatch):
    import material.plugins.search.plugin as search

    current = search.SearchIndex._segment_chinese
    original = getattr(current, "kam_original", current)
    texts = collections.Counter()

    def counting(index, data):
        texts[data] += 1
        return original(index, data)

    monkeypatch.setattr(search.SearchIndex, "_segment_chinese", counting)  # what kam.site.segment wraps
    third = RICH.replace(RICH_NAME, "第三客户").replace("INV-2026-", "INV-2028-")
    project = make_project(tmp_path, accounts={RICH_ID: RICH, "third": third})
    build_in_process(project, tmp_path / "site", monkeypatch)
    assert texts["采购决策链"] == 1 and max(texts.values()) == 1  # on both account pages, segmented once


def test_a_pattern_is_compiled_once_and_matches_as_backrefs_compiles_it():
    from backrefs import bre

    once = CompiledOnce(bre)
    han = once.compile(r"(\p{script: Han}+)", bre.UNICODE)
    assert once.compile(r"(\p{script: Han}+)", bre.UNICODE) is han
    assert once.compile(r"(\p{script: Han}+)") is not han  # other flags, another pattern
    text = "客户A的采购决策链 and 𠀀𪜀 (CJK extensions), ＡＢＣ"
    assert han.findall(text) == bre.compile(r"(\p{script: Han}+)", bre.UNICODE).findall(text)
    assert han.findall(text) == ["客户", "的采购决策链", "𠀀𪜀"]
    assert once.UNICODE == bre.UNICODE and once.escape("a.b") == bre.escape("a.b")  # the rest is backrefs'


def test_a_build_compiles_the_search_plugins_pattern_once_at_most(tmp_path, monkeypatch, counted_cuts):
    from backrefs import bre

    compiled = count_calls(monkeypatch, bre, "compile")
    project = make_project(tmp_path)
    build_in_process(project, tmp_path / "site", monkeypatch)
    assert counted_cuts  # Chinese text was segmented, for every section of every page
    assert sum(compiled.values()) <= 1, compiled  # not once per text: 0 when an earlier build compiled it


def test_needs_shared_by_accounts_are_cut_for_the_words_index_once(tmp_path, monkeypatch):
    words = count_calls(monkeypatch, jieba, "cut_for_search")
    third = RICH.replace(RICH_NAME, "第三客户").replace("INV-2026-", "INV-2028-")
    project = make_project(tmp_path, accounts={RICH_ID: RICH, "third": third})
    build_in_process(project, tmp_path / "site", monkeypatch)
    assert words["产线数字化"] == 1 and words["第三客户"] == 1, words  # the needs of both accounts: cut once
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    fine = [d["words"] for d in index["docs"] if "words" in d]
    assert len(fine) == 2 and all("数字化" in w.split() for w in fine), fine  # both pages still carry the words

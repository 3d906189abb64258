"""The Changes page and each account's change log, read from a real git history."""

from __future__ import annotations

import html
import re

import pytest

from gitbook import MKDOCS, GitBook, acct, opp
from site_project import build


def _build(root, out):
    res = build(root, site_dir=out)
    assert res.returncode == 0, res.stderr
    return out


def _text(path):
    t = path.read_text(encoding="utf-8")
    if "<article" in t:
        t = t[t.find("<article") : t.find("</article>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", t)))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("changes")
    repo = GitBook(tmp / "repo")
    repo.write({"docs/guide.md": "# Guide\n"})
    repo.commit(
        "add acme",
        "2026-08-03",
        {"accounts/acme.yaml": acct("Acme", opps=[opp("line", "proposal", 100000, "2026-12-15")])},
    )
    repo.commit(
        "acme: negotiation",
        "2026-09-10",
        {"accounts/acme.yaml": acct("Acme", opps=[opp("line", "negotiation", 120000, "2026-12-15")])},
        author="Li Ming",
    )
    sha = repo.git("rev-parse", "--short", "HEAD")
    # beta, in October: broken by one commit, fixed by the next (which also moves its deal on)
    beta = acct("Beta", opps=[opp("b", "proposal", 50000, "2026-12-20")])
    repo.commit("add beta", "2026-10-01", {"accounts/beta.yaml": beta})
    repo.commit("beta typo", "2026-10-05", {"accounts/beta.yaml": beta.replace("stage: proposal", "stage: proposl")})
    repo.commit("beta fixed", "2026-10-12", {"accounts/beta.yaml": beta.replace("proposal", "negotiation")})
    return _build(repo.root, tmp / "site"), sha


def test_changes_page_shows_movement_by_month(site):
    out, _ = site
    text = _text(out / "changes" / "index.html")
    assert "Pipeline movement by month" in text
    september = re.search(r"2026-09 (.*?) 2026-08 ", text)
    assert september is not None
    # forward one deal of 120K, its amount up 20K; weighted 120K x 70% - 100K x 50% = +34K
    assert september.group(1) == "1 · 120K 1 · 20K 34K"
    assert "Latest account changes" in text and "Li Ming" in text


def test_account_page_has_its_change_log(site):
    out, sha = site
    text = _text(out / "accounts" / "acme" / "index.html")
    assert "Change log" in text
    assert f"2026-09-10 · Li Ming · {sha} · acme: negotiation" in text
    assert "Zhang Wei" in text  # the first commit's author
    assert "negotiation" in text.lower()


def test_a_fix_is_told_against_the_last_version_that_validates(site):
    """The fix's own edits show (they were "not compared": the version before it did not validate)."""
    out, _ = site
    text = _text(out / "accounts" / "beta" / "index.html")
    added = re.search(r"2026-10-01 · Zhang Wei · (\w{7}) · add beta", text).group(1)
    assert (
        f"beta fixed Compared with {added} of 2026-10-01, the last version that validates (1 later version did not "
        "validate). B ( b ): stage forward Proposal → Negotiation 2026-10-05"
    ) in text


def _notes(out):
    """The Changes page's note in Chinese (the root) and English (under /en/)."""
    return _text(out / "changes" / "index.html"), _text(out / "en" / "changes" / "index.html")


def test_no_git_gives_a_note_not_a_crash(tmp_path):
    from site_project import make_project
    from test_languages import bilingual

    out = _build(bilingual(make_project(tmp_path)), tmp_path / "site")
    zh, en = _notes(out)
    assert "没有可用的 git 历史" in zh and "客户档案不在 git 仓库中" in zh
    assert "No git history available" in en and "The book is not in a git repository" in en


def test_a_history_that_starts_after_the_report_date_says_so_in_its_title(tmp_path):
    repo = GitBook(
        tmp_path / "repo", MKDOCS.replace("      language: en\n", "      language: zh\n      languages: [zh, en]\n")
    )
    repo.write({"docs/guide.md": "# Guide\n"})
    repo.commit("add acme", "2026-12-01", {"accounts/acme.yaml": acct("Acme")})  # after 2026-11-20
    zh, en = _notes(_build(repo.root, tmp_path / "site"))
    assert "截至 2026-11-20 没有变更" in zh and "截至报表日期 2026-11-20，仓库中还没有提交。" in zh
    assert "No changes on or before 2026-11-20" in en
    assert "The repository has no commits on or before the report date, 2026-11-20." in en
    assert "git 历史" not in zh and "No git history" not in en  # there is one: it starts later

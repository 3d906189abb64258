"""History from git: movement, forecast accuracy, time in stage, change logs; bad history never crashes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess

import pytest

from gitbook import GitBook, acct, opp
from kam.book.policy import load_settings
from kam.git.history import account_log, history

STAMP = {"GIT_AUTHOR_DATE": "2026-09-10T12:00:00+08:00", "GIT_COMMITTER_DATE": "2026-09-10T12:00:00+08:00"}


def acme(stage, amount=100000, close="2026-09-15"):
    return acct("Acme", opps=[opp("line", stage, amount, close)])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("history")
    r = GitBook(tmp_path)
    r.commit(
        "start",
        "2026-06-03",
        {
            "accounts/acme.yaml": acme("prospect"),
            "accounts/beta.yaml": acct("Beta", owner="rep-b", opps=[opp("x", "negotiation", 200000, "2026-08-20")]),
            "accounts/gone.yaml": acct("Gone", opps=[opp("g", "intent", 10000, "2026-12-01")]),
        },
    )
    r.commit("acme forward", "2026-07-06", {"accounts/acme.yaml": acme("proposal")})
    r.commit("broken", "2026-07-20", {"accounts/acme.yaml": acme("proposl")}, author="Li Ming")
    r.commit(
        "beta won",
        "2026-08-10",
        {"accounts/beta.yaml": acct("Beta", owner="rep-b", opps=[opp("x", "won", 200000, "2026-08-09")])},
    )
    # a branch merged with a merge commit: the push and the raise happen on it
    r.git("checkout", "-q", "-b", "feature")
    r.commit(
        "acme push", "2026-09-01", {"accounts/acme.yaml": acme("negotiation", 150000, "2026-10-15")}, author="Li Ming"
    )
    r.git("checkout", "-q", "main")
    r.commit(
        "format",
        "2026-09-05",
        {"accounts/beta.yaml": "# beta\n" + acct("Beta", owner="rep-b", opps=[opp("x", "won", 200000, "2026-08-09")])},
    )
    r.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature", env=STAMP)
    r.mv("accounts/gone.yaml", "accounts/east/gone.yaml")
    r.commit("move gone", "2026-09-20")
    r.commit("drop gone", "2026-10-02", {"accounts/east/gone.yaml": None})
    r.commit("acme won", "2026-10-20", {"accounts/acme.yaml": acme("won", 150000, "2026-10-18")})
    return r


@pytest.fixture
def repo(built, monkeypatch):
    monkeypatch.chdir(built.root)
    return built


def _history(**kw):
    settings, _ = load_settings("mkdocs.yml")
    return history(".", settings, **kw)


def _moves(period):
    return {k: (v["count"], v["amount"]) for k, v in period.items() if isinstance(v, dict) and v["count"]}


def test_monthly_movement(repo):
    h = _history(months=6, weeks=2)
    assert h["available"] is True
    months = {m["period"]: _moves(m) for m in h["months"]}
    assert months == {
        "2026-06": {"moved_in": (3, 310000.0)},
        "2026-07": {"forward": (1, 100000.0)},
        "2026-08": {"won": (1, 200000.0)},
        "2026-09": {"forward": (1, 150000.0), "pushed": (1, 150000.0), "amount_up": (1, 50000.0)},
        "2026-10": {"won": (1, 150000.0), "moved_out": (1, 10000.0)},
        "2026-11": {},
    }
    assert [w["period"] for w in h["weeks"]] == ["2026-W46", "2026-W47"]


def test_invalid_commit_is_reported_and_skipped(repo):
    h = _history(months=6)
    (bad,) = h["invalid"]
    assert (bad["subject"], bad["author"], bad["files"], bad["errors"]) == (
        "broken",
        "Li Ming",
        ["accounts/acme.yaml"],
        1,
    )
    assert "`stage` cannot be `proposl`" in bad["first_errors"][0]
    # the skipped version does not count: July shows one forward move, September starts from proposal
    assert h["time_in_stage"][2]["stage"] == "proposal"


def test_forecast_accuracy(repo):
    acc = {a["month"]: a for a in _history(months=6)["accuracy"]}
    assert "2026-06" not in acc  # no book at the start of June
    assert (acc["2026-08"]["forecast_weighted"], acc["2026-08"]["won"], acc["2026-08"]["ratio"]) == (
        140000.0,
        200000.0,
        1.429,
    )
    assert (acc["2026-09"]["forecast_weighted"], acc["2026-09"]["won"]) == (50000.0, 0.0)
    assert (acc["2026-10"]["forecast_weighted"], acc["2026-10"]["won"]) == (105000.0, 150000.0)


def test_time_in_stage(repo):
    stages = {s["stage"]: s for s in _history(months=6)["time_in_stage"]}
    # acme: prospect 06-03 -> proposal 07-06 (33 days) -> negotiation 09-10 (merge, 66 days) -> won 10-20 (40 days)
    assert stages["prospect"]["completed"] == 1 and stages["prospect"]["mean_days"] == 33
    assert stages["proposal"]["mean_days"] == 66
    assert stages["negotiation"]["completed"] == 2  # beta's deal (06-03 -> 08-10) and acme's
    assert stages["negotiation"]["median_days"] == (68 + 40) / 2


def test_account_log(repo):
    settings, _ = load_settings("mkdocs.yml")
    log = account_log(".", settings, "acme")
    assert list(log) == ["acme"]
    rows = [(e["date"], e["author"], e["subject"], e["lines"]) for e in log["acme"]]
    assert rows[0] == (
        "2026-10-20",
        "Zhang Wei",
        "acme won",
        ["Line (`line`): won (was Negotiation), 150,000 CNY; close date pushed out 2026-10-15 → 2026-10-18 (3 days)"],
    )
    assert rows[1][:3] == ("2026-09-01", "Li Ming", "acme push")  # the branch commit, by its author
    # the branch started from the broken version: its change is told against the last one that validates
    forward = repo.git("log", "-1", "--format=%h", "--grep=^acme forward$")
    assert rows[1][3] == [
        f"Compared with `{forward}` of 2026-07-06, the last version that validates (1 later version did not validate).",
        "Line (`line`): stage forward Proposal → Negotiation; amount raised 100,000 → 150,000 CNY (+50,000); "
        "close date pushed out 2026-09-15 → 2026-10-15 (30 days)",
    ]
    assert [r[2] for r in rows] == ["acme won", "acme push", "broken", "acme forward", "start"]
    broken = log["acme"][2]
    assert broken["invalid"][0]["errors"] == 1
    # as in the movement figures, the version that does not validate is no business change
    assert broken["lines"] == [
        "Not compared (left out of the figures): `accounts/acme.yaml` (the new version does not validate)."
    ]
    assert broken["formatting_only"] is False
    assert len(log["acme"][0]["commit"]) == 7


def test_a_fix_is_compared_with_the_last_version_that_validates(tmp_path, monkeypatch):
    """A broke acme, B fixed it and also moved the deal on and changed the owner: B's log said only "not compared
    (the base version does not validate)", since A's version could not be read; B's real edits were lost."""
    monkeypatch.chdir(tmp_path)
    r = GitBook(tmp_path)
    first = r.commit("start", "2026-06-03", {"accounts/acme.yaml": acme("proposal", close="2026-12-15")})
    r.commit("broken", "2026-07-20", {"accounts/acme.yaml": acme("proposl", close="2026-12-15")}, author="Li Ming")
    fixed = acct("Acme", owner="rep-b", opps=[opp("line", "negotiation", 150000, "2026-12-15")])
    r.commit("fix, and the deal moves on", "2026-08-10", {"accounts/acme.yaml": fixed})
    settings, _ = load_settings("mkdocs.yml")
    fix, broken, start = account_log(".", settings, "acme")["acme"]
    assert fix["lines"] == [
        f"Compared with `{first[:7]}` of 2026-06-03, the last version that validates (1 later version did not "
        "validate).",
        "Owner changes need the key-account team's approval (客户划转须备案): Zhang Wei (`rep-a`) → Li Ming (`rep-b`)",
        "Line (`line`): stage forward Proposal → Negotiation; amount raised 100,000 → 150,000 CNY (+50,000)",
    ]
    assert fix["compared_with"] == {"commit": first[:7], "sha": first, "date": "2026-06-03", "invalid_between": 1}
    assert broken["lines"] == [
        "Not compared (left out of the figures): `accounts/acme.yaml` (the new version does not validate)."
    ]
    assert "compared_with" not in broken and "compared_with" not in start
    zh = dataclasses.replace(settings, language="zh")
    assert account_log(".", zh, "acme")["acme"][0]["lines"][0] == (
        f"与此前最后一个通过校验的版本（2026-06-03 的 `{first[:7]}`）比较：其后的 1 个版本未通过校验。"
    )
    # the site's history (a window, one reader for every version) tells it the same way
    assert _history(months=6)["accounts"]["acme"][0]["lines"] == fix["lines"]


def test_the_walk_back_passes_several_broken_versions_and_a_move(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = GitBook(tmp_path)
    first = r.commit("start", "2026-06-03", {"accounts/acme.yaml": acme("proposal")})
    r.commit("broken", "2026-07-20", {"accounts/acme.yaml": acme("proposl")})
    r.mv("accounts/acme.yaml", "accounts/east/acme.yaml")
    r.commit("move, still broken", "2026-07-21")
    r.commit("fixed", "2026-08-10", {"accounts/east/acme.yaml": acme("negotiation")})
    settings, _ = load_settings("mkdocs.yml")
    fix = account_log(".", settings, "acme")["acme"][0]
    assert fix["lines"] == [
        f"Compared with `{first[:7]}` of 2026-06-03, the last version that validates (2 later versions did not "
        "validate).",
        "Line (`line`): stage forward Proposal → Negotiation",
    ]


def test_a_file_added_broken_then_fixed_has_no_valid_version_to_compare_with(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = GitBook(tmp_path)
    r.commit("broken", "2026-07-20", {"accounts/acme.yaml": acme("proposl")})
    r.commit("one more try", "2026-07-21", {"accounts/acme.yaml": acme("proposl", 5)})
    r.commit("fixed", "2026-08-10", {"accounts/acme.yaml": acme("proposal")})
    settings, _ = load_settings("mkdocs.yml")
    fix = account_log(".", settings, "acme")["acme"][0]
    assert fix["lines"] == [
        "Not compared (left out of the figures): `accounts/acme.yaml` (the base version does not validate)."
    ]


def test_change_log_of_moves_and_formatting(repo):
    h = _history(months=6)
    beta = {e["subject"]: e for e in h["accounts"]["beta"]}
    assert beta["format"]["formatting_only"] is True
    gone = {e["subject"]: e["kind"] for e in h["accounts"]["gone"]}
    assert gone == {"drop gone": "removed", "move gone": "moved", "start": "added"}


def test_shallow_clone_gives_a_note(repo, tmp_path, monkeypatch):
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True, capture_output=True
    )
    monkeypatch.chdir(clone)
    h = _history()
    assert h == {"available": False, "note_code": "hist_shallow", "note": h["note"]}
    assert "fetch-depth: 0" in h["note"]


def test_no_git_and_no_commits(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    assert _history()["note_code"] == "hist_no_git"
    GitBook(tmp_path)
    assert _history()["note_code"] == "hist_no_commits"


def test_versions_of_one_account_share_their_invoices(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = GitBook(tmp_path)
    rec = "receivables:\n  - {invoice: INV-1, amount: %d, issued: 2026-09-01, due: 2026-10-01}\n"
    r.commit("one", "2026-09-02", {"accounts/acme.yaml": acct("Acme", extra=rec % 5000)})
    r.commit("two", "2026-09-03", {"accounts/acme.yaml": acct("Acme", extra=rec % 6000)})
    r.commit("dup", "2026-09-04", {"accounts/beta.yaml": acct("Beta", extra=rec % 1)})
    h = _history(months=3)
    assert [(x["subject"], x["files"]) for x in h["invalid"]] == [("dup", ["accounts/beta.yaml"])]


def test_a_history_as_of_a_date_ends_at_the_last_commit_made_by_then(repo):
    settings, _ = load_settings("mkdocs.yml")
    h = history(".", dataclasses.replace(settings, as_of=dt.date(2026, 8, 15)), months=6)
    beta_won = repo.git("log", "-1", "--format=%H", "--grep=^beta won$")
    assert (h["head"], h["commits"]) == (beta_won[:7], 4)  # start, acme forward, broken, beta won
    assert {aid: [e["subject"] for e in log] for aid, log in h["accounts"].items()} == {
        "acme": ["broken", "acme forward", "start"],
        "beta": ["beta won", "start"],
        "gone": ["start"],
    }
    # a commit on the report date counts; one committed the next day does not, whatever its author date
    repo.git("checkout", "-q", "-b", "late")
    try:
        repo.commit("amend", "2026-10-19T12:00:00+08:00", {"accounts/beta.yaml": acct("Beta", owner="rep-b")})
        repo.git("commit", "-q", "--amend", "-m", "rebased", env={"GIT_COMMITTER_DATE": "2026-11-21T12:00:00+08:00"})
        on_day = history(".", dataclasses.replace(settings, as_of=dt.date(2026, 10, 20)), months=6)
        assert [e["subject"] for e in on_day["accounts"]["acme"]][0] == "acme won"
        assert "rebased" not in [e["subject"] for e in on_day["accounts"]["beta"]]
        assert [e["subject"] for e in _history(months=6)["accounts"]["beta"]][0] == "format"
        later = history(".", dataclasses.replace(settings, as_of=dt.date(2026, 11, 21)), months=6)
        assert [e["subject"] for e in later["accounts"]["beta"]][0] == "rebased"
    finally:
        repo.git("checkout", "-q", "main")


def test_a_history_as_of_a_date_before_the_first_commit_says_so(repo):
    settings, _ = load_settings("mkdocs.yml")
    h = history(".", dataclasses.replace(settings, as_of=dt.date(2026, 6, 2)))
    assert h == {
        "available": False,
        "note_code": "hist_no_commits_by",
        "note": "The repository has no commits on or before the report date, 2026-06-02.",
        "note_values": {"date": "2026-06-02"},
    }

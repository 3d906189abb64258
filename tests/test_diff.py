"""`kam diff`: the business meaning of a change between two versions of the book in git."""

from __future__ import annotations

import pytest

from gitbook import GitBook, acct, opp
from kam.book.policy import load_settings
from kam.git import diff as diffmod
from kam.git.diff import diff_revisions
from kam.git.gitstore import Repo

RECEIVABLE = "receivables:\n  - {invoice: INV-1, amount: 5000, issued: 2026-09-01, due: 2026-10-01}\n"


def acme(stage="proposal", amount=100000, close="2026-12-15", owner="rep-a", more=()):
    return acct("Acme", owner=owner, opps=[opp("line", stage, amount, close), *more])


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = GitBook(tmp_path)
    r.commit(
        "start",
        "2026-10-01",
        {
            "accounts/acme.yaml": acme(more=[opp("svc", "intent", 50000, "2027-01-10")]),
            "accounts/beta.yaml": acct("Beta", owner="rep-b", opps=[opp("x", "negotiation", 200000, "2026-12-01")]),
            "accounts/fmt.yaml": acct("Fmt"),
        },
    )
    return r


def test_report_of_a_branch_against_main(repo, kam):
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(
        {
            "accounts/acme.yaml": acme(
                "negotiation",
                120000,
                "2027-01-15",
                owner="rep-b",
                more=[opp("svc", "won", 50000, "2026-11-10"), opp("new", "prospect", 10000, "2027-03-01")],
            ),
            "accounts/fmt.yaml": "# a comment\n" + acct("Fmt"),
            "accounts/beta.yaml": None,
            "accounts/east/beta.yaml": acct("Beta", owner="rep-b", opps=[opp("x", "lost", 200000, "2026-12-01")]),
            "accounts/gamma.yaml": acct("Gamma", owner="rep-c", extra=RECEIVABLE),
        }
    )
    code, out = kam("diff")
    assert code == 0
    base = repo.git("rev-parse", "--short=7", "main")
    assert (
        out
        == f"""\
### Changes to the book: `main` ({base}) → working tree

4 account files changed: 1 added, 1 moved, 2 edited.

**Owner changes need the key-account team's approval (客户划转须备案):**
- Acme (`acme`): Zhang Wei (`rep-a`) → Li Ming (`rep-b`)

#### Effect on the weighted forecast (CNY)

Weighted pipeline of the changed accounts: 205,000 → 85,000 (-120,000)

| Close month | Before | After | Change |
|---|---:|---:|---:|
| 2026-12 | 190,000 | 0 | -190,000 |
| 2027-01 | 15,000 | 84,000 | +69,000 |
| 2027-03 | 0 | 1,000 | +1,000 |

| Rep | Before | After | Change |
|---|---:|---:|---:|
| Zhang Wei (`rep-a`) | 65,000 | 0 | -65,000 |
| Li Ming (`rep-b`) | 140,000 | 85,000 | -55,000 |

| Tier | Before | After | Change |
|---|---:|---:|---:|
| Mass-market account | 205,000 | 85,000 | -120,000 |

#### Accounts

- moved Beta (`beta`): `accounts/beta.yaml` → `accounts/east/beta.yaml`
- added Gamma (`gamma`) (`accounts/gamma.yaml`): owner Wang Fang (`rep-c`), Mass-market account

#### Opportunities

- Acme (`acme`) / Line (`line`): stage forward Proposal → Negotiation; amount raised 100,000 → 120,000 CNY (+20,000); close date pushed out 2026-12-15 → 2027-01-15 (31 days)
- Acme (`acme`) / Svc (`svc`): won (was Intent), 50,000 CNY; close date pulled in 2027-01-10 → 2026-11-10 (61 days)
- Acme (`acme`) / New (`new`): created: Prospect, 10,000 CNY, closing 2027-03-01
- Beta (`beta`) / X (`x`): lost (was Negotiation), 200,000 CNY

#### Receivables newly overdue

- Gamma (`gamma`): invoice `INV-1`, 5,000 CNY, due 2026-10-01, 50 days overdue

#### Other edits

- Beta (`beta`): Opportunity: 1 changed, lost_reason

#### Formatting or comments only

- `accounts/fmt.yaml`
"""
    )


def test_formatting_only_change_says_so(repo, kam):
    base = repo.git("rev-parse", "--short=7", "HEAD")
    text = acct("Fmt").replace("potential: 1000000", "potential:   1000000   # same value")
    head = repo.commit("reformat", "2026-10-02", {"accounts/fmt.yaml": "# reviewed\n" + text})
    code, out = kam("diff", "HEAD~1", "HEAD")
    assert code == 0
    assert out == (
        f"### Changes to the book: `HEAD~1` ({base}) → `HEAD` ({head[:7]})\n\n"
        "1 account file changed: 1 edited.\n\n"
        "Only formatting or comments changed: no business change.\n\n"
        "#### Formatting or comments only\n\n"
        "- `accounts/fmt.yaml`\n"
    )


def test_no_change(repo, kam):
    code, out = kam("diff", "HEAD", "HEAD")
    assert code == 0
    assert out.endswith("No change to the book.\n")


def _diff(base="HEAD~1", head="HEAD"):
    settings, _ = load_settings("mkdocs.yml")
    return diff_revisions(Repo("."), settings, base, head)


def _events(res, account, oid):
    return [
        c
        for o in res["opportunities"]
        if o["account"]["id"] == account and o["opportunity"] == oid
        for c in o["changes"]
    ]


def test_stage_back_amount_cut_pulled_in_rename_and_deletion(repo):
    repo.mv("accounts/beta.yaml", "accounts/beta-group.yaml")
    repo.commit(
        "second",
        "2026-10-05",
        {
            "accounts/acme.yaml": acme("intent", 80000, "2026-11-30", more=[opp("svc", "intent", 50000, "2027-01-10")]),
            "accounts/fmt.yaml": None,
        },
    )
    res = _diff()
    kinds = {(a["kind"], (a.get("old") or {}).get("id"), (a.get("account") or {}).get("id")) for a in res["accounts"]}
    assert kinds == {("renamed", "beta", "beta-group"), ("removed", "fmt", None)}
    ev = _events(res, "acme", "line")
    assert [e["kind"] for e in ev] == ["back", "amount", "pulled_in"]
    assert ev[0]["from"] == "proposal" and ev[0]["to"] == "intent"
    assert ev[1]["from"] == 100000 and ev[1]["to"] == 80000 and ev[1]["delta_base"] == -20000
    assert ev[2]["days"] == -15
    # the renamed account's deal did not move: no event, no forecast change for it
    assert _events(res, "beta-group", "x") == []
    assert res["forecast"]["change"] == pytest.approx(0.3 * 80000 - 0.5 * 100000)


def test_tier_attitude_and_owner_to_pool(repo):
    contacts = "contacts:\n  - {id: wang, name: Wang, level: top, attitude: %s}\n"
    repo.commit("c", "2026-10-03", {"accounts/fmt.yaml": acct("Fmt") + contacts % "neutral"})
    text = acct("Fmt", potential=30000000, revenue={2025: 6000000}).replace("owner: rep-a\n", "")
    repo.commit("d", "2026-10-04", {"accounts/fmt.yaml": text + contacts % "support"})
    res = _diff()
    assert res["tiers"] == [
        {"account": {"id": "fmt", "name": "Fmt", "path": "accounts/fmt.yaml"}, "from": "mass", "to": "major"}
    ]
    assert [(a["contact"], a["from"], a["to"]) for a in res["attitudes"]] == [("wang", "neutral", "support")]
    assert [(o["from"], o["to"]) for o in res["owners"]] == [("rep-a", None)]
    text = diffmod.render(res, "en")
    assert "- Fmt (`fmt`): Zhang Wei (`rep-a`) → the unowned pool" in text
    assert "- Fmt (`fmt`): tier Mass-market account → Major account" in text
    assert "- Fmt (`fmt`): Wang (`wang`) Neutral → Support" in text
    assert "Revenue in a year: 1 added" in text


def _break(text):
    """A one-character YAML syntax error on the first line: the file cannot be read at all."""
    return text.replace("name: ", "name: [", 1)


def test_a_new_version_that_does_not_validate_is_not_compared(repo, kam):
    # read as empty, a typo removed every deal and dropped the pipeline; now the file is left out
    base = repo.git("rev-parse", "--short=7", "HEAD")
    head = repo.commit(
        "bad",
        "2026-10-06",
        {
            "accounts/acme.yaml": _break(acme()),
            "accounts/fmt.yaml": acct("Fmt", opps=[opp("f", "proposl", 90000, "2026-12-20")]),
            "accounts/beta.yaml": acct("Beta", owner="rep-b", opps=[opp("x", "negotiation", 300000, "2026-12-01")]),
        },
    )
    code, out = kam("diff", "HEAD~1", "HEAD")
    assert code == 0
    assert out == (
        f"""\
### Changes to the book: `HEAD~1` ({base}) → `HEAD` ({head[:7]})

> **The new version does not validate**: 2 errors (account files with errors are not compared). First:
> - ``accounts/acme.yaml:1:7: error: the `[` opened here is never closed; close it on the same line, or write the list one `- ` item per line``
> - ``accounts/fmt.yaml:10:12: error: `stage` cannot be `proposl`; did you mean `proposal`? allowed: prospect, intent, proposal, negotiation, won, lost``

3 account files changed: 3 edited.

Not compared (left out of the figures): `accounts/acme.yaml` (the new version does not validate), `accounts/fmt.yaml` (the new version does not validate).

#### Effect on the weighted forecast (CNY)

Weighted pipeline of the changed accounts: 140,000 → 210,000 (+70,000)

| Close month | Before | After | Change |
|---|---:|---:|---:|
| 2026-12 | 140,000 | 210,000 | +70,000 |

| Rep | Before | After | Change |
|---|---:|---:|---:|
| Li Ming (`rep-b`) | 140,000 | 210,000 | +70,000 |

| Tier | Before | After | Change |
|---|---:|---:|---:|
| Mass-market account | 140,000 | 210,000 | +70,000 |

#### Opportunities

- Beta (`beta`) / X (`x`): amount raised 200,000 → 300,000 CNY (+100,000)

#### Files that cannot be read as an account

- `accounts/acme.yaml`
"""
    )


def test_a_fixed_file_an_invalid_addition_and_a_real_deletion(repo, kam):
    # the fix is not every deal created, the invalid new file adds no deal; the deletion still removes its deals
    repo.commit(
        "bad",
        "2026-10-06",
        {
            "accounts/acme.yaml": _break(acme()),
            "accounts/fmt.yaml": acct("Fmt", opps=[opp("f", "proposl", 90000, "2026-12-20")]),
        },
    )
    base = repo.git("rev-parse", "--short=7", "HEAD")
    head = repo.commit(
        "fix acme, still bad fmt, add a bad gamma, delete beta",
        "2026-10-07",
        {
            "accounts/acme.yaml": acme("negotiation"),
            "accounts/fmt.yaml": acct("Fmt", opps=[opp("f", "proposl", 95000, "2026-12-20")]),
            "accounts/gamma.yaml": acct("Gamma", owner="nobody", opps=[opp("g", "intent", 70000, "2027-02-01")]),
            "accounts/beta.yaml": None,
        },
    )
    code, out = kam("diff", "HEAD~1", "HEAD")
    assert code == 0
    assert out == (
        f"""\
### Changes to the book: `HEAD~1` ({base}) → `HEAD` ({head[:7]})

> **The base version does not validate**: 2 errors (account files with errors are not compared). First:
> - ``accounts/acme.yaml:1:7: error: the `[` opened here is never closed; close it on the same line, or write the list one `- ` item per line``
> - ``accounts/fmt.yaml:10:12: error: `stage` cannot be `proposl`; did you mean `proposal`? allowed: prospect, intent, proposal, negotiation, won, lost``

> **The new version does not validate**: 2 errors (account files with errors are not compared). First:
> - ``accounts/fmt.yaml:10:12: error: `stage` cannot be `proposl`; did you mean `proposal`? allowed: prospect, intent, proposal, negotiation, won, lost``
> - ``accounts/gamma.yaml:2:8: error: `owner`: `nobody` is not a known person in the team (_book.yaml)``

4 account files changed: 1 added, 1 removed, 2 edited.

Not compared (left out of the figures): `accounts/acme.yaml` (the base version does not validate), `accounts/fmt.yaml` (neither version validates), `accounts/gamma.yaml` (the new version does not validate).

#### Effect on the weighted forecast (CNY)

Weighted pipeline of the changed accounts: 140,000 → 0 (-140,000)

| Close month | Before | After | Change |
|---|---:|---:|---:|
| 2026-12 | 140,000 | 0 | -140,000 |

| Rep | Before | After | Change |
|---|---:|---:|---:|
| Li Ming (`rep-b`) | 140,000 | 0 | -140,000 |

| Tier | Before | After | Change |
|---|---:|---:|---:|
| Mass-market account | 140,000 | 0 | -140,000 |

#### Accounts

- added Gamma (`gamma`) (`accounts/gamma.yaml`)
- removed Beta (`beta`) (`accounts/beta.yaml`)

#### Opportunities

- Beta (`beta`) / X (`x`): removed (was Negotiation, 200,000 CNY)

#### Files that cannot be read as an account

- `accounts/acme.yaml`
"""
    )
    _, zh = kam("diff", "HEAD~1", "HEAD", lang="zh")
    assert (
        "未比较（不计入各项数字）：`accounts/acme.yaml`（基准版本未通过校验），"
        "`accounts/fmt.yaml`（两个版本都未通过校验），`accounts/gamma.yaml`（新版本未通过校验）。\n" in zh
    )
    assert "> **基准版本未通过校验**：2 个错误（有错误的客户档案不参与比较）。前几个：\n" in zh


def test_unparseable_file(repo, kam):
    repo.commit("broken yaml", "2026-10-06", {"accounts/acme.yaml": "name: [unclosed\n"})
    code, out = kam("diff", "HEAD~1", "HEAD")
    assert code == 0
    assert "**The new version does not validate**" in out
    assert "#### Files that cannot be read as an account\n\n- `accounts/acme.yaml`\n" in out


def test_book_file_and_policy_changes(repo):
    book = (repo.root / "accounts/_book.yaml").read_text() + "  - {id: iot, name: IoT}\n"
    mk = (
        (repo.root / "mkdocs.yml")
        .read_text()
        .replace("rates: {USD: 7.0}", "rates: {USD: 7.0}\n        stages: {proposal: 60}")
    )
    repo.commit("policy", "2026-10-07", {"accounts/_book.yaml": book, "mkdocs.yml": mk})
    res = _diff()
    assert res["team"] == [{"kind": "offering_added", "id": "iot", "name": "IoT"}]
    assert res["settings"] == [{"key": "policy.stages.proposal", "from": 50, "to": 60}]
    text = diffmod.render(res, "en")
    assert "- offering added `iot` IoT" in text
    assert "- `policy.stages.proposal`: 50 → 60" in text


def test_only_changed_files_are_parsed(repo, monkeypatch):
    repo.commit("many", "2026-10-02", {f"accounts/r/a{i:03d}.yaml": acct(f"A{i}") for i in range(60)})
    repo.commit(
        "one", "2026-10-03", {"accounts/r/a007.yaml": acct("A7", opps=[opp("o", "intent", 1000, "2027-01-01")])}
    )
    seen = []
    real = diffmod.parse_versions

    def spy(items, book_file, settings):
        seen.append(sorted(p for _, p, _ in items))
        return real(items, book_file, settings)

    monkeypatch.setattr(diffmod, "parse_versions", spy)
    res = _diff()
    assert seen == [["accounts/r/a007.yaml"], ["accounts/r/a007.yaml"]]
    assert [c["kind"] for o in res["opportunities"] for c in o["changes"]] == ["created"]


def test_default_base_is_the_merge_base_with_main(repo, kam):
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("branch work", "2026-10-02", {"accounts/acme.yaml": acme("negotiation")})
    repo.git("checkout", "-q", "main")
    repo.commit("main moves on", "2026-10-03", {"accounts/fmt.yaml": None})
    repo.git("checkout", "-q", "feature")
    code, out = kam("diff")
    assert code == 0
    assert "stage forward Proposal → Negotiation" in out
    assert "fmt" not in out  # main's own later change is not this branch's


def test_merge_commit_diff(repo):
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("branch work", "2026-10-02", {"accounts/acme.yaml": acme("negotiation")})
    repo.git("checkout", "-q", "main")
    repo.commit("main work", "2026-10-03", {"accounts/fmt.yaml": acct("Fmt", owner="rep-b")})
    repo.git(
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "merge feature",
        "feature",
        env={"GIT_AUTHOR_DATE": "2026-10-04T12:00:00+08:00", "GIT_COMMITTER_DATE": "2026-10-04T12:00:00+08:00"},
    )
    res = _diff("HEAD^1", "HEAD")  # what the merge brought to main
    assert [c["kind"] for c in _events(res, "acme", "line")] == ["forward"]
    assert res["owners"] == []


@pytest.mark.parametrize(
    "args, message",
    [
        (("diff", "nope"), "git error: unknown revision 'nope'\n"),
        (("diff", "HEAD", "nope"), "git error: unknown revision 'nope'\n"),
    ],
)
def test_git_errors_exit_2(repo, args, message):
    from conftest import invoke

    r = invoke(*args)
    assert r.exit_code == 2
    assert r.stderr == message


def test_not_a_repository(tmp_path, monkeypatch):
    from conftest import invoke

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    r = invoke("diff")
    assert r.exit_code == 2
    assert r.stderr.startswith("git error: not a git repository")


def test_json_output(repo, kam):
    import json

    repo.commit("x", "2026-10-02", {"accounts/acme.yaml": acme("won", close="2026-11-01")})
    code, out = kam("diff", "--json", "HEAD~1", "HEAD")
    data = json.loads(out)
    assert [c["kind"] for o in data["opportunities"] for c in o["changes"]] == ["won", "pulled_in", "removed"]
    assert data["validation"] == {"base": [], "head": []}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_example_in_the_review_guide_is_real(tmp_path, monkeypatch, lang):
    from pathlib import Path

    from gitbook import review_example

    from conftest import invoke

    review_example(tmp_path / "example")
    monkeypatch.chdir(tmp_path / "example")
    out = invoke("diff", lang=lang).stdout
    guide = (Path(__file__).resolve().parent.parent / "docs/guide/review.md").read_text(encoding="utf-8")
    assert "````markdown\n" + out + "````\n" in guide

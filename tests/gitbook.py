"""Temporary git repositories holding a book, for the diff and history tests.

    repo = GitBook(tmp_path)
    repo.write({"accounts/acme.yaml": acct("Acme", opps=[opp("line", "proposal", 100000, "2026-12-15")])})
    sha = repo.commit("add acme", "2026-01-05")

Commits have fixed authors and dates (GIT_AUTHOR_DATE / GIT_COMMITTER_DATE)
and ignore the user's git configuration, so shas are the same on every run.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

BOOK = """\
people:
  - {id: rep-a, name: Zhang Wei, role: rep, team: east, github: zhang-wei}
  - {id: rep-b, name: Li Ming, role: rep, team: north, github: li-ming}
  - {id: rep-c, name: Wang Fang, role: rep, team: east}
  - {id: boss, name: Boss, role: executive}
offerings:
  - {id: mes, name: MES}
"""

MKDOCS = """\
site_name: test
plugins:
  - kam:
      book: accounts
      language: en
      as_of: 2026-11-20
      policy:
        base_currency: CNY
        rates: {USD: 7.0}
"""


def opp(oid, stage, amount, close, name=None, owner=None, currency=None):
    lines = [
        f"  - id: {oid}",
        f"    name: {name or oid.replace('-', ' ').title()}",
        f"    stage: {stage}",
        f"    amount: {amount}",
    ]
    if currency:
        lines.append(f"    currency: {currency}")
    if close:
        lines.append(f"    close: {close}")
    if owner:
        lines.append(f"    owner: {owner}")
    if stage == "lost":
        lines.append("    lost_reason: price")
    return "\n".join(lines) + "\n"


def acct(name, owner="rep-a", potential=1000000, opps=(), extra="", revenue=None):
    text = f"name: {name}\nowner: {owner}\nindustry: other\nregion: east\nlifecycle: stable\npotential: {potential}\n"
    if revenue:
        text += "revenue:\n" + "".join(f"  - {{year: {y}, amount: {a}}}\n" for y, a in revenue.items())
    if opps:
        text += "opportunities:\n" + "".join(opps)
    return text + extra


class GitBook:
    def __init__(self, root: Path, mkdocs: str = MKDOCS, book: str = BOOK):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Zhang Wei",
            "GIT_AUTHOR_EMAIL": "zhang@example.com",
            "GIT_COMMITTER_NAME": "CI",
            "GIT_COMMITTER_EMAIL": "ci@example.com",
        }
        self.git("init", "-q", "-b", "main")
        self.write({"mkdocs.yml": mkdocs, "accounts/_book.yaml": book})

    def git(self, *args: str, env: dict | None = None) -> str:
        p = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", *args],
            cwd=self.root,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
        )
        if p.returncode != 0:
            raise RuntimeError(f"git {' '.join(args)}: {p.stderr}")
        return p.stdout.strip()

    def write(self, files: dict[str, str | None]) -> None:
        for path, text in files.items():
            p = self.root / path
            if text is None:
                if p.exists():
                    p.unlink()
                continue
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")

    def commit(
        self, message: str, date: str, files: dict[str, str | None] | None = None, author: str = "Zhang Wei"
    ) -> str:
        if files:
            self.write(files)
        stamp = f"{date}T12:00:00+08:00" if "T" not in date else date
        env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_NAME": author}
        self.git("add", "-A", env=env)
        self.git("commit", "-q", "--allow-empty", "-m", message, env=env)
        return self.git("rev-parse", "HEAD")

    def mv(self, old: str, new: str) -> None:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)


EXAMPLE_BOOK = """\
people:
  - {id: zhang-wei, name: 张伟, role: rep, team: east, github: zhang-wei}
  - {id: li-ming, name: 李明, role: rep, team: north, github: li-ming}
offerings:
  - {id: mes, name: MES}
"""


def review_example(root: Path) -> GitBook:
    """The throwaway repository of the example in docs/guide/review.md: main, and a branch's uncommitted edits."""
    r = GitBook(root, book=EXAMPLE_BOOK)
    contact = "contacts:\n  - {id: wang-zong, name: 王总, level: top, roles: [decision_maker], attitude: %s}\n"
    invoice = "receivables:\n  - {invoice: INV-2026-0831, amount: 300000, issued: 2026-08-31, due: 2026-09-30}\n"

    def huadong(line, mes, attitude, extra=""):
        return acct(
            "华东精密机械股份有限公司",
            owner="zhang-wei",
            potential=30000000,
            revenue={2025: 6000000},
            opps=[opp("2026-line-upgrade", *line, name="二期产线升级"), opp("mes-rollout", *mes, name="MES 推广")],
            extra=contact % attitude + extra,
        )

    def beifang(owner):
        return acct(
            "北方能源集团",
            owner=owner,
            potential=8000000,
            opps=[opp("boiler-iot", "intent", 500000, "2027-01-20", name="锅炉物联网")],
        )

    r.commit(
        "初始客户档案",
        "2026-10-08",
        {
            "accounts/huadong-precision.yaml": huadong(
                ("proposal", 1200000, "2026-12-15"), ("negotiation", 800000, "2026-11-28"), "neutral"
            ),
            "accounts/beifang-energy.yaml": beifang("li-ming"),
        },
    )
    r.git("checkout", "-q", "-b", "zhang-wei/huadong-update")
    r.write(
        {
            "accounts/huadong-precision.yaml": huadong(
                ("negotiation", 1500000, "2027-01-31"), ("won", 800000, "2026-11-18"), "support", invoice
            ),
            "accounts/beifang-energy.yaml": beifang("zhang-wei"),
        }
    )
    return r

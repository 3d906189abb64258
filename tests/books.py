"""Hand-made books for metric tests: write YAML into a temp folder, load, and compute."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from kam.book.loader import load_book
from kam.book.policy import Policy, Settings
from kam.metrics import compute

PEOPLE = """\
people:
  - {id: rep-a, name: 甲, role: rep, team: east}
  - {id: rep-b, name: 乙, role: rep, team: north}
  - {id: boss, name: 老板, role: executive}
offerings:
  - {id: mes, name: MES}
  - {id: iot, name: IoT}
"""


def account(name="客户", owner="rep-a", potential=0, revenue=None, lifecycle="stable", extra=""):
    """YAML text of a minimal account; revenue: {year: amount}."""
    lines = [f"name: {name}", "industry: other", "region: east", f"lifecycle: {lifecycle}", f"potential: {potential}"]
    if owner:
        lines.append(f"owner: {owner}")
    if revenue:
        lines.append("revenue:")
        for y, amt in revenue.items():
            lines.append(f"  - {{year: {y}, amount: {amt}}}")
    text = "\n".join(lines) + "\n"
    if extra:
        text += textwrap.dedent(extra).lstrip("\n")
    return text


def make(tmp_path: Path, accounts: dict[str, str], as_of="2026-11-20", people: str = PEOPLE, **policy):
    """Write and load a book; fail loudly if it does not validate. Returns (book, settings)."""
    root = tmp_path / "accounts"
    root.mkdir(parents=True, exist_ok=True)
    (root / "_book.yaml").write_text(people, encoding="utf-8")
    for aid, text in accounts.items():
        (root / f"{aid}.yaml").write_text(text, encoding="utf-8")
    base = Policy()
    settings = Settings(
        book="accounts",
        root=str(tmp_path),
        as_of=dt.date.fromisoformat(as_of),
        policy=Policy(**{**base.__dict__, **policy}),
    )
    book, diags = load_book(settings)
    errors = [d.text() for d in diags if d.severity == "error"]
    assert not errors, errors
    return book, settings


def metrics(tmp_path: Path, accounts: dict[str, str], **kw) -> dict:
    book, settings = make(tmp_path, accounts, **kw)
    return compute(book, settings)

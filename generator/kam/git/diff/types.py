"""The shapes of a diff: what a version records and what a comparison says (JSON at the boundary).

TypedDicts, so the dicts handed to `kam diff --json`, the Markdown and the history stay plain data
while mypy checks every key read and written.  Keys named like Python keywords (`from`) use the
functional form.
"""

from __future__ import annotations

from typing import Any, TypedDict

from kam.book.diagnostics import Diagnostic


class AccountInfo(TypedDict):
    """The account-level facts of a version that a change is read against."""

    name: str | None
    owner: str | None
    tier: str | None
    posture: str | None
    currency: str | None


class Deal(TypedDict):
    name: str | None
    stage: str | None
    amount: float | None
    currency: str | None
    amount_base: float
    weighted: float
    open: bool
    close: str | None
    close_month: str | None
    owner: str | None
    tier: str | None


class Contact(TypedDict):
    name: str | None
    attitude: str | None


class Receivable(TypedDict):
    amount: float | None
    currency: str | None
    due: str | None
    days_overdue: int


class AccountRef(TypedDict):
    id: str
    name: str
    path: str


# one event of one opportunity: kind created, removed, won, lost, reopened, forward, back, stage,
# amount, pushed, pulled_in or close, with the keys that kind needs
DealEvent = dict[str, Any]

Move = TypedDict("Move", {"account": AccountRef, "from": "str | None", "to": "str | None"})
Attitude = TypedDict(
    "Attitude", {"account": AccountRef, "contact": str, "name": "str | None", "from": "str | None", "to": "str | None"}
)


class DealChange(TypedDict):
    account: AccountRef | None
    opportunity: str
    name: str | None
    changes: list[DealEvent]


class TableEdit(TypedDict):
    added: int
    removed: int
    changed: int
    fields: list[str]


class OtherEdits(TypedDict):
    account: AccountRef | None
    tables: dict[str, TableEdit]


class NotCompared(TypedDict):
    path: str
    side: str  # the version that does not validate: base, head or both


class ForecastRow(TypedDict):
    key: str | None
    before: float
    after: float
    change: float


class Forecast(TypedDict, total=False):
    before: float
    after: float
    change: float
    month: list[ForecastRow]
    rep: list[ForecastRow]
    tier: list[ForecastRow]


class Comparison(TypedDict):
    """What :func:`compare` finds in pairs of account versions."""

    accounts: list[dict[str, Any]]  # kind added/removed/renamed/moved, account, old, owner, tier
    owners: list[Move]
    tiers: list[Move]
    postures: list[Move]
    opportunities: list[DealChange]
    forecast: Forecast
    overdue: list[dict[str, Any]]  # account, invoice and the Receivable's keys
    attitudes: list[Attitude]
    other: list[OtherEdits]
    formatting_only: list[str]
    unreadable: list[str]
    not_compared: list[NotCompared]


class Side(TypedDict):
    label: str | None
    commit: str | None


class DiffResult(Comparison, total=False):
    """:func:`diff_revisions`: the comparison and what it was made between."""

    base: Side
    head: Side
    files: int
    book_file_changed: bool
    team: list[dict[str, Any]]
    settings: list[dict[str, Any]]
    currency: str
    people: dict[str, dict[str, Any]]
    validation: dict[str, list[Diagnostic]]

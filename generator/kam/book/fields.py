"""The field catalogue: the shape of every file in the book, in one place.

Everything that knows what a field is (the loader's conversion and unknown-key
check, the pandera table schemas, the JSON Schema for editors, the account
template and the reference docs) reads it from here.

A *record kind* is a YAML mapping (an account, a contact, an opportunity...).
Records with ``table`` set become rows of a table of that name; nested
single records (``economics``-like groups) are flattened into their parent's
row with a ``group.field`` column name.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kam import words

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
CURRENCY = r"^[A-Z]{3}$"


@dataclass(frozen=True)
class Field:
    """One key of a YAML mapping.

    type: str | text | int | number | percent | date | bool | year | record
    enum: name of an enumeration in labels.ENUMS
    ref: what the value names (person, contact, competitor, offering, opportunity)
    many: the value is a list of the above
    record: for type "record", the kind of the nested mapping(s)
    """

    name: str
    type: str
    required: bool = False
    enum: str | None = None
    ref: str | None = None
    many: bool = False
    record: str | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    example: object = None  # a value as written; a (zh, en) pair when the book's language changes it
    kind: str = ""  # the record kind it belongs to, set by _kind: its label is words.yaml fields.<kind>.<name>

    @property
    def zh(self) -> str:
        return words.field_label(self.kind, self.name)[0]

    @property
    def en(self) -> str:
        return words.field_label(self.kind, self.name)[1]

    def example_in(self, lang: str) -> object:
        """The example shown in a book of that language (None: the field has none)."""
        return words.pick(self.example, lang) if isinstance(self.example, tuple) else self.example

    @property
    def max_len(self) -> int | None:
        """The most characters a text value may have: a name fits a line, notes fit a page; beyond
        that it is a paste gone wrong, and a 5,000-character name would break every page it is on."""
        return MAX_LEN.get(self.type)


# characters: a one-line value (names, ids, titles) and free text (notes, needs, reviews)
MAX_LEN = {"str": 200, "text": 20_000}


@dataclass(frozen=True)
class Kind:
    name: str
    table: str | None  # the table its rows go to; None for groups merged into the parent
    fields: tuple[Field, ...] = field(default_factory=tuple)
    # key used to name one record in messages and references (e.g. "id")
    key: str | None = None
    # the columns no two records of the table share (validate.py checks them; [] = no such rule)
    unique: tuple[str, ...] = ()

    @property
    def zh(self) -> str:
        return words.record_label(self.name)[0]

    @property
    def en(self) -> str:
        return words.record_label(self.name)[1]

    def get(self, name: str) -> Field | None:
        return _FIELD_INDEX[self.name].get(name)

    @property
    def index(self) -> dict[str, Field]:
        """Its fields by name (what ``get`` looks in: a loop over every key of a book takes it once)."""
        return _FIELD_INDEX[self.name]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


F = Field


def _id(key: str) -> tuple[str, str]:
    """The (zh, en) ids of an example person of words.yaml."""
    return words.example_person(key, "zh")[0], words.example_person(key, "en")[0]


# the examples that differ by language (words.yaml), the same as the account template and kam init show
_CUSTOMER = words.text_pair("example_customer")
_CONTACT = _id("example_contact")
_PERSON = _id("example_rep")

KINDS: dict[str, Kind] = {}
_FIELD_INDEX: dict[str, dict[str, Field]] = {}


def _kind(name, table, *fields, key=None, unique=()) -> Kind:
    """Register a record kind; its words (label, each field's label) are in words.yaml records/fields."""
    fields = tuple(replace(f, kind=name) for f in fields)
    k = Kind(name, table, fields, key, tuple(unique))
    KINDS[name] = k
    _FIELD_INDEX[name] = {f.name: f for f in fields}
    return k


# ---------------------------------------------------------------- account file
_kind(
    "account",
    "accounts",
    F("name", "str", required=True, example=_CUSTOMER),
    F("short_name", "str"),
    F("owner", "str", ref="person"),
    F("sponsor", "str", ref="person"),
    F("industry", "str", required=True, enum="industry"),
    F("region", "str", required=True, enum="region"),
    F("lifecycle", "str", required=True, enum="lifecycle"),
    F("size", "str", enum="size"),
    F("ownership", "str", enum="ownership"),
    F("since", "date"),
    F("tier", "str", enum="tier"),
    F("placeholder", "bool"),
    F("opening_step", "str", enum="opening_step"),
    # an account billed in another currency: EUR in an English book; CNY kept in a Chinese one, whose
    # committed schemas stay byte for byte what they were
    F("currency", "str", pattern=CURRENCY, example=("CNY", "EUR")),
    F("potential", "number", required=True, min=0),
    F("net_margin", "percent", min=0, max=100),
    F("business_units", "str", many=True),
    F("needs", "str", many=True),
    F("revenue", "record", many=True, record="revenue"),
    F("credit", "record", record="credit"),
    F("loyalty", "record", record="loyalty"),
    F("lost", "record", record="lost"),
    F("contacts", "record", many=True, record="contact"),
    F("competitors", "record", many=True, record="competitor"),
    F("opportunities", "record", many=True, record="opportunity"),
    F("plan", "record", record="plan"),
    F("activities", "record", many=True, record="activity"),
    F("receivables", "record", many=True, record="receivable"),
    F("surveys", "record", many=True, record="survey"),
    F("complaints", "record", many=True, record="complaint"),
    F("whitespace", "record", many=True, record="whitespace"),
    F("notes", "text"),
    unique=("id",),
)

_kind(
    "revenue",
    "revenue",
    F("year", "year", required=True, example=2025),
    F("amount", "number", required=True, min=0),
    F("gross_profit", "number"),
    F("selling_expense", "number", min=0),
    key="year",
    unique=("account", "year"),
)

_kind(
    "credit",
    None,
    F("rating", "str", pattern=r"^(AAA|AA|A|BBB|BB|B|CCC|CC|C|D)$"),
    F("limit", "number", min=0),
    F("reviewed", "date"),
)

_kind(
    "loyalty",
    None,
    F("repeat_purchase", "bool"),
    F("referrals", "int", min=0),
    F("exclusive", "bool"),
)

_kind(
    "lost",
    None,
    F("date", "date", required=True),
    F("reason", "str", enum="lost_reason", required=True),
    F("review", "text"),
)

_kind(
    "contact",
    "contacts",
    F("id", "str", required=True, pattern=ID, example=_CONTACT),
    F("name", "str", required=True),
    F("title", "str"),
    F("level", "str", required=True, enum="level"),
    F("roles", "str", many=True, enum="role"),
    F("attitude", "str", required=True, enum="attitude"),
    F("influence", "str", enum="influence"),
    F("style", "str", enum="style"),
    F("reports_to", "str", ref="contact"),
    F("notes", "text"),
    key="id",
    unique=("account", "id"),
)

_kind(
    "competitor",
    "competitors",
    F("name", "str", required=True),
    F("kind", "str", required=True, enum="competitor_kind"),
    F("status", "str", enum="competitor_status"),
    F("strategy", "str", enum="strategy"),
    F("share", "percent", min=0, max=100),
    F("notes", "text"),
    key="name",
    unique=("account", "name"),
)

_kind(
    "opportunity",
    "opportunities",
    F("id", "str", required=True, pattern=ID, example="2026-line-upgrade"),
    F("name", "str", required=True),
    F("stage", "str", required=True, enum="stage"),
    F("amount", "number", min=0),
    F("currency", "str", pattern=CURRENCY),
    F("probability", "percent", min=0, max=100),
    F("created", "date"),
    F("close", "date"),
    F("forecast", "str", enum="forecast"),
    F("owner", "str", ref="person"),
    F("offering", "str", ref="offering"),
    F("unit", "str"),
    F("qualification", "record", record="qualification"),
    F("buying_centre", "str", many=True, ref="contact"),
    F("competitors", "str", many=True, ref="competitor"),
    F("lost_reason", "str", enum="lost_reason"),
    F("next_step", "str"),
    F("stage_dates", "record", record="stage_dates"),
    F("notes", "text"),
    key="id",
    unique=("account", "id"),
)

_kind(
    "qualification",
    None,
    F("real", "bool"),
    F("compete", "bool"),
    F("win", "bool"),
    F("worth", "bool"),
)

_kind(
    "stage_dates",
    None,
    *(F(s, "date") for s in ("prospect", "intent", "proposal", "negotiation", "won", "lost")),
)

_kind(
    "plan",
    None,
    F("objectives", "str", many=True),
    F("abandon", "bool"),
    F("actions", "record", many=True, record="action"),
)

_kind(
    "action",
    "actions",
    F("title", "str", required=True),
    F("measure", "str", required=True, enum="measure"),
    F("owner", "str", required=True, ref="person"),
    F("due", "date", required=True),
    F("done", "date"),
    F("notes", "text"),
    key="title",
)

_kind(
    "activity",
    "activities",
    F("date", "date", required=True),
    F("kind", "str", required=True, enum="activity_kind"),
    F("by", "str", many=True, ref="person"),
    F("with", "str", many=True, ref="contact"),
    F("opportunity", "str", ref="opportunity"),
    F("outcome", "str", enum="outcome"),
    F("summary", "str"),
    F("advance", "str"),
    key="date",
)

_kind(
    "receivable",
    "receivables",
    F("invoice", "str", required=True, example="INV-2026-0001"),
    F("amount", "number", required=True, min=0),
    F("currency", "str", pattern=CURRENCY),
    F("issued", "date", required=True),
    F("due", "date", required=True),
    F("paid", "date"),
    F("written_off", "date"),
    key="invoice",
    unique=("invoice",),
)

_kind(
    "survey",
    "surveys",
    F("date", "date", required=True),
    F("satisfaction", "number", required=True, min=0, max=10),
    F("expectation", "number", min=0, max=10),
    F("experience", "number", min=0, max=10),
    F("respondent", "str", ref="contact"),
    F("comment", "str"),
    key="date",
)

_kind(
    "complaint",
    "complaints",
    F("date", "date", required=True),
    F("summary", "str", required=True),
    F("severity", "str", enum="severity"),
    F("resolved", "date"),
    F("outcome", "str"),
    key="date",
)

_kind(
    "whitespace",
    "whitespace",
    F("unit", "str", required=True),
    F("offering", "str", required=True, ref="offering"),
    F("status", "str", required=True, enum="whitespace_status"),
    unique=("account", "unit", "offering"),
)

# ---------------------------------------------------------------- book-level file
_kind(
    "book",
    None,
    F("people", "record", many=True, record="person", required=True),
    F("offerings", "record", many=True, record="offering"),
)

_kind(
    "person",
    "people",
    F("id", "str", required=True, pattern=ID, example=_PERSON),
    F("name", "str", required=True),
    F("role", "str", required=True, enum="person_role"),
    F("team", "str"),
    F("manager", "str", ref="person"),
    F("github", "str", pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"),
    F("capacity", "int", min=0),
    F("joined", "date"),
    F("left", "date"),
    key="id",
    unique=("id",),
)

_kind(
    "offering",
    "offerings",
    F("id", "str", required=True, pattern=ID),
    F("name", "str", required=True),
    key="id",
    unique=("id",),
)

ACCOUNT_ID = SLUG
BOOK_FILE = "_book.yaml"


def table_kinds() -> dict[str, Kind]:
    """Kinds that make tables, by table name."""
    return {k.table: k for k in KINDS.values() if k.table}

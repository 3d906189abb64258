"""Policy: the figures DOMAIN.md marks as defaults, and the project settings.

They live in ``mkdocs.yml`` under the kam plugin (``plugins: - kam: ...``) and
are validated there with file, line and column like any account file.  Every
default below is the one place that figure is written down.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from yaml import MappingNode, ScalarNode, SequenceNode

from kam.book import yamlfile
from kam.book.convert import Converter, Rows, describe
from kam.book.diagnostics import Diagnostic, error
from kam.book.fields import CURRENCY, ID, Field, Kind
from kam.book.policy_fields import CLOSED_STAGES, DEFAULT_STAGES, OPEN_STAGES
from kam.labels import label, values

# the policy's amounts of money, in the base currency (its other figures are counts, days and percentages)
MONEY = (
    "tiers.current_high",
    "tiers.current_moderate",
    "tiers.potential_high",
    "tiers.potential_moderate",
    "posture.potential_high",
    "key_market_revenue",
)


@dataclass(frozen=True)
class Policy:
    base_currency: str = "CNY"
    rates: dict = field(default_factory=lambda: {"USD": 7.1, "EUR": 7.8, "HKD": 0.91})
    stages: dict = field(default_factory=lambda: dict(DEFAULT_STAGES))
    tiers: dict = field(
        default_factory=lambda: {
            "current_high": 5_000_000,
            "current_moderate": 1_000_000,
            "potential_high": 20_000_000,
            "potential_moderate": 5_000_000,
        }
    )
    coverage: dict = field(default_factory=lambda: {"major": 1, "named": 5, "non_named": 40, "mass": 200})
    posture: dict = field(default_factory=lambda: {"potential_high": 10_000_000, "share_high": 50})
    allocation: dict = field(
        default_factory=lambda: {
            "acquire": {"time": 7, "people": 6, "money": 6},
            "retain": {"time": 2, "people": 2, "money": 2},
            "maintain": {"time": 1, "people": 2, "money": 2},
            "harass": {"time": 0, "people": 0, "money": 0},
            "abandon": {"time": 0, "people": 0, "money": 0},
        }
    )
    rep_capacity: dict = field(default_factory=lambda: {"min": 30, "max": 40})
    # a rep's 30-40 counted in non-named accounts: a major account takes about a quarter of a rep, a named
    # one a tenth, a mass-market account a two-hundredth (the call-centre coverage of 200 per rep)
    load_weights: dict = field(default_factory=lambda: {"major": 10, "named": 4, "non_named": 1, "mass": 0.2})
    key_team_threshold: int = 20
    stale_days: dict = field(default_factory=lambda: {"major": 14, "named": 30, "non_named": 60, "mass": 120})
    stalled_meetings: int = 3
    stalled_days: int = 30
    borrowing_cost: float = 5.0
    default_net_margin: float = 10.0
    review_cycle_days: int = 14
    upcoming_days: int = 30
    credit_review_days: int = 365  # a credit limit is reviewed at least yearly (DOMAIN.md: "reviewed periodically")
    satisfied_score: float = 8.0  # on the surveys' 0-10 scale
    satisfaction_target: float = 90.0  # the seeds' target: 90% of customers satisfied
    key_market_revenue: float = 5_000_000  # by default the tiers' current_high: a customer of high current value
    top20_effort_target: float = 80.0  # DOMAIN.md §1: about 80% of resource for the top 20% of customers

    def ladder_problem(self) -> str | None:
        """Why the open stages' probabilities are not a rising ladder of percentages (a diagnostic code), or None."""
        probs = [self.stages[s] for s in OPEN_STAGES]
        if 0 < max(probs) <= 1:  # 0.1 for 10%: every deal would weigh a hundredth of its amount
            return "policy-stage-fraction"
        return "policy-stage-order" if probs != sorted(probs) else None

    def stage_problem(self) -> str | None:
        """Why the stage probabilities cannot rate a deal (a diagnostic code), or None."""
        closed = self.stages["won"] != 100 or self.stages["lost"] != 0
        return self.ladder_problem() or ("policy-closed-stages" if closed else None)

    def probability_ranges(self) -> dict[str, tuple[float, float]]:
        """The manual probabilities a stage allows: between its neighbouring open stages' (won 100, lost 0)."""
        p = self.stages
        ranges = {}
        for k, s in enumerate(OPEN_STAGES):
            lo = p[OPEN_STAGES[k - 1]] if k > 0 else p["lost"]
            hi = p[OPEN_STAGES[k + 1]] if k + 1 < len(OPEN_STAGES) else p["won"]
            ranges[s] = (lo, hi)
        ranges["won"] = (100, 100)
        ranges["lost"] = (0, 0)
        return ranges

    def rate(self, currency: str | None) -> float | None:
        """Base-currency units for one unit of `currency` (None when no rate is known)."""
        if currency is None or currency == self.base_currency:
            return 1.0
        return self.rates.get(currency)


@dataclass(frozen=True)
class Settings:
    book: str = "accounts"
    language: str = "zh"
    as_of: dt.date | None = None
    policy: Policy = field(default_factory=Policy)
    config_file: str | None = None
    root: str = "."
    codeowners_team: str = "@org/key-account-team"  # set it to your organisation's team
    public: bool = False  # a public repository publishes only when this says so (kam publish-check)
    noindex: bool = True  # every page asks search engines not to index it
    personal_data: bool = True  # False: the site leaves out customers' people (names, titles, attitudes...)
    site_names: dict[str, str] = field(default_factory=dict)  # language -> the site's name in it (site_name else)
    book_at: tuple[int, int] | None = None  # (line, column) of `book:` in config_file, when written there
    # the regions an account may name (id -> name), as the company divides its market; None: kam's own
    # (China's regions and overseas, named in both languages: words.yaml enums.region)
    regions: dict[str, str] | None = None

    @property
    def book_path(self) -> Path:
        return Path(self.root) / self.book

    def report_date(self) -> dt.date:
        return self.as_of or dt.date.today()

    def region_names(self, lang: str) -> dict[str, str]:
        """The regions an account may name, in order: id -> what a reader sees."""
        if self.regions is not None:
            return dict(self.regions)
        return {r: label("region", r, lang) for r in values("region")}


def _find_kam(file: str, root) -> MappingNode | None:
    if not isinstance(root, MappingNode):
        return None
    for k, v in root.value:
        if isinstance(k, ScalarNode) and k.value == "plugins":
            items = v.value if isinstance(v, (SequenceNode, MappingNode)) else []
            for item in items:
                if isinstance(item, tuple):  # plugins given as a mapping
                    k2, v2 = item
                    if k2.value == "kam":
                        return v2
                elif isinstance(item, MappingNode) and len(item.value) == 1:
                    k2, v2 = item.value[0]
                    if isinstance(k2, ScalarNode) and k2.value == "kam":
                        return v2
    return None


def _merge(default: dict, given: dict) -> dict:
    out = dict(default)
    for k, v in given.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _nest(flat: dict) -> dict:
    out: dict = {}
    for key, v in flat.items():
        if key.startswith("_") or v is None:
            continue
        parts = key.split(".")
        d = out
        for p in parts[:-1]:
            d = d.setdefault(p, {})
        d[parts[-1]] = v
    return out


def check_policy(file: str, policy: Policy, pos: dict) -> list[Diagnostic]:
    """Checks the catalogue cannot express: ordering of thresholds and stage probabilities."""
    diags = []

    def at(key):
        """Where the value was written; else the first value written in the same group (policy.stages...)."""
        if key in pos:
            return pos[key]
        group = key.rsplit(".", 1)[0] + "."
        given = sorted(v for k, v in pos.items() if k.startswith(group))
        return given[0] if given else (0, 0)

    t = policy.tiers
    for axis in ("current", "potential"):
        if t[f"{axis}_moderate"] > t[f"{axis}_high"]:
            line, col = at(f"policy.tiers.{axis}_moderate")
            diags.append(
                error(
                    file,
                    line,
                    col,
                    "policy-threshold-order",
                    axis=axis,
                    moderate=t[f"{axis}_moderate"],
                    high=t[f"{axis}_high"],
                )
            )
    ladder = policy.ladder_problem()
    if ladder is not None:
        line, col = at("policy.stages.prospect")
        order = ", ".join(f"{s} {policy.stages[s]:g}%" for s in OPEN_STAGES)
        diags.append(error(file, line, col, ladder, order=order))
    if policy.stages["won"] != 100 or policy.stages["lost"] != 0:
        line, col = at("policy.stages.won")
        diags.append(error(file, line, col, "policy-closed-stages"))
    cap = policy.rep_capacity
    if cap["min"] > cap["max"]:
        line, col = at("policy.rep_capacity.min")
        diags.append(error(file, line, col, "policy-capacity-order", min=cap["min"], max=cap["max"]))
    return diags


def load_settings(config_file: str | Path | None) -> tuple[Settings, list[Diagnostic]]:
    """Read the kam plugin's settings from mkdocs.yml (defaults when there is none)."""
    if config_file is None:
        return Settings(), []
    path = Path(config_file)
    name = str(config_file)
    root = str(path.parent)
    try:
        data = path.read_bytes()
    except OSError as e:
        return Settings(root=root), [error(name, 0, 0, "cannot-read", reason=e.strerror or str(e))]
    text, diags = yamlfile.decode(name, data)
    if text is None:
        return Settings(root=root), diags
    node, diags = yamlfile.compose(name, text)
    if node is None:
        return Settings(root=root, config_file=name), diags
    kam = _find_kam(name, node)
    if kam is None or (isinstance(kam, ScalarNode) and kam.value in ("", "~", "null")):
        return Settings(root=root, config_file=name), []
    rows = Rows()
    diags = []
    conv = _PolicyConverter(name, rows, diags)
    row, pos = rows.new("settings", name, kam, {})
    conv.record(kam, _settings_kind(), row, pos, "", {}, "kam")
    given = _nest(row)
    # range and pattern checks the pandera schemas do for tables, done here for one record
    diags += _check_values(name, row, pos)
    policy_given = given.pop("policy", {})
    base = Policy()
    merged = _merge(base.__dict__, policy_given)
    if "rates" in policy_given:  # rates replace, not merge: a company lists its own
        merged["rates"] = policy_given["rates"]
    policy = Policy(**merged)
    diags += check_policy(name, policy, pos)
    settings = Settings(
        book=given.get("book", "accounts"),
        language=given.get("language", "zh"),
        as_of=given.get("as_of"),
        policy=policy,
        config_file=name,
        root=root,
        codeowners_team=given.get("codeowners_team", Settings.codeowners_team),
        public=given.get("public", False),
        noindex=given.get("noindex", True),
        personal_data=given.get("personal_data", True),
        site_names=given.get("site_names", {}),
        book_at=pos.get("book"),
        regions=given.get("regions"),  # {}: given, but none could be read (reported here, not on every account)
    )
    return settings, diags


def _settings_kind() -> Kind:
    from kam.book.fields import KINDS

    return KINDS["settings"]


def _check_values(file, row, pos) -> list[Diagnostic]:
    import re

    from kam.book.fields import KINDS

    diags = []

    def walk(kind, prefix):
        for f in kind.fields:
            key = prefix + f.name
            if f.type == "record":
                walk(KINDS[f.record], key + ".")
                continue
            v = row.get(key)
            if v is None:
                continue
            line, col = pos.get(key, (0, 0))
            if f.min is not None and v < f.min:
                diags.append(error(file, line, col, "too-small", field=f.name, value=v, min=f.min))
            if f.max is not None and v > f.max:
                diags.append(error(file, line, col, "too-large", field=f.name, value=v, max=f.max))
            items = list(enumerate(v)) if f.many and isinstance(v, (list, tuple)) else [(None, v)]
            for i, item in items:  # languages: [zh, en]: each item where it is written
                line, col = pos.get(f"{key}#{i}", pos.get(key, (0, 0))) if i is not None else (line, col)
                if f.pattern and isinstance(item, str) and not re.fullmatch(f.pattern, item):
                    diags.append(
                        error(file, line, col, "bad-pattern-language", value=item)
                        if f.name in ("language", "languages")
                        else error(file, line, col, "bad-pattern-" + f.name, value=item)
                        if f.name in ("base_currency", "codeowners_team")
                        else error(file, line, col, "bad-pattern", field=f.name, value=item, pattern=f.pattern)
                    )

    walk(KINDS["settings"], "")
    return diags


class _PolicyConverter(Converter):
    """Adds the settings' own types: a mapping of currency codes to rates, and of region ids to names."""

    def scalar(self, node, f):
        if f.type == "regions":
            return self._regions(node)
        if f.type != "rates":
            return super().scalar(node, f)
        if not isinstance(node, MappingNode):
            self.err(node, "expected-mapping", where="rates", got=describe(node))
            return None
        import re

        out = {}
        for k, v in node.value:
            code = k.value if isinstance(k, ScalarNode) else ""
            if not re.match(CURRENCY, code):
                self.err(k, "bad-currency", value=code)
                continue
            rate = super().scalar(v, Field("rates." + code, "number"))
            if rate is not None and rate <= 0:
                self.err(v, "rate-not-positive", currency=code, value=rate)
                continue
            if rate is not None:
                out[code] = rate
        return out

    def _regions(self, node) -> dict[str, str] | None:
        """`regions: {north: North, emea: "Europe, Middle East & Africa"}`: ids as account files write
        them, names as the site shows them."""
        if not isinstance(node, MappingNode):
            self.err(node, "expected-mapping", where="regions", got=describe(node))
            return {}
        import re

        out: dict[str, str] = {}
        seen: dict[str, int] = {}
        for k, v in node.value:
            rid = k.value if isinstance(k, ScalarNode) else ""
            if not re.fullmatch(ID, rid):
                self.err(k, "bad-id", value=rid)
                continue
            if rid in seen:
                self.err(k, "duplicate-key", key=rid, first=seen[rid])
                continue
            seen[rid] = k.start_mark.line + 1
            name = super().scalar(v, Field(f"regions.{rid}", "str", required=True))
            if name is not None:
                out[rid] = name
        if not node.value:
            self.err(node, "no-regions")
        return out


__all__ = ["MONEY", "Policy", "Settings", "load_settings", "OPEN_STAGES", "CLOSED_STAGES", "DEFAULT_STAGES", "values"]

# Key accounts (大客户) are the two top tiers: the "20 or more key accounts" advice,
# 1+2+1 checks, the ten measures and the accountability list apply to them.
KEY_TIERS = ("major", "named")

"""The shape of the settings and the policy in mkdocs.yml: their record kinds in the field catalogue.

Declared here, beside the stages they enumerate (DEFAULT_STAGES: the one place the stage probabilities'
defaults are written), so that policy.py holds the model (the other defaults) and its loading; the labels are words.yaml's records and fields like every other kind.
"""

from __future__ import annotations

from kam.book.fields import CURRENCY, Field, _kind
from kam.labels import ENUMS

F = Field

DEFAULT_STAGES = {"prospect": 10, "intent": 30, "proposal": 50, "negotiation": 70, "won": 100, "lost": 0}
OPEN_STAGES = ("prospect", "intent", "proposal", "negotiation")
CLOSED_STAGES = ("won", "lost")

_kind(
    "settings",
    None,
    F("book", "str", example="accounts"),
    F("language", "str", pattern=r"^(zh|en)$"),
    F("languages", "str", many=True, pattern=r"^(zh|en)$"),
    F("regions", "regions"),
    F("site_names", "record", record="site_names"),
    F("as_of", "date"),
    F("policy", "record", record="policy"),
    F(
        "codeowners_team",
        "str",
        pattern=r"^@[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:/[A-Za-z0-9._-]+)?$",
        example="@my-company/key-account-team",
    ),
    F("public", "bool"),
    F("noindex", "bool"),
    F("personal_data", "bool"),
)
_kind(  # the site's name (its header, every page's title) in each language; site_name when left out
    "site_names",
    None,
    F("zh", "str", example="大客户管理 · 示例公司"),
    F("en", "str", example="Key accounts · Example Co"),
)
_kind(
    "policy",
    None,
    F("base_currency", "str", pattern=CURRENCY),
    F("rates", "rates"),
    F("stages", "record", record="policy_stages"),
    F("tiers", "record", record="policy_tiers"),
    F("coverage", "record", record="policy_coverage"),
    F("posture", "record", record="policy_posture"),
    F("allocation", "record", record="policy_allocation"),
    F("rep_capacity", "record", record="policy_capacity"),
    F("load_weights", "record", record="policy_load_weights"),
    F("key_team_threshold", "int", min=1),
    F("stale_days", "record", record="policy_tier_days"),
    F("stalled_meetings", "int", min=1),
    F("stalled_days", "int", min=1),
    F("borrowing_cost", "percent", min=0, max=100),
    F("default_net_margin", "percent", min=0, max=100),
    F("review_cycle_days", "int", min=1),
    F("credit_review_days", "int", min=1),
    F("satisfied_score", "number", min=0, max=10),
    F("satisfaction_target", "percent", min=0, max=100),
    F("key_market_revenue", "number", min=0),
    F("top20_effort_target", "percent", min=0, max=100),
    F("upcoming_days", "int", min=1),
)
_kind(
    "policy_stages",
    None,
    *(F(s, "percent", min=0, max=100) for s in DEFAULT_STAGES),
)
_kind(
    "policy_tiers",
    None,
    F("current_high", "number", min=0),
    F("current_moderate", "number", min=0),
    F("potential_high", "number", min=0),
    F("potential_moderate", "number", min=0),
)
_kind(
    "policy_coverage",
    None,
    *(F(t, "int", min=1) for t in ENUMS["tier"]),
)
_kind(
    "policy_load_weights",
    None,
    *(F(t, "number", min=0) for t in ENUMS["tier"]),
)
_kind(
    "policy_posture",
    None,
    F("potential_high", "number", min=0),
    F("share_high", "percent", min=0, max=100),
)
_kind(
    "policy_allocation",
    None,
    *(F(p, "record", record="policy_units") for p in ENUMS["posture"]),
)
_kind(
    "policy_units",
    None,
    F("time", "number", min=0, max=10),
    F("people", "number", min=0, max=10),
    F("money", "number", min=0, max=10),
)
_kind(
    "policy_capacity",
    None,
    F("min", "int", min=0),
    F("max", "int", min=1),
)
_kind(
    "policy_tier_days",
    None,
    *(F(t, "int", min=1) for t in ENUMS["tier"]),
)

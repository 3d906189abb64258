"""The commented account template written by `kam new account`."""

from __future__ import annotations

import datetime as dt
import json

from jinja2 import Environment, PackageLoader, StrictUndefined

from kam.labels import ENUMS

_env = Environment(
    loader=PackageLoader("kam", "templates"), undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False
)


def _yaml_str(s: str) -> str:
    # JSON strings are valid YAML double-quoted scalars: safe for any name a user types
    return json.dumps(s, ensure_ascii=False)


def account_template(
    name: str | None = None,
    owner: str | None = None,
    as_of: dt.date | None = None,
    schema_path: str = "../docs/schema/account.schema.json",
    rep: str | None = None,
    sponsor: str | None = None,
) -> str:
    """A commented account file; `rep` and `sponsor` name people of the team in the examples."""
    today = as_of or dt.date.today()
    return _env.get_template("account.yaml.j2").render(
        name=_yaml_str(name or "客户全称 / Customer name"),
        owner=_yaml_str(owner) if owner else None,
        rep=rep or "zhang-wei",
        sponsor=sponsor,
        year=today.year,
        today=today.isoformat(),
        schema_path=schema_path,
        enums={k: ", ".join(v) for k, v in ENUMS.items()},
    )

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
    regions: list[str] | None = None,
) -> str:
    """A commented account file; `rep` and `sponsor` name people of the team in the examples; `regions`
    are the company's own (Settings.regions), else kam's: the file names one of them (east, if there)."""
    today = as_of or dt.date.today()
    enums = {k: ", ".join(v) for k, v in ENUMS.items()}
    if regions:
        enums["region"] = ", ".join(regions)
    return _env.get_template("account.yaml.j2").render(
        name=_yaml_str(name or "客户全称 / Customer name"),
        owner=_yaml_str(owner) if owner else None,
        rep=rep or "zhang-wei",
        sponsor=sponsor,
        year=today.year,
        today=today.isoformat(),
        schema_path=schema_path,
        enums=enums,
        region="east" if not regions or "east" in regions else regions[0],
    )

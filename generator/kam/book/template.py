"""The commented account template written by `kam new account`."""

from __future__ import annotations

import datetime as dt
import json

from jinja2 import Environment, PackageLoader, StrictUndefined

from kam import words
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
    lang: str = "zh",
) -> str:
    """A commented account file; `rep` and `sponsor` name people of the team in the examples; `regions`
    are the company's own (Settings.regions), else kam's: the file names one of them (east, if there).
    In the book's language `lang`: a Chinese book's comments are in both languages, Chinese first, its
    examples Chinese; an English book's all English."""
    today = as_of or dt.date.today()
    zh = lang == "zh"
    enums = {k: ", ".join(v) for k, v in ENUMS.items()}
    if regions:
        enums["region"] = ", ".join(regions)
    contact, contact_name = words.example_person("example_contact", lang)
    return _env.get_template("account.yaml.j2").render(
        name=_yaml_str(name or ("客户全称 / Customer name" if zh else "Customer name")),
        owner=_yaml_str(owner) if owner else None,
        rep=rep or words.example_person("example_rep", lang)[0],
        sponsor=sponsor,
        contact=contact,
        contact_name=contact_name,
        year=today.year,
        today=today.isoformat(),
        schema_path=schema_path,
        enums=enums,
        region="east" if not regions or "east" in regions else regions[0],
        zh=zh,
        t=lambda zh_first, en: zh_first + en if zh else en,  # "区域 / " + "region": a comment in the book's words
        x=lambda zh_text, en: zh_text if zh else en,  # an example, in the book's language
    )

"""The JSON Schema editors use is current, and agrees with kam on the sample book and on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from kam.book.jsonschema import account_schema_text
from kam.cli import main

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "docs" / "schema" / "account.schema.json"


class _NoDates(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay strings."""


_NoDates.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

SAMPLES = sorted(p for p in (ROOT / "accounts").rglob("*.yaml") if not p.name.startswith("_"))


def test_committed_schema_is_current():
    assert SCHEMA.read_text(encoding="utf-8") == account_schema_text(), (
        "run: kam schema --out docs/schema/account.schema.json"
    )


def test_schema_check_command(tmp_path):
    stale = tmp_path / "s.json"
    stale.write_text("{}", encoding="utf-8")
    res = CliRunner().invoke(main, ["--lang", "en", "schema", "--out", str(stale), "--check"])
    assert res.exit_code == 1
    assert res.stderr == f"{stale} is out of date: run `kam schema --out {stale}`\n"
    res = CliRunner().invoke(main, ["--lang", "en", "schema", "--out", str(SCHEMA), "--check"])
    assert res.exit_code == 0


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_files_carry_the_modeline_and_match_the_schema(path):
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == SCHEMA.resolve()
    doc = yaml.load(text, Loader=_NoDates)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = [f"{list(e.path)}: {e.message}" for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)]
    assert errors == []


def test_schema_flags_an_unknown_key_and_a_bad_stage():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = {
        "name": "x",
        "industry": "other",
        "region": "east",
        "lifecycle": "new",
        "potential": 1,
        "opportunities": [{"id": "a", "name": "a", "stage": "propsal", "ammount": 1}],
    }
    msgs = sorted(e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(doc))
    assert any("'propsal' is not one of" in m for m in msgs)
    assert any("'ammount' was unexpected" in m for m in msgs)

"""The README's examples work as written on the sample book."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from kam.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block_after(heading: str) -> str:
    return re.search(rf"{re.escape(heading)}\n\n```\w*\n(.*?)^```", README, flags=re.S | re.M).group(1)


def test_a_reps_day_works_on_the_sample_book(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "accounts", tmp_path / "accounts")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.chdir(tmp_path)
    commands = [ln.split("#")[0].split() for ln in _block_after("A rep's day:").splitlines()]
    assert [c[:2] for c in commands] == [["kam", "new"], ["kam", "validate"], ["kam", "serve"]]
    new, validate = (CliRunner().invoke(main, ["--lang", "en", *c[1:]]) for c in commands[:2])
    assert (new.exit_code, new.stderr) == (0, "")
    assert new.stdout == "created accounts/suzhou-ruifeng.yaml\n"
    assert validate.exit_code == 0 and "valid" in validate.stdout.splitlines()[-1], validate.stdout
    # `kam serve --account ID` previews that file: the id it names is the one just written
    assert (tmp_path / "accounts" / f"{commands[2][-1]}.yaml").is_file()


def test_the_broken_file_lines_are_the_guides_real_output():
    """The README quotes lines of the guide's English example, which tests/test_docs.py runs."""
    guide = (ROOT / "docs" / "guide" / "index.md").read_text(encoding="utf-8")
    lines = _block_after(
        "`kam --lang en validate` on a broken file (from [the reps' guide](docs/guide/index.md), "
        "where each mistake is explained):"
    ).splitlines()
    real = re.search(r"^\$ kam --lang en validate\n(.*?)^```", guide, flags=re.S | re.M).group(1).splitlines()
    assert lines and set(lines) <= set(real), set(lines) - set(real)

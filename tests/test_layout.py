"""The README's Layout section and docs/architecture.md name every room of the package, and only real ones."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "generator" / "kam"


def _layout_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Layout") :]
    return section[section.index("```") + 3 : section.index("```", section.index("```") + 3)]


def _rooms() -> set[str]:
    """The package's top-level folders and modules, as a reader names them (no .py, no dunder files)."""
    out = set()
    for p in PKG.iterdir():
        if p.name.startswith(("_", ".")):
            continue
        if p.is_dir() or p.suffix == ".py":
            out.add(p.stem)
    return out


def test_readme_layout_names_every_room():
    block = _layout_block()
    words = set(re.findall(r"[A-Za-z_]+", block))
    assert not _rooms() - words, f"README Layout does not name: {sorted(_rooms() - words)}"


def test_architecture_names_every_room():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    words = set(re.findall(r"[A-Za-z_]+", text))
    assert not _rooms() - words, f"docs/architecture.md does not name: {sorted(_rooms() - words)}"


def test_folders_the_layout_names_exist():
    block = _layout_block()
    named = re.findall(r"^(\S+/)", block, flags=re.M)
    assert named and all((ROOT / n).is_dir() for n in named), named
    for sub in re.findall(r"^  (\w+)/", block, flags=re.M):
        assert (PKG / sub).is_dir(), sub

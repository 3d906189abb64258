"""tools/sitecompare.py: the check that a faster build changed no page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TOOL = Path(__file__).resolve().parent.parent / "tools" / "sitecompare.py"


def run(a: Path, b: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOL), str(a), str(b), *extra], capture_output=True, text=True)


def site(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_a_changed_page_is_named_with_its_first_differing_line(tmp_path):
    a = site(tmp_path / "a", {"index.html": "<p>x</p>\n<p>same</p>\n", "search/search_index.json": "{}"})
    b = site(
        tmp_path / "b", {"index.html": "<p>y</p>\n<p>same</p>\n", "search/search_index.json": "[]", "new.html": ""}
    )
    r = run(a, b)
    assert r.returncode == 1
    assert "differs: index.html: line 1:" in r.stdout and "'<p>x</p>'" in r.stdout and "'<p>y</p>'" in r.stdout
    assert f"only in {b}: new.html" in r.stdout
    assert "search_index" not in r.stdout  # its contents may change on purpose


def test_the_same_sites_and_the_search_index_on_request(tmp_path):
    a = site(tmp_path / "a", {"index.html": "same", "search/search_index.json": "{}"})
    b = site(tmp_path / "b", {"index.html": "same", "search/search_index.json": "[]"})
    assert run(a, b).returncode == 0
    r = run(a, b, "--ignore", "none")
    assert r.returncode == 1 and "differs: search/search_index.json" in r.stdout

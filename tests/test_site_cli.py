"""`kam build` takes the global --as-of like every other command."""

from __future__ import annotations

import os
import subprocess
import sys

from site_project import make_project


def test_as_of_option_reaches_the_site(tmp_path):
    project = make_project(tmp_path, language="en")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("KAM_AS_OF", None)
    cmd = [sys.executable, "-m", "kam", "--as-of", "2026-12-31", "build", "--site-dir", str(tmp_path / "s")]
    res = subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=env, timeout=300)
    assert res.returncode == 0, res.stderr
    home = (tmp_path / "s" / "index.html").read_text(encoding="utf-8")
    assert "Data as of 2026-12-31" in home


def test_build_leaves_the_calling_process_as_it_was(tmp_path, monkeypatch):
    """`main` called in-process (a script, a test runner) keeps its own environment: the language,
    report date and sitemap date kam hands the plugin are for that build only."""
    from click.testing import CliRunner

    from kam.cli import main

    project = make_project(tmp_path, language="zh")
    monkeypatch.chdir(project)
    ours = ("KAM_LANG", "KAM_AS_OF", "KAM_PREVIEW_ACCOUNT", "SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING")
    for var in ours:
        monkeypatch.delenv(var, raising=False)
    args = ["--lang", "en", "--as-of", "2026-12-31", "build", "--site-dir", str(tmp_path / "s")]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    assert "数据截至 2026-12-31" in (tmp_path / "s" / "index.html").read_text(encoding="utf-8")
    assert [var for var in ours if var in os.environ] == []  # (pandera sets its own on import)

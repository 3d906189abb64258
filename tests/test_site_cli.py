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

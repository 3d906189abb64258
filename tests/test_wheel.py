"""The package as a team installs it: a wheel that carries its templates, words and mappings,
installed in a fresh virtual environment, runs `kam init`, `kam validate` and `kam build`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """`python -m build --wheel`, as a release builds it (an isolated build environment from the
    index pip is configured with), from a copy of the source: the build leaves nothing in this tree."""
    src = tmp_path_factory.mktemp("src")
    shutil.copytree(ROOT / "generator", src / "generator", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("dist")
    r = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "deprecated" not in r.stdout + r.stderr, (
        "the build warns: fix pyproject.toml before the warning becomes an error"
    )
    (whl,) = out.glob("kam-*.whl")
    return whl


def test_the_wheel_carries_what_kam_reads_at_run_time(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "kam/words.yaml",
        "kam/mappings/maven-crm.yaml",
        "kam/templates/account.yaml.j2",
        "kam/templates/site/account.md.j2",
        "kam/templates/site/assets/kam.css",
        "kam/templates/init/mkdocs.yml.j2",
        "kam/templates/init/github/publish.yml.j2",
        f"kam-{wheel.name.split('-')[1]}.dist-info/licenses/LICENSE",
    ):
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "benchmarks/", "tools/")) for n in names)


def test_a_fresh_environment_inits_validates_and_builds(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    r = subprocess.run(
        [
            str(py),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "--no-compile",  # byte-compiling pandas and the rest is most of the install time
            "-c",
            str(ROOT / "requirements" / "lock.txt"),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    kam = str(env_dir / "bin" / "kam")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KAM_LANG")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    steps = [
        [kam, "--lang", "en", "init", "book", "--company", "Acme", "--rep", "wang-lei:王磊"],
        [kam, "--lang", "en", "new", "account", "acme", "--owner", "wang-lei"],
        [kam, "--lang", "en", "validate"],
        [kam, "build", "--strict"],
    ]
    cwd = tmp_path
    for step in steps:
        r = subprocess.run(step, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, (step, r.stdout, r.stderr)
        cwd = tmp_path / "book"
    assert r.returncode == 0
    assert (tmp_path / "book" / "site" / "accounts" / "acme" / "index.html").is_file()
    version = subprocess.run([kam, "--version"], capture_output=True, text=True).stdout
    assert version.startswith("kam, version ") and "unknown" not in version

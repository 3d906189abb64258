"""The GitHub files are valid: workflows against the workflow schema, issue forms against theirs (offline)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"


def _check(schema: str, files: list[Path]) -> subprocess.CompletedProcess:
    exe = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    return subprocess.run([exe, "--builtin-schema", schema, *map(str, files)], capture_output=True, text=True)


@pytest.mark.parametrize(
    "schema, pattern",
    [
        ("vendor.github-workflows", "workflows/*.yml"),
        ("vendor.github-issue-forms", "ISSUE_TEMPLATE/[!c]*.yml"),
        ("vendor.github-issue-config", "ISSUE_TEMPLATE/config.yml"),
    ],
)
def test_schema(schema, pattern):
    files = sorted(GITHUB.glob(pattern))
    assert files, pattern
    r = _check(schema, files)
    assert r.returncode == 0, r.stdout + r.stderr


def test_schema_check_can_fail(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    steps: []\n")  # no runs-on
    assert _check("vendor.github-workflows", [bad]).returncode != 0


def _steps(name):
    wf = yaml.safe_load((GITHUB / "workflows" / name).read_text())
    return wf, [s.get("run", "") + s.get("uses", "") for job in wf["jobs"].values() for s in job.get("steps", [])]


def test_pull_request_workflow_runs_the_checks():
    wf, steps = _steps("pr.yml")
    assert True in wf and "pull_request" in wf[True]  # `on:` is read as True by YAML 1.1
    text = "\n".join(steps)
    for needle in (
        "kam validate --format github",
        "kam codeowners --check",
        'kam diff "origin/${{ github.base_ref }}" HEAD',
        "GITHUB_STEP_SUMMARY",
        "gh pr comment",
        "kam build --strict",
        "actions/upload-artifact",
    ):
        assert needle in text
    checkout = next(
        s for j in wf["jobs"].values() for s in j["steps"] if s.get("uses", "").startswith("actions/checkout")
    )
    assert checkout["with"]["fetch-depth"] == 0


def test_publish_workflow_deploys_pages():
    wf, steps = _steps("publish.yml")
    assert wf[True]["push"]["branches"] == ["main"]
    assert wf["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert "concurrency" in wf
    text = "\n".join(steps)
    assert "actions/upload-pages-artifact" in text and "actions/deploy-pages" in text


def test_pre_commit_hook_validates_account_files():
    cfg = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hook = cfg["repos"][0]["hooks"][0]
    assert cfg["repos"][0]["repo"] == "local"
    assert hook["entry"] == "kam validate" and hook["files"] == r"^accounts/.*\.yaml$"

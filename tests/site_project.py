"""A small kam project for the site tests: mkdocs.yml, a book of two accounts (one hostile), docs/.

``make_project(tmp_path, language="zh", repo_url=None)`` writes it and returns its folder;
``build(project, strict=True)`` builds it with `kam build` in a subprocess and returns the result.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

AS_OF = "2026-11-20"
RICH_ID = "huadong-jingmi"
RICH_NAME = "华东精密机械股份有限公司"
EVIL_ID = "evil"
EVIL_NAME = "<img src=x onerror=alert(1)><script>alert(2)</script>"

BOOK = """\
people:
  - {id: zhang-wei, name: 张伟, role: rep, team: east}
  - {id: li-ming, name: 李明, role: executive}
offerings:
  - {id: mes, name: MES 系统}
  - {id: iot, name: IoT 平台}
"""

RICH = """\
name: 华东精密机械股份有限公司
short_name: 华东精密
owner: zhang-wei
sponsor: li-ming
industry: manufacturing
region: east
lifecycle: stable
size: large
ownership: private
since: 2019-03-01
potential: 30000000
net_margin: 8
business_units: [总装厂, 零部件厂]
needs: [产线数字化]
revenue:
  - {year: 2024, amount: 5200000, gross_profit: 1300000}
  - {year: 2025, amount: 6543210, gross_profit: 1600000}
credit: {rating: AA, limit: 3000000, reviewed: 2026-01-10}
contacts:
  - {id: wang-zong, name: 王总, title: 总经理, level: top, roles: [decision_maker], attitude: support, influence: high, style: analytical}
  - {id: liu-gong, name: 刘工, title: 设备主管, level: middle, roles: [user, guide], attitude: support, influence: medium, reports_to: wang-zong}
  - {id: zhao-cg, name: 赵采购, level: base, roles: [purchaser], attitude: neutral}
competitors:
  - {name: 西门子, kind: direct, status: active, strategy: flanking, share: 30}
opportunities:
  - id: line-upgrade
    name: 总装线升级
    stage: proposal
    amount: 2400000
    created: 2026-06-01
    close: 2027-01-15
    forecast: best_case
    offering: mes
    unit: 总装厂
    qualification: {real: true, compete: true, worth: true}
    buying_centre: [wang-zong, liu-gong, zhao-cg]
    competitors: [西门子]
    next_step: 技术交流会
plan:
  objectives: [份额提升到 30%]
  actions:
    - {title: 安排高层拜访, measure: executive_visit, owner: zhang-wei, due: 2026-10-01}
    - {title: 新品试用, measure: new_product_trial, owner: zhang-wei, due: 2026-12-01}
    - {title: 年度峰会邀请, measure: annual_summit, owner: li-ming, due: 2026-06-01, done: 2026-05-20}
activities:
  - {date: 2026-11-02, kind: visit, by: [zhang-wei], with: [wang-zong], opportunity: line-upgrade, outcome: advance, summary: 方案汇报, advance: 同意安排试用}
  - {date: 2026-09-15, kind: call, by: [zhang-wei], with: [liu-gong], outcome: continuation, summary: 电话跟进}
receivables:
  - {invoice: INV-2026-0001, amount: 800000, issued: 2026-06-01, due: 2026-07-01}
  - {invoice: INV-2026-0002, amount: 500000, issued: 2026-01-10, due: 2026-02-10, paid: 2026-02-08}
surveys:
  - {date: 2026-03-01, satisfaction: 8, expectation: 9, experience: 7.5, respondent: wang-zong, comment: 交付及时}
complaints:
  - {date: 2026-04-01, summary: 备件延迟, severity: medium}
whitespace:
  - {unit: 零部件厂, offering: iot, status: sold}
notes: |
  **重点**：明年扩产。见 [官网](https://example.com) 与 [坏链接](javascript:alert(1))。
  <script>alert("notes")</script>
"""

EVIL = """\
name: "<img src=x onerror=alert(1)><script>alert(2)</script>"
owner: zhang-wei
industry: other
region: south
lifecycle: new
potential: 100000
contacts:
  - {id: x, name: "<b>X</b>", level: base, attitude: oppose}
notes: "<iframe src=javascript:alert(3)></iframe> [click](javascript:alert(4))"
"""


def mkdocs_yml(language: str = "zh", repo_url: str | None = None) -> str:
    lines = ["site_name: kam test", "docs_dir: docs"]
    if repo_url:
        lines += [f"repo_url: {repo_url}", "edit_uri: edit/main/docs/"]
    lines += [
        "theme:",
        "  name: material",
        f"  language: {language}",
        "  font: false",
        "  features: [content.action.edit]",
        "markdown_extensions: [attr_list, admonition, tables]",
        "plugins:",
        "  - search",
        "  - kam:",
        "      book: accounts",
        f"      language: {language}",
        f"      as_of: {AS_OF}",
    ]
    return "\n".join(lines) + "\n"


def make_project(
    tmp_path: Path, language: str = "zh", repo_url: str | None = None, accounts: dict[str, str] | None = None
) -> Path:
    root = tmp_path / f"project-{language}" if repo_url is None else tmp_path / f"project-{language}-repo"
    (root / "accounts").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "guide").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "guide" / "index.md").write_text("# Guide\n\nHow to edit an account file.\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(mkdocs_yml(language, repo_url), encoding="utf-8")
    (root / "accounts" / "_book.yaml").write_text(BOOK, encoding="utf-8")
    for aid, text in (accounts if accounts is not None else {RICH_ID: RICH, EVIL_ID: EVIL}).items():
        (root / "accounts" / f"{aid}.yaml").write_text(text, encoding="utf-8")
    return root


def build(
    project: Path, *args: str, strict: bool = True, site_dir: Path | None = None, env: dict | None = None
) -> subprocess.CompletedProcess:
    cmd = ["build"] + (["--strict"] if strict else [])
    if site_dir is not None:
        cmd += ["--site-dir", str(site_dir)]
    return run_kam(project, *cmd, *args, env=env)


def run_kam(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`kam ARGS` in the project, in a subprocess, messages in the project's language."""
    e = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    e.pop("KAM_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "kam", *args], cwd=project, capture_output=True, text=True, env=e, timeout=300
    )


def build_in_process(project: Path, site: Path, monkeypatch) -> dict[str, bytes]:
    """Build the project in this process (to look inside the build); every built file's bytes."""
    import logging

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795132800")  # the plugin would set it for the whole process
    monkeypatch.delenv("KAM_PREVIEW_ACCOUNT", raising=False)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(project)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    mkdocs_build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}

"""`kam build` takes the global --as-of like every other command."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

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


def _kam(project, monkeypatch, *args, lang="en"):
    from click.testing import CliRunner

    from kam.cli import main

    monkeypatch.chdir(project)
    res = CliRunner().invoke(main, ["--lang", lang, *args])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception  # never a traceback
    return res


def test_serve_on_a_port_in_use_is_a_message(tmp_path, monkeypatch):
    import socket

    project = make_project(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        res = _kam(project, monkeypatch, "serve", "--dev-addr", f"127.0.0.1:{port}", lang="zh")
    assert res.exit_code == 2
    assert res.stderr.startswith(f"无法在 127.0.0.1:{port} 上启动预览（")
    assert res.stderr.endswith(f"请先关闭它，或换一个端口，如 `--dev-addr 127.0.0.1:{port + 1}`\n")


@pytest.mark.parametrize("addr", ["nonsense", "127.0.0.1", "localhost:80:80", "127.0.0.1:99999", "1.2.3:8000"])
def test_serve_with_a_bad_address_is_a_usage_error(tmp_path, monkeypatch, addr):
    res = _kam(make_project(tmp_path), monkeypatch, "serve", "--dev-addr", addr)
    assert (res.exit_code, res.stderr) == (
        2,
        f"`--dev-addr {addr}` is not an address: write IP:PORT, such as 127.0.0.1:8000\n",
    )


def test_serve_an_unknown_account_names_the_nearest(tmp_path, monkeypatch):
    res = _kam(make_project(tmp_path), monkeypatch, "serve", "--account", "huadong-jingmii")
    assert (res.exit_code, res.stderr) == (
        2,
        "no account file `huadong-jingmii.yaml` in `accounts`; did you mean `huadong-jingmi`?\n",
    )


def test_build_with_a_broken_config_is_exit_2_located_in_the_books_language(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    cfg = project / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("as_of: 2026-11-20", "as_of: 2026/11/20"), encoding="utf-8")
    res = _kam(project, monkeypatch, "build")
    line = next(n for n, ln in enumerate(cfg.read_text(encoding="utf-8").splitlines(), 1) if "2026/11/20" in ln)
    assert res.exit_code == 2
    assert res.stderr.splitlines() == [
        f"mkdocs.yml:{line}:{cfg.read_text(encoding='utf-8').splitlines()[line - 1].index('2026') + 1}: error: "
        "`as_of` must be a date written YYYY-MM-DD, like 2026-03-31, not `2026/11/20`",
        "`mkdocs.yml` has errors (above); fix them and run the command again",
    ]
    assert not (project / "site").exists()


def test_build_with_a_config_mkdocs_rejects_is_exit_2(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    cfg = project / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "nav: 3\n", encoding="utf-8")
    res = _kam(project, monkeypatch, "build")
    assert res.exit_code == 2
    assert res.stderr.startswith("`mkdocs.yml`: MkDocs cannot use this configuration: ")

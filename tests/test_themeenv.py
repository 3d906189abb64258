"""The theme's environments as kam has MkDocs use them (kam.site.themeenv): the files MkDocs copies from
the theme are the ones it copied before, a theme folder of the user's included, whatever is in it."""

from __future__ import annotations

import os

import jinja2

from kam.site.themeenv import ThemeLoader
from site_project import build_in_process, make_project


def _copied_from_theme(env, config) -> list[str]:
    from mkdocs.structure.files import Files

    files = Files([])
    files.add_files_from_theme(env, config)
    return sorted((f.src_uri, f.abs_src_path) for f in files)


def _outside_hidden_folders(names: list[str]) -> list[str]:
    return [n for n in names if not any(part.startswith(".") for part in n.split("/")[:-1])]


def _config(project):
    import logging

    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    return load_config(str(project / "mkdocs.yml"))


def test_the_theme_files_mkdocs_copies_are_the_same_without_the_hidden_folders(tmp_path):
    config = _config(make_project(tmp_path))
    plain = config.theme.get_env()
    lean = config.theme.get_env()
    lean.loader = ThemeLoader(plain.loader.searchpath)
    every, listed = plain.list_templates(), lean.list_templates()
    assert len(every) > 10_000 and len(listed) < 1_000  # Material's icons: listed no more
    assert listed == _outside_hidden_folders(every)
    copied = _copied_from_theme(lean, config)
    assert copied == _copied_from_theme(plain, config)
    assert any(uri.endswith("javascripts/bundle.js") or "/bundle." in uri for uri, _ in copied)
    # a template in a hidden folder is still found by name (Material includes its icons so)
    assert lean.get_template(".icons/material/account.svg").render().startswith("<svg")


def test_unreadable_folder_in_a_theme_is_left_out_as_jinja_leaves_it(tmp_path, monkeypatch):
    theme = tmp_path / "theme"
    (theme / "locked").mkdir(parents=True)
    (theme / "locked" / "x.css").write_text("x", encoding="utf-8")
    (theme / "a.css").write_text("a", encoding="utf-8")
    real = os.scandir

    def scandir(path="."):  # the folder cannot be read (chmod 0 does not stop root, who runs CI)
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert ThemeLoader(theme).list_templates() == jinja2.FileSystemLoader(theme).list_templates() == ["a.css"]


def test_a_users_theme_folder_with_links_fifos_and_hidden_files(tmp_path, monkeypatch):
    """custom_dir is the user's: a link to a folder outside is not followed (as Jinja does not), a FIFO is
    listed as Jinja lists it and not read, hidden files and folders are not copied; the build is the
    same as with Jinja's own listing."""
    project = make_project(tmp_path)
    custom = project / "overrides"
    (custom / "assets").mkdir(parents=True)
    (custom / "assets" / "extra.css").write_text("body{}", encoding="utf-8")
    (custom / ".git").mkdir()
    (custom / ".git" / "config").write_text("secret", encoding="utf-8")
    (custom / ".env").write_text("TOKEN=1", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "stolen.css").write_text("x", encoding="utf-8")
    (custom / "linked").symlink_to(outside, target_is_directory=True)
    os.mkfifo(custom / "pipe.css")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1)
    )
    assert "custom_dir: overrides" in (project / "mkdocs.yml").read_text(encoding="utf-8")

    config = _config(project)
    plain = config.theme.get_env()
    lean = config.theme.get_env()
    lean.loader = ThemeLoader(plain.loader.searchpath)
    theirs = _outside_hidden_folders(plain.list_templates())
    assert lean.list_templates() == theirs
    assert "assets/extra.css" in theirs and "linked/stolen.css" not in theirs and "pipe.css" in theirs
    assert ".env" in theirs  # a hidden file is listed (MkDocs does not copy it), only hidden folders are not
    os.unlink(custom / "pipe.css")  # MkDocs would block reading it to copy it: kam's listing is not the cause

    site = build_in_process(project, tmp_path / "site", monkeypatch)
    assert "assets/extra.css" in site
    assert not [name for name in site if ".git" in name or ".env" in name or "stolen" in name]

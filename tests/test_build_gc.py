"""A build makes the book, its figures and its pages with the garbage collector paused and keeps them out of
its passes while MkDocs renders (kam.plugin); when the build ends, failed or not, the collector is as it was."""

from __future__ import annotations

import gc

import pytest
from mkdocs.exceptions import Abort

from site_project import EVIL, RICH, RICH_ID, build_in_process, make_project


def test_a_build_gives_everything_back_to_the_collector(tmp_path, monkeypatch):
    frozen_while_rendering = []
    from kam import plugin

    real = plugin.KamPlugin.on_env

    def on_env(self, env, config, files):
        frozen_while_rendering.append(gc.get_freeze_count())
        return real(self, env, config, files)

    monkeypatch.setattr(plugin.KamPlugin, "on_env", on_env)
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    site = build_in_process(make_project(tmp_path), tmp_path / "site", monkeypatch)
    assert f"accounts/{RICH_ID}/index.html" in site
    assert frozen_while_rendering and frozen_while_rendering[0] > 10_000  # the book and its pages, at least
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_a_failed_build_gives_everything_back_too(tmp_path, monkeypatch):
    broken = RICH.replace("stage: proposal", "stage: maybe")
    project = make_project(tmp_path, accounts={RICH_ID: broken, "evil": EVIL})
    with pytest.raises(Abort):
        build_in_process(project, tmp_path / "site", monkeypatch)
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_what_others_froze_stays_frozen(tmp_path, monkeypatch):
    """A process that froze its own objects before the build (a server forking workers, say) finds them frozen
    after it: kam then freezes nothing of its own, since gc.unfreeze() would thaw theirs too."""
    gc.freeze()
    try:
        theirs = gc.get_freeze_count()
        assert theirs > 0
        site = build_in_process(make_project(tmp_path), tmp_path / "site", monkeypatch)
        assert f"accounts/{RICH_ID}/index.html" in site
        assert gc.get_freeze_count() > theirs // 2 and gc.isenabled()  # theirs (less any since freed)
    finally:
        gc.unfreeze()

"""The theme's templates are compiled once (kam.site.bytecode): once per process in memory, once for
later processes in kam's cache folder; a changed template is compiled again, and a cache folder
that is off, shared or spoiled only costs the compiling."""

from __future__ import annotations

import jinja2
import pytest

from kam.site.bytecode import MemoryBytecodeCache
from site_project import build_in_process, make_project


@pytest.fixture
def compiled(monkeypatch):
    """The names of the templates Jinja compiles."""
    names: list = []
    real = jinja2.Environment.compile

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return names


def test_a_second_build_compiles_no_template_and_builds_the_same_site(tmp_path, monkeypatch, compiled):
    from kam.site import bytecode

    monkeypatch.setenv("KAM_CACHE_DIR", str(tmp_path / "cache"))
    bytecode.CACHE.clear()
    project = make_project(tmp_path)
    first = build_in_process(project, tmp_path / "first", monkeypatch)
    assert "main.html" in compiled and "partials/nav.html" in compiled
    compiled.clear()
    second = build_in_process(project, tmp_path / "second", monkeypatch)
    # none again, the language partials that Material's search plugin reads in environments of its own
    # included (kam.site.themeenv)
    assert compiled == []
    assert first == second


def test_a_changed_template_is_compiled_again(tmp_path):
    cache = MemoryBytecodeCache()
    (tmp_path / "t.html").write_text("one {{ x }}", encoding="utf-8")

    def render():
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=cache)
        return env.get_template("t.html").render(x=1)

    assert render() == "one 1" and len(cache.store) == 1
    (tmp_path / "t.html").write_text("two {{ x }}", encoding="utf-8")
    assert render() == "two 1"


def test_a_new_process_finds_the_compiled_theme_in_the_cache_folder(tmp_path, monkeypatch, compiled):
    from kam.site import bytecode

    cache = tmp_path / "cache"
    monkeypatch.setenv("KAM_CACHE_DIR", str(cache))
    bytecode.CACHE.clear()
    project = make_project(tmp_path / "p")
    first = build_in_process(project, tmp_path / "first", monkeypatch)
    assert "main.html" in compiled
    files = list(cache.rglob("*.bytecode"))
    assert len(files) > 20 and all(f.parent.parent == cache / "templates" for f in files)
    assert oct(files[0].parent.stat().st_mode & 0o777) == oct(0o700)
    assert not [p for p in project.rglob("*") if "bytecode" in p.name]  # nothing written in the project

    bytecode.CACHE.clear()  # what a new process starts with
    compiled.clear()
    assert build_in_process(project, tmp_path / "second", monkeypatch) == first
    assert compiled == []

    # a spoiled file is compiled again, and the site is the same
    for f in files:
        f.write_bytes(b"not bytecode")
    bytecode.CACHE.clear()
    compiled.clear()
    assert build_in_process(project, tmp_path / "third", monkeypatch) == first
    assert "main.html" in compiled


def test_a_cache_folder_others_can_write_to_is_not_read(tmp_path, monkeypatch, compiled):
    from kam.site import bytecode

    cache = tmp_path / "cache"
    monkeypatch.setenv("KAM_CACHE_DIR", str(cache))
    bytecode.CACHE.clear()
    project = make_project(tmp_path / "p")
    build_in_process(project, tmp_path / "first", monkeypatch)
    [folder] = {f.parent for f in cache.rglob("*.bytecode")}
    folder.chmod(0o777)  # anyone could have put code here: it is not run
    bytecode.CACHE.clear()
    compiled.clear()
    build_in_process(project, tmp_path / "second", monkeypatch)
    assert "main.html" in compiled


def test_no_cache_folder_when_it_is_off(tmp_path, monkeypatch, compiled):
    from kam.site import bytecode

    monkeypatch.setenv("KAM_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    bytecode.CACHE.clear()
    project = make_project(tmp_path / "p")
    first = build_in_process(project, tmp_path / "first", monkeypatch)
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()
    bytecode.CACHE.clear()
    compiled.clear()
    assert build_in_process(project, tmp_path / "second", monkeypatch) == first
    assert "main.html" in compiled  # compiled again: nothing was kept


def test_the_cache_keeps_bytes_for_its_user_only(tmp_path, monkeypatch):
    """kam.files' cache, shared by the compiled templates and the vega-embed script the site serves."""
    from kam import files

    monkeypatch.setenv("KAM_CACHE_DIR", str(tmp_path / "c"))
    files.write_cache("a/b.bin", b"kept")
    assert files.read_cache("a/b.bin") == b"kept" and files.read_cache("a/none") is None
    assert oct((tmp_path / "c" / "a").stat().st_mode & 0o777) == oct(0o700)
    assert [p.name for p in (tmp_path / "c" / "a").iterdir()] == ["b.bin"]  # no temporary file left
    (tmp_path / "c" / "a").chmod(0o777)  # someone else could have written it: neither read nor written
    assert files.read_cache("a/b.bin") is None
    files.write_cache("a/c.bin", b"x")
    assert not (tmp_path / "c" / "a" / "c.bin").exists()
    monkeypatch.setenv("KAM_CACHE_DIR", "off")
    assert files.cache_path("a/b.bin") is None and files.read_cache("a/b.bin") is None

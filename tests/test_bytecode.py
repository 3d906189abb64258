"""The theme's templates are compiled once per process (kam.site.bytecode), and a changed template is
compiled again."""

from __future__ import annotations

import jinja2

from kam.site.bytecode import MemoryBytecodeCache
from site_project import build_in_process, make_project


def test_a_second_build_compiles_no_template_and_builds_the_same_site(tmp_path, monkeypatch):
    from kam.site import bytecode

    bytecode.CACHE.clear()
    compiled = []
    real = jinja2.Environment.compile

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    project = make_project(tmp_path)
    first = build_in_process(project, tmp_path / "first", monkeypatch)
    assert "main.html" in compiled and "partials/nav.html" in compiled
    compiled.clear()
    second = build_in_process(project, tmp_path / "second", monkeypatch)
    # only the language partials again, compiled by the search plugin in an environment of its own
    assert {n for n in compiled if not n.startswith("partials/language")} == set(), compiled
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

"""kam publish-check: a public repository publishes only when the book says the site is public;
noindex on every page."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ACCOUNT

EVENTS = Path(__file__).parent / "events"
MKDOCS = "site_name: t\nplugins:\n  - kam:\n      book: accounts\n{extra}"


@pytest.fixture
def project(tmp_path, book):
    book({"acme.yaml": ACCOUNT})

    def write(extra: str = ""):
        (tmp_path / "mkdocs.yml").write_text(MKDOCS.format(extra=extra), encoding="utf-8")

    return write


@pytest.mark.parametrize(
    ("event", "extra", "code", "out"),
    [
        (
            "push-private.json",
            "",
            0,
            "acme/key-accounts is a private repository: publishing; the site is for those "
            "who may see it (see docs/guide/hosting.md)",
        ),
        (
            "push-internal.json",
            "",
            0,
            "acme/key-accounts is an internal repository: publishing; the site is for those "
            "who may see it (see docs/guide/hosting.md)",
        ),
        (
            "push-public.json",
            "      public: true\n",
            0,
            "acme/key-accounts is public and mkdocs.yml says "
            "`public: true`: the site is meant to be public, publishing",
        ),
    ],
)
def test_may_publish(project, kam, event, extra, code, out):
    project(extra)
    assert kam("publish-check", "--event", str(EVENTS / event)) == (code, out + "\n")


@pytest.mark.parametrize("event", ["push-public.json", "dispatch-old.json"])
def test_a_public_repository_is_refused_unless_the_book_says_public(project, kam, event):
    project()
    res = kam.invoke("publish-check", "--event", str(EVENTS / event))
    assert res.exit_code == 1
    assert res.stderr.startswith("refusing to publish: acme/key-accounts is public, and GitHub Pages would show")
    project("      public: false\n")
    assert kam.invoke("publish-check", "--event", str(EVENTS / event)).exit_code == 1


def test_an_unreadable_event_is_exit_2(project, kam, tmp_path):
    project()
    res = kam.invoke("publish-check", "--event", str(tmp_path / "none.json"))
    assert res.exit_code == 2 and res.stderr.startswith(f"cannot read the event file `{tmp_path / 'none.json'}`")
    (tmp_path / "e.json").write_text('{"repository": {}}', encoding="utf-8")
    res = kam.invoke("publish-check", "--event", str(tmp_path / "e.json"))
    assert res.exit_code == 2 and "does not say whether the repository is public" in res.stderr


def test_this_repositorys_demo_site_is_public_on_purpose(monkeypatch):
    from click.testing import CliRunner

    from kam.cli import main

    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    res = CliRunner().invoke(main, ["--lang", "en", "publish-check", "--event", str(EVENTS / "push-public.json")])
    assert res.exit_code == 0, res.stderr


def test_the_publish_workflow_checks_before_it_deploys():
    wf = (Path(__file__).resolve().parent.parent / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert wf.index("kam publish-check") < wf.index("kam build") < wf.index("deploy-pages")

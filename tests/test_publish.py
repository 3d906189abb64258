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


# ------------------------------------------------ a private repository's Pages site can be public
@pytest.mark.parametrize("event", ["push-private.json", "push-internal.json"])
def test_a_public_pages_site_of_a_private_repository_is_refused_unless_the_book_says_public(project, kam, event):
    """GitHub Free, Pro and Team publish every Pages site to anyone, even from a private repository."""
    project()
    args = ("publish-check", "--event", str(EVENTS / event), "--pages", str(EVENTS / "pages-public.json"))
    res = kam.invoke(*args)
    what = "a private repository" if event == "push-private.json" else "an internal repository"
    assert (res.exit_code, res.stdout) == (1, "")
    assert res.stderr.startswith(
        f"refusing to publish: acme/key-accounts is {what}, but its GitHub Pages site is public (every Pages "
        "site on GitHub Free, Pro and Team is)"
    )
    project("      public: true\n")
    assert kam(*args)[0] == 0


def test_a_private_pages_site_publishes(project, kam):
    project()
    args = ("--event", str(EVENTS / "push-private.json"), "--pages", str(EVENTS / "pages-private.json"))
    assert kam("publish-check", *args) == (
        0,
        "acme/key-accounts is a private repository and its GitHub Pages site is private: publishing; the site is "
        "for those who may read the repository\n",
    )
    # a public repository is refused whatever its Pages settings say
    args = ("--event", str(EVENTS / "push-public.json"), "--pages", str(EVENTS / "pages-private.json"))
    assert kam.invoke("publish-check", *args).exit_code == 1


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "cannot read the GitHub Pages settings file `pages.json`: Expecting value"),
        ('{"message": "Not Found", "status": "404"}', "`pages.json` does not say whether the site is public"),
        ('{"public": "yes"}', "`pages.json` does not say whether the site is public"),
    ],
)
def test_pages_settings_that_do_not_say_are_exit_2(project, kam, tmp_path, text, says):
    """`gh api` failed (Pages not set up, no permission) and wrote nothing, or an error: never a publish."""
    project()
    (tmp_path / "pages.json").write_text(text, encoding="utf-8")
    res = kam.invoke("publish-check", "--event", str(EVENTS / "push-private.json"), "--pages", "pages.json")
    assert res.exit_code == 2 and says in res.stderr, res.stderr
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize(
    "text",
    [
        '{"repository": "acme/key-accounts"}',
        "[1, 2]",
        '"push"',
        "[" * 100_000 + "]" * 100_000,
        b"\xff\xfe{".decode("latin-1"),
    ],
)
def test_a_malformed_event_is_exit_2_never_a_traceback(project, kam, tmp_path, text):
    project()
    (tmp_path / "e.json").write_text(text, encoding="latin-1" if "\xff" in text else "utf-8")
    res = kam.invoke("publish-check", "--event", "e.json")
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert res.exit_code == 2 and res.stderr.startswith(("the event file `e.json`", "cannot read the event file")), (
        res.stderr
    )


def test_a_hostile_repository_name_stays_on_one_line(project, kam, tmp_path):
    """The event is data: a name with a newline, a direction override or a workflow command is shown escaped."""
    project()
    name = "acme/x\n::error::forged\u202e<b>" + "y" * 5000
    event = {"repository": {"full_name": name, "private": False}}
    import json

    (tmp_path / "e.json").write_text(json.dumps(event), encoding="utf-8")
    res = kam.invoke("publish-check", "--event", "e.json")
    assert res.exit_code == 1
    assert res.stderr.count("\n") == 1 and "\u202e" not in res.stderr and "\n::error::" not in res.stderr
    assert "acme/x\\n::error::forged\\u202e<b>" in res.stderr

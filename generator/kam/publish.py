"""May this repository publish its site?  Read from the workflow's event data (GITHUB_EVENT_PATH)
and, when given, the repository's GitHub Pages settings (`gh api repos/OWNER/REPO/pages`).

A book holds customer plans, credit positions and personal data about customers' people: GitHub
Pages of a public repository is public, and so is every Pages site on GitHub Free, Pro and Team,
even from a private repository (only Enterprise Cloud has private Pages).  So a public repository,
or a public Pages site, publishes only when the book's config says the site is meant to be public
(`public: true` under the kam plugin in mkdocs.yml).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click


def visibility(event) -> str | None:
    """ "public", "private" or "internal" from a GitHub event payload (None when it does not say)."""
    repo = event.get("repository") if isinstance(event, dict) else None
    if not isinstance(repo, dict):
        return None
    v = repo.get("visibility")
    if v in ("public", "private", "internal"):
        return v
    if isinstance(repo.get("private"), bool):
        return "private" if repo["private"] else "public"
    return None


def pages_public(pages) -> bool | None:
    """Is the GitHub Pages site open to anyone?  (`public` of the Pages API; None when it does not say.)"""
    v = pages.get("public") if isinstance(pages, dict) else None
    return v if isinstance(v, bool) else None


def _repo_name(event) -> str:
    repo = event.get("repository") if isinstance(event, dict) else None
    name = repo.get("full_name") if isinstance(repo, dict) else None
    return name if isinstance(name, str) and name else "?"


def _read_json(path: Path):
    """(data, None) or (None, the reason it cannot be read)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8")), None
    except OSError as e:
        return None, e.strerror or str(e)
    except (ValueError, RecursionError) as e:  # not UTF-8, not JSON, nested past Python's limit
        return None, str(e) or type(e).__name__


def check(event_path: Path, public_ok: bool, pages_path: Path | None = None) -> tuple[int, str, dict]:
    """(exit status, message code, its parameters): 0 may publish, 1 refused, 2 unreadable input."""
    event, reason = _read_json(event_path)
    if reason is not None:
        return 2, "publish-bad-event", {"path": str(event_path), "reason": reason}
    v = visibility(event)
    repo = _repo_name(event)
    if v is None:
        return 2, "publish-no-visibility", {"path": str(event_path)}
    if v == "public":
        return (0, "publish-public-ok", {"repo": repo}) if public_ok else (1, "publish-refused", {"repo": repo})
    if pages_path is None:
        return 0, "publish-private", {"repo": repo, "what": v}
    pages, reason = _read_json(pages_path)
    if reason is not None:
        return 2, "publish-bad-pages", {"path": str(pages_path), "reason": reason}
    site_public = pages_public(pages)
    if site_public is None:
        return 2, "publish-no-pages", {"path": str(pages_path)}
    if not site_public:
        return 0, "publish-private-pages", {"repo": repo, "what": v}
    if public_ok:
        return 0, "publish-public-ok", {"repo": repo}
    return 1, "publish-refused-pages", {"repo": repo, "what": v}


@click.command("publish-check")
@click.option(
    "--event",
    "event_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="The workflow's event file [default: $GITHUB_EVENT_PATH].",
)
@click.option(
    "--pages",
    "pages_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="The repository's GitHub Pages settings, as `gh api repos/OWNER/REPO/pages` prints them: "
    "a public Pages site (every one on GitHub Free, Pro and Team) is refused too.",
)
@click.pass_obj
def publish_check(obj, event_path, pages_path):
    """May this repository publish its site?  Refuses (exit 1) a public repository, or with --pages
    a public GitHub Pages site, unless the book's config says `public: true`.

    Run by the publish workflow before it deploys.  Exit status: 0 may publish, 1 refused, 2 no
    readable event (or Pages) file.
    """
    path = event_path or os.environ.get("GITHUB_EVENT_PATH")
    if not path:
        click.echo(obj.say("publish-bad-event", path="$GITHUB_EVENT_PATH", reason="not set"), err=True)
        sys.exit(2)
    status, code, params = check(Path(path), obj.settings.public, Path(pages_path) if pages_path else None)
    click.echo(obj.say(code, **params), err=status != 0)
    sys.exit(status)

"""May this repository publish its site?  Read from the workflow's event data (GITHUB_EVENT_PATH).

A book holds customer plans, credit positions and personal data about customers' people: GitHub
Pages of a public repository is public.  So a public repository publishes only when the book's
config says the site is meant to be public (`public: true` under the kam plugin in mkdocs.yml).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click


def visibility(event: dict) -> str | None:
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


def check(event_path: Path, public_ok: bool) -> tuple[int, str, dict]:
    """(exit status, message code, its parameters): 0 may publish, 1 refused, 2 unreadable event."""
    try:
        event = json.loads(Path(event_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return 2, "publish-bad-event", {"path": str(event_path), "reason": getattr(e, "strerror", None) or str(e)}
    v = visibility(event)
    repo = (event.get("repository") or {}).get("full_name") or "?" if isinstance(event, dict) else "?"
    if v is None:
        return 2, "publish-no-visibility", {"path": str(event_path)}
    if v != "public":
        return 0, "publish-private", {"repo": repo, "what": v}
    if public_ok:
        return 0, "publish-public-ok", {"repo": repo}
    return 1, "publish-refused", {"repo": repo}


@click.command("publish-check")
@click.option(
    "--event",
    "event_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="The workflow's event file [default: $GITHUB_EVENT_PATH].",
)
@click.pass_obj
def publish_check(obj, event_path):
    """May this repository publish its site?  Refuses (exit 1) a public repository unless the
    book's config says `public: true`: GitHub Pages of a public repository is public.

    Run by the publish workflow before it deploys.  Exit status: 0 may publish, 1 refused, 2 no
    readable event file.
    """
    path = event_path or os.environ.get("GITHUB_EVENT_PATH")
    if not path:
        click.echo(obj.say("publish-bad-event", path="$GITHUB_EVENT_PATH", reason="not set"), err=True)
        sys.exit(2)
    status, code, params = check(Path(path), obj.settings.public)
    click.echo(obj.say(code, **params), err=status != 0)
    sys.exit(status)

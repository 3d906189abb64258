"""`kam build` and `kam serve` (registered on the main group in cli.py).

MkDocs runs the kam plugin; these commands first check what MkDocs would report in its own words or
as a traceback (the config, the report date, the site folder, the address and port, the account to
preview) and say it in the book's language, with kam's exit codes: 0 ok, 1 invalid book or strict
warnings, 2 usage or environment.  `obj` is cli.Context (settings, lang).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import sys
from pathlib import Path

import click


@contextlib.contextmanager
def _plugin_env(obj, **extra: str | None):
    """The plugin's variables for this command only: set, then restored, so nothing leaks into the
    process that called kam (a test runner, a script calling `main` twice)."""
    wanted = {
        "NO_MKDOCS_2_WARNING": os.environ.get("NO_MKDOCS_2_WARNING", "1"),  # MkDocs' end-of-life banner
        "KAM_AS_OF": obj.as_of.isoformat() if obj.as_of else None,  # `kam --as-of D build`
        "KAM_LANG": obj.lang_option,  # messages in this language; the site's language is mkdocs.yml's
        **extra,
    }
    # the plugin sets SOURCE_DATE_EPOCH from the report date: restore it too
    saved = {k: os.environ.get(k) for k in [*wanted, "SOURCE_DATE_EPOCH"]}
    for k, v in wanted.items():
        if v is not None:
            os.environ[k] = v
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _fail(obj, code: str, status: int = 2, **params) -> None:
    click.echo(obj.say(code, **params), err=True)
    sys.exit(status)


def _mkdocs_setup(obj) -> str:
    """The mkdocs.yml to use, its kam settings checked (a broken config is exit 2, located, in the
    book's language); MkDocs' log shown as `mkdocs` shows it."""
    import logging

    from kam.book.diagnostics import format_text, has_errors

    cfg = obj.config or "mkdocs.yml"
    if not Path(cfg).is_file():
        _fail(obj, "no-config", path=cfg)
    obj.settings  # noqa: B018 (reads mkdocs.yml and its kam settings once)
    if has_errors(obj.config_diags):
        errors = [d for d in obj.config_diags if d.severity == "error"]
        click.echo(format_text(errors, obj.lang), err=True, nl=False)
        _fail(obj, "config-invalid", path=cfg)
    log = logging.getLogger("mkdocs")
    if not any(getattr(h, "_kam", False) for h in log.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._kam = True  # type: ignore[attr-defined]
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return cfg


@click.command()
@click.option("--strict", is_flag=True, help="Fail on any MkDocs warning (broken links, ...), as CI does.")
@click.option(
    "--site-dir", type=click.Path(file_okay=False), default=None, help="Write the site here [default: site/]."
)
@click.pass_obj
def build(obj, strict, site_dir):
    """Validate the book and build the site with MkDocs (the kam plugin in mkdocs.yml).

    Errors in the book are printed as path:line:col: error: message and stop
    the build.  Exit status: 0 built, 1 invalid book or strict warnings, 2 configuration error.
    """
    cfg = _mkdocs_setup(obj)
    with _plugin_env(obj):
        _build(obj, cfg, strict, site_dir)


def _build(obj, cfg: str, strict: bool, site_dir) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    overrides = {"site_dir": site_dir} if site_dir else {}
    if site_dir:  # before MkDocs reads it: its own check of a site folder above docs/ is an abort (exit 1)
        root = Path(cfg).resolve().parent
        _refuse_site_dir(obj, Path(site_dir), [root, root / "docs", obj.settings.book_path])
    config = _load_config(obj, cfg, strict=strict, **overrides)
    try:
        root = Path(config["config_file_path"]).resolve().parent
        _refuse_site_dir(obj, Path(config["site_dir"]), [root, Path(config["docs_dir"]), obj.settings.book_path])
        mkdocs_build(config)
    except ConfigurationError as e:  # a plugin's own configuration
        _fail(obj, "mkdocs-config", path=cfg, problem=str(e))
    except (PluginError, Abort) as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(1)
    except OSError as e:  # a full disk, a read-only folder
        _fail(obj, "cannot-write", path=str(e.filename or config["site_dir"]), reason=e.strerror or str(e))


def _load_config(obj, cfg: str, **overrides):
    """MkDocs' configuration; what MkDocs rejects in it is exit 2 (MkDocs has logged the details)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        return load_config(cfg, **overrides)
    except (ConfigurationError, Abort) as e:
        _fail(obj, "mkdocs-config", path=cfg, problem=str(e))


def _refuse_site_dir(obj, site_dir: Path, protected: list[Path]) -> None:
    """MkDocs empties the site folder before it builds: never let that folder be the book or hold it."""
    from kam.files import site_dir_problem

    problem = site_dir_problem(site_dir, protected)
    if problem is not None:
        click.echo(problem.message(obj.lang), err=True)
        sys.exit(2)


def _address(obj, dev_addr: str) -> tuple[str, int]:
    """IP:PORT as MkDocs takes it, or a usage error in the book's language."""
    host, sep, port = dev_addr.rpartition(":")
    try:
        ipaddress.ip_address(host.strip("[]"))
        number = int(port)
        if not sep or not 0 < number < 65536:
            raise ValueError
    except ValueError:
        _fail(obj, "bad-dev-addr", addr=dev_addr)
    return host.strip("[]"), number


def _port_free(obj, host: str, port: int) -> None:
    """Bind the address once before MkDocs does: a port in use is a message, not a traceback."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError as e:
            _fail(obj, "port-in-use", addr=f"{host}:{port}", reason=e.strerror or str(e), next=port + 1)


def _preview_file(obj, account_id: str) -> None:
    """`--account ID` names an account file of the book (did-you-mean when not)."""
    from kam.book.convert import suggest
    from kam.book.loader import discover

    accounts, _, _ = discover(obj.settings.book_path)
    ids = [p.stem for p in accounts]
    if account_id not in ids:
        hint = suggest(account_id, ids)
        code = "no-account-file-hint" if hint else "no-account-file"
        _fail(obj, code, id=account_id, hint=hint, book=str(obj.settings.book_path))


@click.command()
@click.option(
    "--account",
    "account_id",
    default=None,
    metavar="ID",
    help="Preview one account: read only accounts/.../ID.yaml and build only its page (fast in any book).",
)
@click.option("--dev-addr", default=None, metavar="IP:PORT", help="Address to serve on [default: 127.0.0.1:8000].")
@click.pass_obj
def serve(obj, account_id, dev_addr):
    """Serve the site locally and rebuild it when an account file or a page changes.

    With --account ID only that account file (and the book file) is read and
    validated, and only its page, the accounts index and the home page are
    built; open /accounts/ID/ to see it.  Exit status: 1 invalid book, 2 a
    configuration error, an address in use or an unknown account.
    """
    cfg = _mkdocs_setup(obj)
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from ..plugin import PREVIEW_ENV

    if account_id:
        _preview_file(obj, account_id)
    overrides = {"dev_addr": dev_addr} if dev_addr else {}
    if dev_addr:
        host, port = _address(obj, dev_addr)
    else:
        addr = _load_config(obj, cfg).dev_addr
        host, port = addr.host, addr.port
    _port_free(obj, host, port)
    with _plugin_env(obj, **{PREVIEW_ENV: account_id}):
        try:
            mkdocs_serve(config_file=cfg, **overrides)
        except ConfigurationError as e:
            _fail(obj, "mkdocs-config", path=cfg, problem=str(e))
        except (PluginError, Abort) as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(1)
        except OSError as e:  # the port taken between the check and the bind
            _fail(obj, "port-in-use", addr=f"{host}:{port}", reason=e.strerror or str(e), next=port + 1)

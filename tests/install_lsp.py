"""Install what the editor tests need and PyPI cannot give: the YAML language server.

The language server behind VS Code's YAML extension (redhat.vscode-yaml) comes from the npm
registry; it is installed into tests/.lsp (git-ignored) with npm when missing (node and npm
themselves with apt when missing and we are root, as tests/install_browser.py does).  Without
node or npm, or without the registry, it says what is missing: the editor tests then skip, except
under CI=true where they fail.
"""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import sys
from pathlib import Path

VERSION = "1.25.0"  # the version the editor tests were written against (VS Code's YAML extension 1.25)
PREFIX = Path(__file__).resolve().parent / ".lsp"
SERVER = PREFIX / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


def installed() -> bool:
    return SERVER.is_file() and shutil.which("node") is not None


def install() -> str | None:
    """Install the server when missing; None when it is there, else why it is not."""
    if installed():
        return None
    if not shutil.which("node") or not shutil.which("npm"):
        _apt_install_node()
    if not shutil.which("node") or not shutil.which("npm"):
        return "node and npm are needed for the editor tests (apt-get install nodejs npm)"
    PREFIX.mkdir(exist_ok=True)
    # Node trusts its own CA list, not the system's: behind a proxy that re-signs TLS (as on CI
    # machines here) npm retries for many minutes with SELF_SIGNED_CERT_IN_CHAIN unless told
    # about the system bundle, which `.ci/run`'s clean environment does not pass on.
    env = dict(os.environ)
    bundle = ssl.get_default_verify_paths().cafile or "/etc/ssl/certs/ca-certificates.crt"
    if "NODE_EXTRA_CA_CERTS" not in env and os.path.isfile(bundle):
        env["NODE_EXTRA_CA_CERTS"] = bundle
    res = subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(PREFIX),
            "--no-save",
            "--no-audit",
            "--no-fund",
            f"yaml-language-server@{VERSION}",
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=900,
    )
    if res.returncode != 0 or not SERVER.is_file():
        return f"npm could not install yaml-language-server@{VERSION}: {res.stderr.strip()[-500:]}"
    return None


def _apt_install_node() -> None:
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "nodejs", "npm"],
        check=False,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def main() -> int:
    why = install()
    if why:
        print(f"install_lsp: {why}", file=sys.stderr)
        return 1 if os.environ.get("CI") == "true" else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

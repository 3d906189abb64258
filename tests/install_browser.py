"""Install what the browser tests need and PyPI cannot give: Debian's Chromium and a CJK font.

Playwright's own browser download does not work without internet, so the tests
drive Debian's chromium.  Runs apt-get only when something is missing and we
are root; otherwise says what is missing (the browser tests then skip, except
under CI=true where they fail).
"""

import os
import shutil
import subprocess
import sys


def missing() -> list[str]:
    out = []
    if not shutil.which("chromium"):
        out += ["chromium", "chromium-driver"]
    if not any(os.path.exists(p) for p in ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",)):
        out.append("fonts-wqy-microhei")
    return out


def main() -> int:
    need = missing()
    if not need:
        return 0
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        print(f"install_browser: missing {' '.join(need)}; install them to run the browser tests", file=sys.stderr)
        return 0
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *need],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

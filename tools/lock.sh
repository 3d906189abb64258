#!/bin/sh
# Refresh requirements/lock.txt: the exact versions CI, the tests and the site build install.
# pyproject.toml keeps the lower bounds (for people who install kam as a library); this file pins
# every package, extras and test tools included, for every supported Python (--universal).
#   sh tools/lock.sh            re-resolve to the newest versions the bounds allow
#   sh tools/lock.sh --upgrade-package pyyaml   move one package only
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check 'uv==0.13.9'
exec .venv/bin/python -m uv pip compile pyproject.toml --all-extras --universal --python-version 3.10 \
    --custom-compile-command "sh tools/lock.sh" --annotation-style line -o requirements/lock.txt "$@"

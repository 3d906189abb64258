#!/bin/sh
# Set up and run the tests: a virtualenv with kam and its test extras, Chromium for
# the browser tests (installed with apt when missing and we are root), then pytest.
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
.venv/bin/python tests/install_browser.py
exec .venv/bin/python -m pytest "$@"

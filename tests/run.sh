#!/bin/sh
# Set up and run the tests: a virtualenv with kam and its test extras at the exact versions of
# requirements/lock.txt, Chromium for the browser tests (installed with apt when missing and we
# are root), the YAML language server for the editor tests (from npm, into tests/.lsp), then pytest.  KAM_DEPS=latest installs the newest versions the bounds in
# pyproject.toml allow instead, in .venv-latest (the once-a-session check that main still passes).
set -eu
cd "$(dirname "$0")/.."
if [ "${KAM_DEPS:-locked}" = latest ]; then
    venv=.venv-latest
    [ -x $venv/bin/python ] || python3 -m venv $venv
    $venv/bin/python -m pip install -q --disable-pip-version-check --upgrade --upgrade-strategy eager -e '.[test]'
else
    venv=.venv
    [ -x $venv/bin/python ] || python3 -m venv $venv
    PIP_CONSTRAINT=requirements/lock.txt \
        $venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
fi
$venv/bin/python tests/install_browser.py
$venv/bin/python tests/install_lsp.py
exec $venv/bin/python -m pytest "$@"

"""The environment the tests run in is the one requirements/lock.txt describes, to the version."""

from __future__ import annotations

import os
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"
# Installers and the project itself: present in every environment, not dependencies of kam.
NOT_LOCKED = {"pip", "setuptools", "wheel", "kam", "uv"}


def _pins() -> dict[str, str]:
    """Name -> exact version, for the lines whose marker holds on this Python."""
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate():
            (spec,) = req.specifier
            assert spec.operator == "==", line
            pins[canonicalize_name(req.name)] = spec.version
    return pins


def test_the_lock_pins_every_dependency_of_kam_exactly():
    pins = _pins()
    declared = metadata.requires("kam") or []
    names = {canonicalize_name(Requirement(r).name) for r in declared}
    assert names and not names - pins.keys(), sorted(names - pins.keys())


@pytest.mark.skipif(os.environ.get("KAM_DEPS") == "latest", reason="the newest versions, on purpose")
@pytest.mark.skipif(not sys.prefix.endswith(".venv"), reason="only the environment tests/run.sh made from the lock")
def test_installed_versions_are_the_locked_ones():
    pins = _pins()
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    wrong = {n: (v, pins.get(n)) for n, v in installed.items() if n not in NOT_LOCKED and pins.get(n) != v}
    assert not wrong, f"installed (version, locked) differ; run sh tools/lock.sh or sh tests/run.sh: {wrong}"

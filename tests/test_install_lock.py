"""The lock files the README installs from agree with pyproject's dependency ranges
and hold every dependency of what they pin.

A dependency added to pyproject but not to the lock (or a lock pin outside the
allowed range) would install one set of versions for CI and another for a user;
these tests fail until the locks are compiled again (see requirements/README.md).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _pins(lock: str) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements" / lock).read_text().splitlines():
        if match := PIN.match(line):
            pins[canonicalize_name(match[1])] = match[2]
    return pins


def _every_pin_is_hashed(lock: str) -> bool:
    text = (ROOT / "requirements" / lock).read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    return all("--hash=sha256:" in block for block in blocks if PIN.match(block))


@pytest.mark.parametrize(
    ("lock", "extras"), [("app.txt", ()), ("test.txt", ("test",))], ids=["app", "test"]
)
def test_lock_pins_every_declared_dependency_inside_its_range(lock, extras):
    project = _project()
    declared = list(project["dependencies"])
    for extra in extras:
        declared += project["optional-dependencies"][extra]
    pins = _pins(lock)
    for spec in map(Requirement, declared):
        name = canonicalize_name(spec.name)
        assert name in pins, f"{spec.name} is declared in pyproject but not pinned in {lock}"
        assert spec.specifier.contains(pins[name], prereleases=True), (
            f"{lock} pins {spec.name}=={pins[name]}, outside pyproject's {spec.specifier}"
        )
    assert _every_pin_is_hashed(lock), f"every pin in {lock} carries a hash"


def test_app_lock_is_the_test_lock_without_the_test_tools():
    app, test = _pins("app.txt"), _pins("test.txt")
    assert all(test.get(name) == version for name, version in app.items()), (
        "a package pinned in both locks has the same version in both"
    )
    assert "pytest" not in app and "pytest" in test


def test_readme_installs_from_the_locks():
    readme = (ROOT / "README.md").read_text()
    assert "pip install --no-deps -r requirements/app.txt" in readme
    assert "pip install --no-deps -r requirements/test.txt" in readme


@pytest.mark.parametrize("lock", ["app.txt", "test.txt"])
def test_lock_is_closed_under_dependencies(lock):
    """The README installs a lock with --no-deps (pip resolving a dependency's extras
    request, such as justext's `lxml[html_clean]`, would pick the index's newest
    release instead of the pin and refuse it in hash mode), so every dependency of
    every pinned package must be pinned too. Checked against the metadata of the
    installed packages: the test environment is installed from test.txt."""
    from importlib.metadata import PackageNotFoundError, distribution

    pins = _pins(lock)
    missing = []
    for name in pins:
        try:
            requires = distribution(name).requires or []
        except PackageNotFoundError:  # a pin for another platform (its marker is false here)
            continue
        for spec in map(Requirement, requires):
            if spec.marker is not None and not spec.marker.evaluate({"extra": ""}):
                continue
            if canonicalize_name(spec.name) not in pins:
                missing.append(f"{name} needs {spec.name}")
    assert not missing, f"{lock} is missing dependencies: {missing}"

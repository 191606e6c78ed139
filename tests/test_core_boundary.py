"""The core never imports the UI."""

import subprocess
import sys


def test_importing_every_core_module_loads_no_ui() -> None:
    code = (
        "import importlib, pkgutil, sys, annotations\n"
        "for m in pkgutil.walk_packages(annotations.__path__, 'annotations.'):\n"
        "    if m.name != 'annotations.__main__':\n"
        "        importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in {'textual', 'rich', 'tui'})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"annotations imported UI modules: {out}"

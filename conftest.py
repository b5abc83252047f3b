"""Repository-wide pytest configuration.

pytest-odoo 1.0.1 assumes that every collected path lies inside an Odoo
addon: for other paths (tests/, signature_agent/, an addon's own folder) its
``pytest_ignore_collect`` reads a manifest that does not exist and its
``pytest_pycollect_makemodule`` imports modules under ``odoo.addons``.  Paths
outside the addons get pytest's own behaviour here first.
"""
from pathlib import Path

import pytest
from _pytest import main as pytest_main
from _pytest import python as pytest_python

ADDONS = Path(__file__).resolve().parent / "addons"


def _inside_addon(collection_path):
    path = Path(str(collection_path)).resolve()
    parts = path.relative_to(ADDONS).parts if ADDONS in path.parents else ()
    return len(parts) >= 2 and (ADDONS / parts[0] / "__manifest__.py").is_file()


@pytest.hookimpl(tryfirst=True)
def pytest_ignore_collect(collection_path, config):
    if _inside_addon(collection_path):
        return None
    return bool(pytest_main.pytest_ignore_collect(collection_path=collection_path, config=config))


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path, parent):
    if _inside_addon(module_path):
        return None
    return pytest_python.pytest_pycollect_makemodule(module_path=module_path, parent=parent)

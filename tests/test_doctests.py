"""Run the doctests of every library module (migrations and the web app excluded:
they need a running context, and their behaviour is tested elsewhere)."""
import doctest
import importlib
import pkgutil

import pytest

import luoshi

MODULES = sorted(m.name for m in pkgutil.iter_modules(luoshi.__path__, "luoshi.")
                 if not m.name.endswith((".migrations", ".web")))


@pytest.mark.parametrize("name", MODULES)
def test_doctests_pass(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0

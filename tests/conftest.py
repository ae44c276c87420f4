import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "dongcheng-2021.txt"


def shared_or_skip() -> Path:
    """Tests that read ../shared run in CI (where it is always present) and skip elsewhere."""
    if not SHARED.is_dir():
        if os.environ.get("CI"):
            pytest.fail("../shared is missing in CI")
        pytest.skip("../shared is not here")
    return SHARED


@pytest.fixture
def shared() -> Path:
    return shared_or_skip()


@pytest.fixture
def sample_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def reference_tool(name: str):
    """A reference scorer of ../shared/tools (`score` or `score_pairs`) as a module."""
    path = shared_or_skip() / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"reference_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

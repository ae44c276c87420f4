import json

from click.testing import CliRunner

from luoshi.cli import main
from conftest import EXAMPLE


def test_cli_every_command_has_help():
    for name, cmd in main.commands.items():
        assert cmd.help, f"luoshi {name} has no help text"


def test_cli_extract_json_keeps_the_text(sample_text):
    res = CliRunner().invoke(main, ["extract", str(EXAMPLE)])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["text"] == sample_text
    for key in ("source", "structure", "quantities", "tasks", "entities"):
        assert key in doc


def test_cli_extract_missing_file_is_one_line_exit_2(tmp_path):
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.txt")])
    assert res.exit_code == 2
    assert len(res.output.strip().splitlines()) == 1

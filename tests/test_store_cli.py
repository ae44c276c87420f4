"""`luoshi ingest` and `luoshi serve` through click's runner."""
from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from luoshi.cli import main
from luoshi.store import Store


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_cli_ingest_each_file_on_its_own(db, tmp_path, sample_text):
    good = tmp_path / "dongcheng-2021.txt"
    good.write_text(sample_text, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = CliRunner().invoke(main, ["ingest", str(empty), str(good), "--db", db])
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    assert any(ln.startswith("luoshi: ") and "empty.txt" in ln for ln in lines)
    assert any("added" in ln for ln in lines) and "Traceback" not in r.output
    again = CliRunner().invoke(main, ["ingest", str(good), "--db", db])
    assert again.exit_code == 0 and "unchanged" in again.output
    assert len(Store.open(db).reports()) == 1


def test_cli_ingest_with_government_and_year(db, tmp_path, sample_text):
    path = tmp_path / "r.txt"
    path.write_text(sample_text, encoding="utf-8")
    r = CliRunner().invoke(main, ["ingest", str(path), "--government", "某区", "--year", "2025", "--db", db])
    assert r.exit_code == 0, r.output
    assert [(x["government"], x["year"]) for x in Store.open(db).reports()] == [("某区", 2025)]


def test_cli_ingest_env_database(monkeypatch, tmp_path, sample_text):
    monkeypatch.setenv("LUOSHI_DB", str(tmp_path / "env.sqlite"))
    path = tmp_path / "r.txt"
    path.write_text(sample_text, encoding="utf-8")
    assert CliRunner().invoke(main, ["ingest", str(path)]).exit_code == 0
    assert (tmp_path / "env.sqlite").exists()


@pytest.mark.parametrize("args, message", [
    (["ingest", "x.txt", "--db", "nosuch://"], "not a database URL"),
    (["serve", "--db", "nosuch://"], "not a database URL"),
])
def test_cli_bad_database_is_one_line(args, message):
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output


def test_cli_serve_port_in_use(db):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = CliRunner().invoke(main, ["serve", "--port", str(port), "--db", db])
    assert r.exit_code == 2 and "another --port" in r.output


@pytest.mark.parametrize("command", ["ingest", "serve", "export"])
def test_cli_store_commands_have_help(command):
    r = CliRunner().invoke(main, [command, "--help"])
    assert r.exit_code == 0 and "--db" in r.output

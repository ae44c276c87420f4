"""The set-up and office commands: user, unit, remind, taskbook, bulletin."""
import pytest
from click.testing import CliRunner
from docx import Document

from luoshi import track
from luoshi.cli import main
from luoshi.remind import digests
from luoshi.track import Spec
from trackkit import open_store, seed, user


@pytest.fixture
def dbfile(tmp_path, request):
    store = open_store("sqlite", tmp_path, request)
    ids = seed(store.engine)
    yield str(tmp_path / "luoshi.db"), store.engine, ids
    store.close()


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_track_cli_units_and_users(dbfile):
    db, engine, _ = dbfile
    assert run("unit", "add", "区民政局", "--db", db).exit_code == 0
    assert "区民政局\t0 member(s)" in run("unit", "list", "--db", db).output
    r = run("user", "add", "mz", "--role", "member", "--unit", "区民政局", "--db", db, input="long-password\nlong-password\n")
    assert r.exit_code == 0, r.output
    assert "mz\tmember\t区民政局" in run("user", "list", "--db", db).output
    assert run("user", "passwd", "mz", "--password", "another-password", "--db", db).exit_code == 0


@pytest.mark.parametrize("args, message", [
    (("unit", "add", "区教委"), "already exists"),
    (("user", "add", "x", "--role", "member", "--password", "long-password"), "needs --unit"),
    (("user", "add", "x", "--role", "member", "--unit", "没有", "--password", "long-password"), "no unit"),
    (("user", "add", "sup", "--role", "viewer", "--password", "long-password"), "already exists"),
    (("user", "add", "y", "--role", "viewer", "--password", "short"), "at least 8"),
    (("user", "passwd", "nobody", "--password", "long-password"), "no user"),
    (("taskbook", "import", "nofile.xlsx"), "--by"),
])
def test_track_cli_errors_are_one_line(dbfile, args, message):
    db, _, _ = dbfile
    r = run(*args, "--db", db)
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output


def test_track_cli_remind_never_prints_an_empty_digest(dbfile):
    db, engine, ids = dbfile
    assert run("remind", "--db", db).output.strip() == "no unit has a task to remind of"
    track.assign(engine, user(engine, "sup"), Spec(ids[0], "区教委"))     # 2021 task: overdue now
    out = run("remind", "--db", db).output
    assert out.startswith("区教委：") and "红灯" in out and "未签收" in out
    assert "区财政局" not in out and set(digests(engine)) == {"区教委"}


def test_track_cli_bulletin_and_taskbook(dbfile, tmp_path):
    db, engine, ids = dbfile
    sup = user(engine, "sup")
    for tid in ids[:3]:
        track.assign(engine, sup, Spec(tid, "区发展改革委"))
    out = tmp_path / "b.docx"
    r = run("bulletin", "--start", "2021-01-01", "--end", "2021-06-30", "-o", str(out), "--db", db)
    assert r.exit_code == 0, r.output
    text = "\n".join(p.text for p in Document(out).paragraphs)
    assert "纳入督查的重点任务共3项" in text and "红灯" in text and "推进第0项重点工作" in text
    table = Document(out).tables[0]
    assert [c.text for c in table.rows[1].cells][:2] == ["区发展改革委", "3"]
    book = tmp_path / "t.xlsx"
    assert run("taskbook", "export", str(book), "--db", db).output.strip() == f"{book}: 6 tasks"
    r = run("taskbook", "import", str(book), "--by", "sup", "--db", db)
    assert r.output.strip() == "6 rows: 0 assignments created or changed, 3 unchanged, 3 without a lead unit"
    assert run("taskbook", "import", str(book), "--by", "fgw", "--db", db).exit_code == 2


def _local_server(handler_cls):
    import threading
    from http.server import HTTPServer
    server = HTTPServer(("127.0.0.1", 0), handler_cls)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_track_cli_remind_by_webhook_and_smtp(dbfile):
    import json
    import threading
    from http.server import BaseHTTPRequestHandler

    db, engine, ids = dbfile
    track.assign(engine, user(engine, "sup"), Spec(ids[0], "区教委"))
    track.assign(engine, user(engine, "sup"), Spec(ids[1], "区财政局"))
    got = []

    class Robot(BaseHTTPRequestHandler):
        def do_POST(self):
            got.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"errcode": 0, "errmsg": "ok"}')

        def log_message(self, *args):
            pass

    server = _local_server(Robot)
    r = run("remind", "--webhook", f"http://127.0.0.1:{server.server_port}/robot", "--db", db)
    server.shutdown()
    assert r.exit_code == 0 and r.output.splitlines() == ["区教委: posted", "区财政局: posted"]
    assert [m["msgtype"] for m in got] == ["text", "text"] and got[0]["text"]["content"].startswith("区教委：")

    # SMTP: a one-shot fake server that records the messages
    import socket
    messages = []
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def smtp_once():
        conn, _ = listener.accept()
        f = conn.makefile("rwb")
        f.write(b"220 fake\r\n"); f.flush()
        data = None
        for line in f:
            cmd = line.decode().strip()
            if data is not None:
                if cmd == ".":
                    messages.append("\n".join(data)); data = None
                    f.write(b"250 ok\r\n"); f.flush()
                else:
                    data.append(cmd)
                continue
            verb = cmd.split(" ")[0].upper()
            reply = {"EHLO": b"250 fake\r\n", "DATA": b"354 go\r\n", "QUIT": b"221 bye\r\n"}.get(verb, b"250 ok\r\n")
            data = [] if verb == "DATA" else None
            f.write(reply); f.flush()
            if verb == "QUIT":
                break
        conn.close()

    t = threading.Thread(target=smtp_once, daemon=True)
    t.start()
    from luoshi import people
    people.add_user(engine, "jw2", "long-password", "member", unit="区教委", email="jw@example.org")
    r = run("remind", "--smtp-host", "127.0.0.1", "--smtp-port", str(listener.getsockname()[1]), "--no-starttls",
            "--db", db)
    t.join(10)
    listener.close()
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == ["区教委: sent to 1 address(es)",
                                     "区财政局: no member has an e-mail address, not sent"]
    assert len(messages) == 1 and "jw@example.org" in messages[0]

"""The command line: a thin layer over the library. Each command opens what it
needs and calls one library function; errors a user can act on are printed
on one line with exit code 2."""
from __future__ import annotations

import functools
import json
import sys

import click

from .errors import LuoshiError


def _engine(db: str | None):
    """The SQLAlchemy engine of the database at `db` (default: LUOSHI_DB, else the user data dir)."""
    from .store import Store
    return Store.open(db).engine


def user_errors(fn):
    """Turn a LuoshiError into one line on stderr and exit code 2."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except LuoshiError as err:
            click.echo(f"luoshi: {err}", err=True)
            sys.exit(2)
    return wrapper


@click.group()
@click.version_option(package_name="luoshi")
def main() -> None:
    """luoshi (落实): read Chinese government work reports into tracked commitments."""


@main.command()
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["json", "text", "xlsx"]), default="json",
              show_default=True, help="json: the extraction format; text: an outline for people; xlsx: the task table.")
@click.option("--out", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output (required for xlsx).")
@user_errors
def extract(file: str, fmt: str, out: str | None) -> None:
    """Extract outline, quantities, tasks and entities from FILE."""
    from . import pipeline, render
    doc = pipeline.read(file)
    if fmt == "json":
        payload = json.dumps(doc.to_dict(), ensure_ascii=False, indent=1)
    elif fmt == "text":
        payload = render.as_text(doc) + "\n\n" + render.tasks_as_text(doc)
    else:
        render.write_task_xlsx(doc, out or "tasks.xlsx")
        return
    emit(payload, out)


def emit(payload: str, out: str | None) -> None:
    """Print a command's text, or write it to --out."""
    if not out:
        click.echo(payload)
        return
    try:
        with open(out, "w", encoding="utf-8") as f:
            f.write(payload + "\n")
    except OSError as err:
        raise LuoshiError(f"cannot write {out}: {err.strerror}") from None


@main.command("batch")
@click.argument("input_dir", type=click.Path(file_okay=False, path_type=str))
@click.option("--out", "-o", required=True, help="A .sqlite file, a Parquet folder, a .csv folder or a .jsonl file.")
@click.option("--format", "fmt", type=click.Choice(["sqlite", "parquet", "csv", "jsonl"]), default=None,
              help="Output format; by default from OUT's suffix (none: Parquet).")
@click.option("--workers", type=int, default=None, help="Worker processes (default: the core count).")
@click.option("--resume", is_flag=True, help="Continue OUT, skipping files whose hash is already done.")
@click.option("--manifest", type=click.Path(dir_okay=False), default=None,
              help="CSV with a 'file' column and government, level, year to use instead of the text's.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", default=None, help="Dask scheduler address, tcp://HOST:PORT (with --engine dask).")
@user_errors
def batch_cmd(input_dir, out, fmt, workers, resume, manifest, engine, scheduler) -> None:
    """Analyse every report under INPUT_DIR in parallel into OUT."""
    from .batch import batch
    summary = batch(input_dir, out, workers=workers, fmt=fmt, resume=resume, manifest=manifest,
                    engine=engine, scheduler=scheduler, progress=sys.stderr.isatty())
    for path, reason in summary.broken:
        click.echo(f"error: {path}: {reason}", err=True)
    click.echo(summary.line())


@main.command("panel")
@click.argument("out", type=click.Path(exists=True, path_type=str))
@click.option("--metric", default=None, help="Only this metric (synonyms count: GDP = 地区生产总值).")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "json"]), default="csv", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="Write here (Parquet needs it).")
@user_errors
def panel_cmd(out, metric, fmt, output) -> None:
    """Government × year × metric rows from a batch output OUT."""
    from .panel import panel, write_panel
    rows = panel(out, metric)
    text = write_panel(rows, fmt, output)
    if text is not None:
        click.echo(text, nl=False)


@main.command("reconcile")
@click.argument("plan", type=click.Path(dir_okay=False, path_type=str))
@click.argument("later", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["json", "text", "xlsx"]), default="json", show_default=True,
              help="json: shared/spec/reconcile-format.md; text: a summary for people; xlsx: targets and tasks sheets.")
@click.option("--out", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output (required for xlsx).")
@user_errors
def reconcile_cmd(plan: str, later: str, fmt: str, out: str | None) -> None:
    """Reconcile PLAN (a report) with LATER (the next year's report): targets vs actuals, tasks vs evidence."""
    from . import reconcile
    result = reconcile.reconcile_paths(plan, later)
    if fmt == "xlsx":
        reconcile.write_xlsx(result, out or "reconcile.xlsx")
        return
    emit(json.dumps(result, ensure_ascii=False, indent=1) if fmt == "json" else reconcile.as_text(result), out)


@main.command("eval")
@click.argument("gold_dirs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--errors", is_flag=True, help="Also list the misses: figures missed or wrong, wrong metrics and kinds.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--pairs", is_flag=True, help="Score plan/next-report pairs (targets.jsonl folders) instead.")
@user_errors
def eval_cmd(gold_dirs: tuple[str, ...], errors: bool, as_json: bool, pairs: bool) -> None:
    """Score luoshi's extraction against hand-made GOLD_DIRS (each folder, and in total)."""
    if pairs:
        try:
            from .pairs_eval import evaluate_pairs
        except ImportError:
            raise LuoshiError("pair scoring is not available in this build (luoshi.pairs_eval is missing)")
        click.echo(evaluate_pairs(list(gold_dirs), errors))
        return
    from .evaluate import as_json as to_json, evaluate, gold_dirs as find_dirs, report
    ev = evaluate(find_dirs(list(gold_dirs)))
    click.echo(to_json(ev) if as_json else report(ev, errors=errors))


def db_option(fn):
    """--db URL: the database the command works on."""
    return click.option("--db", "db", default=None, metavar="URL",
                        help="Database URL (sqlite:///file, postgresql+psycopg://…) or a SQLite file; "
                             "default: $LUOSHI_DB, else luoshi.sqlite in the user data directory.")(fn)


@main.command("ingest")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--government", default=None, help="The issuing government (default: as the text names it).")
@click.option("--year", type=click.IntRange(1949, 2200), default=None,
              help="The plan year, the year whose work the report plans (default: from the text).")
@click.option("--refresh", is_flag=True, help="Analyse again a file already stored (after upgrading luoshi).")
@db_option
@user_errors
def ingest_cmd(files: tuple[str, ...], government: str | None, year: int | None, refresh: bool,
               db: str | None) -> None:
    """Load report FILES into the database. Each file lands whole or not at all; the same file
    again changes nothing; a corrected file for the same government and year replaces the report,
    keeping every task whose text is unchanged."""
    from .store import Store
    store = Store.open(db)
    failed = 0
    for path in files:
        try:
            click.echo(store.ingest_path(path, government=government, year=year, refresh=refresh).line())
        except LuoshiError as err:       # one bad file does not stop the others
            failed += 1
            click.echo(f"luoshi: {err}", err=True)
    if failed:
        sys.exit(2)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@db_option
@user_errors
def serve_cmd(host: str, port: int, db: str | None) -> None:
    """Serve the web app (reports, tasks, indicators, search, JSON API at /api/, OpenAPI at /docs)."""
    from .web.serve import serve
    serve(host, port, db, announce=click.echo)


@main.command("export")
@click.argument("kind", type=click.Choice(["indicators", "tasks"]))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default=None,
              help="File format (default: from OUT's suffix, else csv).")
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False), help="The file to write.")
@click.option("--report", type=int, default=None, help="Only this report (its id, as `luoshi serve` shows).")
@db_option
@user_errors
def export_cmd(kind: str, fmt: str | None, out: str, report: int | None, db: str | None) -> None:
    """Write the indicators or the task table (任务分解表) as CSV or XLSX."""
    from .export import export
    from .store import Store
    fmt = fmt or ("xlsx" if out.lower().endswith(".xlsx") else "csv")
    n = export(Store.open(db), kind, fmt, out, report_id=report)
    click.echo(f"{out}: {n} {kind}")


@main.group("user")
def user_group() -> None:
    """Accounts of the supervision workflow: admin, supervisor, member (of a unit), viewer."""


@user_group.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["admin", "supervisor", "member", "viewer"]))
@click.option("--unit", default=None, help="The unit a member belongs to (add it first with `luoshi unit add`).")
@click.option("--email", default=None, help="Where `luoshi remind` sends the unit's digest.")
@click.option("--display", default=None, help="The name shown on pages.")
@click.password_option(help="The password (asked for when not given; at least 8 characters).")
@db_option
@user_errors
def user_add_cmd(username, role, unit, email, display, password, db) -> None:
    """Add the account USERNAME."""
    from .people import add_user
    add_user(_engine(db), username, password, role, unit=unit, display=display, email=email)
    click.echo(f"user {username} added ({role}{', ' + unit if unit else ''})")


@user_group.command("passwd")
@click.argument("username")
@click.password_option(help="The new password (asked for when not given).")
@db_option
@user_errors
def user_passwd_cmd(username, password, db) -> None:
    """Set USERNAME's password; their open sessions end."""
    from .people import set_password
    set_password(_engine(db), username, password)
    click.echo(f"password of {username} changed")


@user_group.command("list")
@db_option
@user_errors
def user_list_cmd(db) -> None:
    """List the accounts."""
    from .people import list_users
    for u in list_users(_engine(db)):
        fields = [u["username"], u["role"], u["unit"] or "", u["email"] or ""] + ([] if u["active"] else ["(disabled)"])
        click.echo("\t".join(fields))


@main.group("unit")
def unit_group() -> None:
    """Units (责任单位) that lead or co-operate on tasks."""


@unit_group.command("add")
@click.argument("names", nargs=-1, required=True)
@db_option
@user_errors
def unit_add_cmd(names, db) -> None:
    """Add the units NAMES."""
    from .people import add_unit
    engine = _engine(db)
    for name in names:
        add_unit(engine, name)
        click.echo(f"unit {name} added")


@unit_group.command("list")
@db_option
@user_errors
def unit_list_cmd(db) -> None:
    """List the units and how many members each has."""
    from .people import list_units
    for u in list_units(_engine(db)):
        click.echo(f"{u['name']}\t{u['members']} member(s)")


@main.command("remind")
@click.option("--smtp-host", default=None, help="Send by e-mail through this SMTP server (default: print).")
@click.option("--smtp-port", type=int, default=587, show_default=True)
@click.option("--smtp-user", default=None, help="SMTP login; the password comes from $LUOSHI_SMTP_PASSWORD.")
@click.option("--sender", default="luoshi@localhost", show_default=True, help="The From address.")
@click.option("--no-starttls", is_flag=True, help="Do not upgrade the SMTP connection with STARTTLS.")
@click.option("--webhook", default=None, metavar="URL", help="Post each digest to a 钉钉 / 企业微信 group robot.")
@db_option
@user_errors
def remind_cmd(smtp_host, smtp_port, smtp_user, sender, no_starttls, webhook, db) -> None:
    """催办: recompute the lights, then print (or e-mail) one digest per unit with tasks that need it."""
    import os

    from .remind import Smtp, digests, post_webhook, send
    engine = _engine(db)
    texts = digests(engine)
    if not texts:
        click.echo("no unit has a task to remind of")
    elif webhook:
        for line in post_webhook(texts, webhook):
            click.echo(line)
    elif smtp_host:
        smtp = Smtp(smtp_host, smtp_port, smtp_user, os.environ.get("LUOSHI_SMTP_PASSWORD"), sender, not no_starttls)
        for line in send(engine, texts, smtp):
            click.echo(line)
    else:
        click.echo("\n\n".join(texts.values()))


@main.command("taskbook")
@click.argument("action", type=click.Choice(["export", "import"]))
@click.argument("xlsx", type=click.Path(dir_okay=False, path_type=str))
@click.option("--by", "by", default=None, help="import: the supervisor or admin account the changes are logged under.")
@click.option("--reason", default=None, help="import: why, for the history.")
@db_option
@user_errors
def taskbook_cmd(action, xlsx, by, reason, db) -> None:
    """Export the 任务分解表 to XLSX, or import a filled-in one as a bulk assignment (all rows or none)."""
    from .taskbook import export_taskbook, import_taskbook
    engine = _engine(db)
    if action == "export":
        click.echo(f"{xlsx}: {export_taskbook(engine, xlsx)} tasks")
        return
    from .people import account
    click.echo(import_taskbook(engine, account(engine, by), xlsx, reason=reason).line())


@main.command("bulletin")
@click.option("--start", required=True, type=click.DateTime(["%Y-%m-%d"]), help="First day of the period.")
@click.option("--end", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Last day of the period.")
@click.option("--title", default=None, help="The bulletin's title (default: 重点任务督查通报).")
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False), help="The .docx to write.")
@db_option
@user_errors
def bulletin_cmd(start, end, title, out, db) -> None:
    """督查通报 for a period as a Word document."""
    from .bulletin import bulletin_data, write_bulletin
    write_bulletin(bulletin_data(_engine(db), start.date(), end.date(), title), out)
    click.echo(out)


if __name__ == "__main__":
    main()

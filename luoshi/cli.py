"""The command line: a thin layer over the library. Each command opens what it
needs and calls one library function; errors a user can act on are printed
on one line with exit code 2."""
from __future__ import annotations

import functools
import json
import sys

import click

from .errors import LuoshiError


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
        payload = render.as_text(doc)
    else:
        render.write_task_xlsx(doc, out or "tasks.xlsx")
        return
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write(payload + "\n")
    else:
        click.echo(payload)


if __name__ == "__main__":
    main()

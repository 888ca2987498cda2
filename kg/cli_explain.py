"""`kg explain`: one paper as kg read it, as a page (a thin layer over :mod:`kg.explain`).

Registered by :mod:`kg.cli` through :func:`register`. A file that cannot be read or
extracted gives one line ``kg: FILE: reason`` and exit code 1, the code ``kg ingest`` gives
for the same file. An output that cannot be written is exit code 2 (a bad path) or 1 (a disk
that refused the write).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from kg.cli_common import fail, output_file, write_failed


def _same_file(a: Path, b: Path) -> bool:
    try:
        return b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def explain(
    file: Annotated[Path, typer.Argument(help="The paper to read (.txt .md .html .htm .pdf .docx).",
                                         show_default=False)],
    output: Annotated[str, typer.Option("-o", "--output", help="HTML file to write.", show_default=False)],
) -> None:
    """Show what kg reads in one paper: its text with every entity highlighted (hover for its
    facts), a table of every fact with its citation linked to the line, and what could not
    be placed. Writes one self-contained HTML page that opens from disk; needs no store."""
    from kg.explain import ExtractionFailed, explain_file
    from kg.loaders import LoadError

    try:
        folder = file.is_dir()
    except OSError:           # a name too long: the loader says so
        folder = False
    if folder:
        fail(f"{file}: is a folder, not a file (kg explain reads one paper)", code=1)
    out = output_file(output)
    if _same_file(file, out):
        fail(f"{out}: is the paper itself; give another file name for the page")
    try:
        res = explain_file(file, out)
    except (LoadError, ExtractionFailed) as exc:
        fail(f"{file}: {exc}", code=1)
    except OSError as exc:
        if exc.filename is not None and str(exc.filename) == str(file):   # the paper, not the page
            fail(f"{file}: cannot read ({exc.strerror or type(exc).__name__})", code=1)
        write_failed(out, exc)   # 2 for a bad path, 1 for a disk that refused the write (as kg export)
    typer.echo(f"wrote {res.path}: {res.mentions} mentions ({res.highlighted} highlighted, "
               f"{res.unplaced} not placed), {res.facts} facts", err=True)


def register(app: typer.Typer) -> None:
    """Add the `explain` command to the kg CLI."""
    app.command("explain")(explain)

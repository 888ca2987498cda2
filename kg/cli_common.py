"""Options and helpers shared by every CLI command (kept here so each command module stays thin)."""

from __future__ import annotations

import errno
import os
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from kg.store import GraphStore, StoreError, default_store_dir, open_store

if TYPE_CHECKING:
    from kg.model import Graph

StoreDir = Annotated[Path | None, typer.Option(
    "--store", envvar="KG_STORE", help="Embedded store directory [default: ./kg-store, or $KG_STORE].",
    show_default=False)]
Backend = Annotated[str, typer.Option("--backend", help="Store backend: networkx (embedded) or neo4j.")]
Neo4jUri = Annotated[str | None, typer.Option("--neo4j-uri", envvar="NEO4J_URI",
                                              help="bolt://, neo4j:// or neo4j+s:// URI [$NEO4J_URI].")]
Neo4jUser = Annotated[str | None, typer.Option("--neo4j-user", envvar="NEO4J_USERNAME",
                                               help="Neo4j user [$NEO4J_USERNAME, default neo4j].")]
Neo4jPassword = Annotated[str | None, typer.Option("--neo4j-password", envvar="NEO4J_PASSWORD",
                                                   help="Neo4j password [$NEO4J_PASSWORD].",
                                                   show_default=False)]
Neo4jDatabase = Annotated[str | None, typer.Option("--neo4j-database", envvar="NEO4J_DATABASE",
                                                   help="Neo4j database [$NEO4J_DATABASE, default neo4j].")]


def shown(text: str, *, one_line: bool = True) -> str:
    """Text as it may go to a terminal: control characters, terminal escapes, bidirectional
    overrides and undecodable bytes of file names written as ``\\xNN`` (a name can hold
    anything a file system allows); with ``one_line`` False, line breaks and tabs are kept.

    >>> shown("a\\x1b[2Jb\\nc.pdf"), shown("row\\tx\\nrow2", one_line=False)
    ('a\\\\x1b[2Jb\\\\x0ac.pdf', 'row\\tx\\nrow2')
    """
    # text with nothing to write differently (every character safe_name changes is not printable,
    # and NFC text stays as it is) goes out as it is: importing kg.loaders for safe_name loads the
    # PDF, HTML and Word readers, a fifth of a second that a query's table does not need
    plain = text if one_line else text.replace("\n", "").replace("\t", "")
    if plain.isprintable() and unicodedata.is_normalized("NFC", text):
        return text
    from kg.loaders.normalise import safe_name

    if one_line:
        return safe_name(text)
    return "\n".join("\t".join(safe_name(cell) for cell in line.split("\t")) for line in text.split("\n"))


#: a one-line message longer than this quotes too much of what was typed (a name of 100,000
#: characters): its middle is left out
MESSAGE_MAX = 1000


def shortened(line: str, most: int = MESSAGE_MAX) -> str:
    """``line`` with its middle left out when it is longer than ``most`` characters.

    >>> shortened("kg: no entity named '" + "x" * 50 + "'", 40)
    "kg: no ent... (52 characters left out) ...xxxxxxxxx'"
    """
    if len(line) <= most:
        return line
    keep = most // 2 - 10
    return f"{line[:keep]}... ({len(line) - 2 * keep} characters left out) ...{line[-keep:]}"


def say(text: str, *, err: bool = False, one_line: bool = False) -> None:
    """Print through :func:`shown` (every message with a name in it goes out this way); a one-line
    message is at most :data:`MESSAGE_MAX` characters."""
    out = shown(text, one_line=one_line)
    typer.echo(shortened(out) if one_line else out, err=err)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one line to stderr and exit (2: usage or configuration error)."""
    say(f"kg: {message}", err=True, one_line=True)
    raise typer.Exit(code)


# errors of the path the user gave (exit 2, as for any usage error); others (a full disk, an I/O
# error) are failures of the run (exit 1)
_USAGE_ERRNOS = {errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EACCES, errno.EPERM, errno.EROFS,
                 errno.ENAMETOOLONG, errno.ELOOP, errno.ENXIO}   # ENXIO: a socket, or a FIFO nobody reads


def write_failed(path: object, exc: OSError) -> NoReturn:
    """Exit with one line for an output that could not be written: 2 for a bad path, 1 otherwise."""
    reason = exc.strerror or type(exc).__name__
    if exc.errno == errno.EEXIST:      # making its folders met a file, or a link loop, on the way
        reason = "a part of the path exists and is not a folder"
    fail(f"{path}: cannot write ({reason})", 2 if exc.errno in _USAGE_ERRNOS | {errno.EEXIST} else 1)


def output_file(raw: str, ending: str = ".html") -> Path:
    """The file an ``-o`` option names, or exit 2 with one line: an empty name (``-o "$OUT"`` with
    OUT unset), a name ending in ``/`` (a folder's name: the file would be written beside it), or
    an existing folder."""
    if not raw:
        fail(f"give a file to write (-o FILE{ending}), not an empty name")
    if raw.endswith(("/", os.sep)):
        fail(f"{raw}: ends with '/', a folder's name; give a file name ending {ending}")
    out = Path(raw)
    try:
        folder = out.is_dir()
    except OSError:           # a name too long: the write says so
        folder = False
    if folder:
        fail(f"{out}: is a directory; give a file name ending {ending}")
    return out


def refuse_store_file(output: Path, backend: str, store: Path | None) -> None:
    """Exit 2 with one line when ``output`` is (or links to) a file of the embedded store: `-o
    kg-store/graph.sqlite`, a slip of the tab key, would put a page or an export in place of
    every fact."""
    if backend != "networkx" or not os.path.exists(output):
        return
    where = store if store is not None else default_store_dir()
    for name in ("graph.sqlite", "graph.json", "decisions.yaml"):
        own = where / name
        try:
            same = own.exists() and os.path.samefile(output, own)
        except OSError:
            same = False
        if same:
            fail(f"{output}: is the store's own file ({own}); give another file to write")


def get_store(backend: str, store: Path | None, uri: str | None = None, user: str | None = None,
              password: str | None = None, database: str | None = None) -> GraphStore:
    """Open the chosen store or exit 2 with one line."""
    try:
        if backend == "neo4j":
            return open_store("neo4j", None, uri=uri, username=user, password=password, database=database)
        return open_store(backend, store if store is not None else default_store_dir())
    except StoreError as exc:
        fail(str(exc))


def require_store(backend: str, store: Path | None, committed: bool = False) -> Path:
    """The embedded store directory, or exit 2 when there is none: for a reader a missing store is
    a mistake, not an empty graph. ``committed`` also asks for a finished first ingest (``kg push``
    must never copy an empty graph over a database)."""
    where = store if store is not None else default_store_dir()
    # a folder is a store when it holds a store file (a damaged one is the store's to report; a
    # file given as the folder too): any other folder, even `/`, is not an empty graph
    if backend != "networkx":
        return where
    try:
        present = any((where / f).is_file() for f in ("graph.sqlite", "graph.json")) if committed \
            else any(os.path.lexists(where / f) for f in ("graph.sqlite", "graph.json")) \
            or (where.exists() and not where.is_dir())
    except OSError as exc:    # a name too long, a folder the user may not enter
        fail(f"{where}: cannot use as a store ({exc.strerror or type(exc).__name__})")
    if not present:
        fail(f"{where}: no kg store here (run `kg ingest` first, or pass --store)")
    return where


def read_counts(backend: str, store: Path | None, *neo4j: str | None) -> tuple[dict[str, int], dict[str, int]]:
    """Node counts by label and relationship counts by type (see :func:`read_graph`); the embedded
    store counts its tables without loading the graph."""
    if backend != "networkx":
        return read_graph(backend, store, *neo4j).counts()
    require_store(backend, store)
    st = get_store(backend, store)
    try:
        counts: tuple[dict[str, int], dict[str, int]] = st.counts(check=True)  # type: ignore[attr-defined]
        return counts
    except StoreError as exc:
        fail(str(exc))
    finally:
        st.close()


def read_graph(backend: str, store: Path | None, uri: str | None = None, user: str | None = None,
               password: str | None = None, database: str | None = None) -> Graph:
    """The whole graph of the chosen store, or exit 2 with one line (a missing embedded store is an
    error for a reader: it would otherwise look like an empty graph)."""
    require_store(backend, store)
    st = get_store(backend, store, uri, user, password, database)
    try:
        return st.graph()
    except StoreError as exc:
        fail(str(exc))
    finally:
        st.close()

"""Which files to load, from the paths a user gives: files and folders, recursively.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "b.pdf").write_bytes(b"%PDF-1.4"); _ = (root / "a.txt").write_text("x")
>>> _ = (root / "notes.xyz").write_text("x"); _ = (root / ".hidden.txt").write_text("x")
>>> skipped = []
>>> [(p.name, err) for p, err in discover([root], skipped=skipped)], [p.name for p in skipped]
([('a.txt', None), ('b.pdf', None)], ['notes.xyz'])
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["discover"]


def _suffix_ok(path: Path, suffixes: Iterable[str]) -> bool:
    return path.suffix.lower() in suffixes


def _skip_name(name: str) -> bool:
    # hidden files and folders, and Office lock files ("~$report.docx") met in a folder walk
    return name.startswith(".") or name.startswith("~$")


def _kg_page(path: Path) -> bool:
    """A page kg wrote (an atlas kept beside the papers), met in a walk: skipped, not a paper."""
    if path.suffix.lower() not in (".html", ".htm"):
        return False
    from kg.loaders import kg_page
    return kg_page(path)


def discover(paths: Iterable[str | os.PathLike[str]], *, suffixes: Iterable[str] | None = None,
             skipped: list[Path] | None = None) -> Iterator[tuple[Path, str | None]]:
    """Yield ``(path, None)`` for each file to load and ``(path, reason)`` for each problem.

    Paths are taken in the order given; folders are walked recursively in sorted name
    order, so the result is deterministic. Symbolic links are followed; a link back to a
    folder already being walked (a loop) is reported once and not entered, and a file
    reached twice is yielded once. Hidden files and folders (``.name``) are skipped in a
    walk. A file given explicitly with an unsupported suffix is a problem; one met in a
    walk is skipped silently and appended to ``skipped`` (if given) so the caller can
    count it, and so is a page kg wrote (an atlas kept beside the papers); a FIFO, device
    or socket named like a paper is a problem. A folder given that holds nothing to read is
    a problem too. Reasons are one line, without the path.
    """
    if suffixes is None:
        from kg.loaders import SUPPORTED_SUFFIXES
        suffixes = SUPPORTED_SUFFIXES
    wanted = frozenset(s.lower() for s in suffixes)
    seen_files: set[tuple[int, int]] = set()
    walked_dirs: set[tuple[int, int]] = set()
    met = [0]    # papers met in the folder being walked, those already yielded included

    def file_key(st: os.stat_result) -> tuple[int, int]:
        return (st.st_dev, st.st_ino)

    def listed(folder: Path) -> tuple[list[os.DirEntry[str]], str | None]:
        try:
            with os.scandir(folder) as it:
                return sorted(it, key=lambda e: e.name), None
        except PermissionError:
            return [], "permission denied (cannot list folder)"
        except OSError as exc:
            return [], f"cannot list folder ({exc.strerror or exc})"

    def walk(folder: Path, ancestors: frozenset[tuple[int, int]]) -> Iterator[tuple[Path, str | None]]:
        # depth first in sorted name order with a stack of its own: a folder thousands of levels
        # deep is walked like any other (recursion stopped at Python's limit, with a traceback)
        entries, error = listed(folder)
        if error is not None:
            yield folder, error
            return
        stack: list[tuple[Iterator[os.DirEntry[str]], frozenset[tuple[int, int]]]] = [(iter(entries), ancestors)]
        while stack:
            level, ancestors = stack[-1]
            entry = next(level, None)
            if entry is None:
                stack.pop()
                continue
            if _skip_name(entry.name):
                continue
            path = Path(entry.path)
            try:
                st = os.stat(path)          # follows symbolic links
            except FileNotFoundError:
                if os.path.islink(path):
                    yield path, "broken symbolic link"
                continue
            except PermissionError:
                yield path, "permission denied"
                continue
            except OSError as exc:       # e.g. ELOOP: a link that points at itself
                yield path, f"cannot read ({exc.strerror or exc})"
                continue
            if stat.S_ISDIR(st.st_mode):
                key = file_key(st)
                if key in ancestors:
                    yield path, f"symbolic link loop (points back to {os.path.realpath(path)}); not followed"
                    continue
                if key in walked_dirs:
                    continue      # the same folder reached again through another link
                walked_dirs.add(key)
                inner, error = listed(path)
                if error is not None:
                    yield path, error
                    continue
                stack.append((iter(inner), ancestors | {key}))
            elif stat.S_ISREG(st.st_mode):
                if not _suffix_ok(path, wanted) or _kg_page(path):
                    if skipped is not None:
                        skipped.append(path)
                    continue
                met[0] += 1
                if file_key(st) in seen_files:
                    continue
                seen_files.add(file_key(st))
                yield path, None
            elif _suffix_ok(path, wanted):
                # a FIFO, device or socket named like a paper: said, never opened (a FIFO would
                # block the run, a device never end); one with another name is not a paper, ignored
                yield path, "not a regular file"

    for given in paths:
        path = Path(given)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            yield path, ("broken symbolic link" if os.path.islink(path) else "no such file or folder")
            continue
        except PermissionError:
            yield path, "permission denied"
            continue
        except OSError as exc:
            yield path, f"cannot read ({exc.strerror or exc})"
            continue
        if stat.S_ISDIR(st.st_mode):
            key = file_key(st)
            if key in walked_dirs:
                continue
            walked_dirs.add(key)
            found = False
            met[0] = 0
            for item in walk(path, frozenset({key})):
                found = True
                yield item
            # nothing to read, nothing wrong: still not what the user meant (papers given
            # already, by name or through another folder, are something to read)
            if not found and not met[0]:
                yield path, ("no documents in this folder (reads " + ", ".join(sorted(wanted)) + ")")
        elif stat.S_ISREG(st.st_mode):
            if not _suffix_ok(path, wanted):
                from kg.loaders import unsupported_reason
                yield path, unsupported_reason(path)
                continue
            if file_key(st) in seen_files:
                continue
            seen_files.add(file_key(st))
            yield path, None
        else:
            yield path, "not a regular file"

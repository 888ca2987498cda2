"""A user's merge decisions: spellings to merge and spellings to keep apart (``decisions.yaml``).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "decisions.yaml"
>>> d = Decisions.load(p)
>>> d.add("same", "Person", "Jo Hartley", "Jo Hartly")
True
>>> d.save(p)
>>> Decisions.load(p).merge
[('Person', 'Jo Hartley', 'Jo Hartly')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.outfile import write_text
from kg.schema import load_schema

#: the largest decisions file read (a few thousand decisions take a few hundred KB)
MAX_BYTES = 16 * 2**20

_HEADER = ("# kg merge decisions, read on every ingest (see README, 'Entity resolution').\n"
           "# merge: spellings that name one entity; keep_apart: spellings that never do;\n"
           "# areas: a paper's police force area where kg cannot read it.\n")


class _DuplicateKey(yaml.YAMLError):
    pass


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's safe loader, but a key written twice in one mapping is an error: YAML keeps the last
    and the decisions under the first would silently not be taken."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)   # type: ignore[no-untyped-call]
            if not isinstance(key, (str, int, float, bool)):
                continue          # a list or mapping as a key: the checks after loading refuse it
            if key in seen:
                raise _DuplicateKey(f"key {key!r} written twice (line {key_node.start_mark.line + 1}); "
                                    "put its entries under one key")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


@dataclass
class Decisions:
    """A user's merge decisions, from a small YAML file::

        merge:
          - [Person, "Jo Hartley", "Jo Hartly"]
        keep_apart:
          - [Organisation, "Derby City Council", "Derbyshire County Council"]
        areas:
          12_terms-of-reference.txt: Durham
    """

    merge: list[tuple[str, str, str]] = field(default_factory=list)
    keep_apart: list[tuple[str, str, str]] = field(default_factory=list)
    #: paper id -> its police force area, where kg cannot read it from the paper
    areas: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.merge or self.keep_apart or self.areas)

    @classmethod
    def load(cls, path: Path | None) -> Decisions:
        """Read a decisions file; a missing file means no decisions. Raises ValueError on a bad file."""
        if path is None or not path.exists():
            return cls()
        # a device or FIFO would be read for ever (`/dev/zero`) or block; a decisions file is a
        # few lines a user wrote, never megabytes
        if path.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not path.is_file():
            raise ValueError(f"{path}: not a regular file (a decisions file is a YAML file)")
        if path.stat().st_size > MAX_BYTES:
            raise ValueError(f"{path}: too large for a decisions file ({path.stat().st_size:,} bytes; "
                             f"at most {MAX_BYTES:,})")
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader) or {}
        except _DuplicateKey as exc:
            raise ValueError(f"{path}: {exc}") from None
        except yaml.YAMLError as exc:
            raise ValueError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
        except UnicodeDecodeError:
            raise ValueError(f"{path}: not UTF-8 text") from None
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected keys 'merge' and/or 'keep_apart'")
        unknown = sorted(str(k) for k in data if k not in ("merge", "keep_apart", "areas"))
        if unknown:   # a misspelt key would otherwise be a decision silently not taken
            raise ValueError(f"{path}: unknown key {unknown[0]!r} (the keys are merge, keep_apart, areas)")
        out = cls()
        labels = sorted(load_schema().labels)
        for key in ("merge", "keep_apart"):
            if not isinstance(data.get(key) or [], list):
                raise ValueError(f"{path}: '{key}' must be a list of [Label, name, other name]")
            for row in data.get(key) or []:
                if not (isinstance(row, list) and len(row) == 3 and all(isinstance(x, str) and x.strip()
                                                                         for x in row)):
                    raise ValueError(f"{path}: each '{key}' entry must be [Label, name, other name]")
                if row[0] not in labels:   # a decision about no label would silently not be taken
                    raise ValueError(f"{path}: unknown label {row[0]!r} in '{key}' (one of {', '.join(labels)})")
                getattr(out, key).append((row[0], row[1], row[2]))
        areas = data.get("areas") or {}
        if not isinstance(areas, dict):
            raise ValueError(f"{path}: 'areas' must map a paper's id to its police force area")
        for doc, area in areas.items():
            out.set_area(str(doc), str(area), where=f"{path}: ")
        return out

    def set_area(self, doc: str, area: str, where: str = "") -> None:
        """Say which police force area a paper is from. Raises ValueError on an unknown area.

        >>> d = Decisions(); d.set_area("a.txt", "Durham"); d.areas
        {'a.txt': 'Durham'}
        """
        from kg.extract.area import places

        forces = sorted(set(places().force_of.values()))
        if area not in forces:
            raise ValueError(f"{where}unknown area {area!r} for paper {doc!r} (a police force area: "
                             f"{', '.join(forces[:4])} ...)")
        self.areas[doc] = area

    def add(self, verdict: str, label: str, a: str, b: str) -> bool:
        """Record ``same`` (merge) or ``not-same`` (keep apart) for two spellings; replaces an opposite
        decision on the same pair. Returns False when the decision was already there."""
        if verdict not in ("same", "not-same"):
            raise ValueError(f"decision must be 'same' or 'not-same', not {verdict!r}")
        pair = {a, b}
        self.merge = [r for r in self.merge if not (r[0] == label and {r[1], r[2]} == pair and verdict != "same")]
        self.keep_apart = [r for r in self.keep_apart
                           if not (r[0] == label and {r[1], r[2]} == pair and verdict != "not-same")]
        rows = self.merge if verdict == "same" else self.keep_apart
        if any(r[0] == label and {r[1], r[2]} == pair for r in rows):
            return False
        rows.append((label, a, b))
        return True

    def save(self, path: Path) -> None:
        """Write the file whole or not at all (a temporary file renamed over it). A file that is
        there is edited, not rewritten: the user's comments, order and quoting stay, decisions
        no longer taken are dropped and new ones added at the end of their list.

        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "decisions.yaml"
        >>> _ = p.write_text("keep_apart:  # checked with the clerk\\n  - [Board, A Group, B Group]\\n")
        >>> d = Decisions.load(p); _ = d.add("same", "Person", "Jo Hartley", "Jo Hartly"); d.save(p)
        >>> for line in p.read_text().splitlines(): print(repr(line))
        'keep_apart:  # checked with the clerk'
        '  - [Board, A Group, B Group]'
        'merge:'
        '  - [Person, Jo Hartley, Jo Hartly]'
        """
        text = self._edited(path) if path.is_file() else None
        if text is None:
            data: dict[str, object] = {"merge": [list(r) for r in self.merge],
                                       "keep_apart": [list(r) for r in self.keep_apart]}
            if self.areas:
                data["areas"] = dict(sorted(self.areas.items()))
            text = _HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        # a regular file through a temporary file and a rename, keeping its mode; a symbolic link
        # (decisions kept under version control elsewhere) is written through, never replaced
        write_text(path, text)

    def _edited(self, path: Path) -> str | None:
        """The file at ``path`` with these decisions in place of its own, by ruamel.yaml's round
        trip (comments, order, quoting and flow style kept); None when it cannot be read that way
        (then it is written anew, as a new file is)."""
        from io import StringIO

        from ruamel.yaml import YAML
        from ruamel.yaml.comments import CommentedMap, CommentedSeq
        from ruamel.yaml.error import YAMLError

        try:
            old = path.read_text(encoding="utf-8")
            rt = YAML()                    # round trip
            rt.preserve_quotes = True
            doc = rt.load(old)
        except (OSError, UnicodeDecodeError, YAMLError):
            return None
        if doc is None:
            doc = CommentedMap()
        if not isinstance(doc, CommentedMap):
            return None
        rt.width = 4096                    # a long name is not folded onto a second line
        # the user's indentation of a list under its key ("  - [...]" or "- [...]")
        if re.search(r"^[ ]+- ", old, re.M):
            rt.indent(mapping=2, sequence=4, offset=2)
        for key in ("merge", "keep_apart"):
            rows = getattr(self, key)
            seq = doc.get(key)
            if not isinstance(seq, CommentedSeq):
                seq = doc[key] = CommentedSeq()
            wanted = list(rows)
            for i in reversed(range(len(seq))):     # drop the rows no longer decided
                row = tuple(seq[i]) if isinstance(seq[i], list) else None
                if row in wanted:
                    wanted.remove(row)
                else:
                    del seq[i]
            for row in wanted:                      # add the new ones, one line each
                item = CommentedSeq(row)
                item.fa.set_flow_style()
                seq.append(item)
            if not seq:     # `[]`: an emptied block list under a comment is written as invalid YAML
                seq.fa.set_flow_style()
        if self.areas or "areas" in doc:
            areas = doc.get("areas")
            if not isinstance(areas, CommentedMap):
                areas = doc["areas"] = CommentedMap()
            for k in [k for k in areas if str(k) not in self.areas]:
                del areas[k]
            keys = {str(k): k for k in areas}      # a paper id the user wrote as a number: 12
            for k, v in sorted(self.areas.items()):
                if areas.get(keys.get(k, k)) != v:
                    areas[keys.get(k, k)] = v
        out = StringIO()
        rt.dump(doc, out)
        text = out.getvalue()
        # what the next ingest reads must be these decisions: a round trip that says otherwise (a
        # construct ruamel.yaml writes back wrongly) gives way to a file written anew
        try:
            again = yaml.load(text, Loader=_UniqueKeyLoader) or {}
        except yaml.YAMLError:
            return None
        same = ([tuple(r) for r in again.get("merge") or []] == self.merge
                and [tuple(r) for r in again.get("keep_apart") or []] == self.keep_apart
                and {str(k): str(v) for k, v in (again.get("areas") or {}).items()} == self.areas)
        return text if same else None

"""Which files a run checks: named files, directories walked in a stable order, `-` for stdin.

Deal repositories take pull requests from anyone, so the walk trusts nothing it finds: a
symbolic link is reported and never followed (it could point outside the tree, at a secret or
at a device, or loop), and only regular files are read (`load.read_bytes` checks again when it
opens them). Every name is shown escaped, so a file name cannot garble or forge a report line.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from .load import escape_char
from .run import Source

YAML_SUFFIXES = (".yaml", ".yml")
SYMLINK = "symbolic link not followed (name the file it points to instead)"
NOT_REGULAR = "not a regular file"


def display(path: Path | str) -> str:
    """A path as printed: escaped where it holds characters that would garble a line."""
    text = os.fsdecode(path) if isinstance(path, Path) else path
    if text.isprintable():  # nearly every name: nothing to escape (a lone surrogate is not printable)
        return text
    # Bytes that are not UTF-8 arrive as lone surrogates; show them as the bytes they were.
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else escape_char(ch) for ch in text)


def discover(paths: Iterable[str], skip_non_deals: bool = False) -> Iterator[Source]:
    """The files to check; with `skip_non_deals`, named files are treated as found by a walk."""
    for arg in paths:
        if arg == "-":
            yield Source("<stdin>", None)
            continue
        path = Path(arg)
        try:
            mode = path.lstat().st_mode
        except OSError as exc:
            yield Source(display(arg), None, problem=f"cannot read: {exc.strerror or exc}")
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path)
        elif stat.S_ISREG(mode):
            yield Source(display(arg), path, explicit=not skip_non_deals)
        else:
            yield Source(display(arg), None, problem=SYMLINK if stat.S_ISLNK(mode) else NOT_REGULAR)


def _walk(root: Path) -> Iterator[Source]:
    """Depth-first, sorted by name; hidden entries skipped; symbolic links reported.

    The walk keeps its own stack, so a deep tree cannot exhaust Python's recursion limit.
    """
    stack: list[Iterator[os.DirEntry[str]] | Path] = [root]
    while stack:
        top = stack.pop()
        if isinstance(top, Path):
            try:
                with os.scandir(top) as scan:
                    entries = sorted(scan, key=lambda e: e.name)
            except OSError as exc:
                problem = f"cannot list the directory: {exc.strerror or exc}"
                yield Source(display(top), None, explicit=False, problem=problem)
                continue
            stack.append(iter(entries))
            continue
        for entry in top:
            if entry.name.startswith("."):
                continue
            path = entry.path
            try:
                if entry.is_symlink():
                    if entry.name.endswith(YAML_SUFFIXES) or entry.is_dir():
                        yield Source(display(path), None, explicit=False, problem=SYMLINK)
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(top)
                    stack.append(Path(path))
                    break
                if entry.name.endswith(YAML_SUFFIXES):
                    if entry.is_file(follow_symlinks=False):
                        yield Source(display(path), path, explicit=False)
                    else:
                        yield Source(display(path), None, explicit=False, problem=NOT_REGULAR)
            except OSError as exc:
                problem = f"cannot read: {exc.strerror or exc}"
                yield Source(display(path), None, explicit=False, problem=problem)

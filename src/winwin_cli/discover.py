"""Which files a run checks: named files, directories walked in a stable order, `-` for stdin."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from .run import Source

YAML_SUFFIXES = (".yaml", ".yml")


def display(path: Path | str) -> str:
    """A path as printed: escaped where it holds characters that would garble a line."""
    text = os.fsdecode(path) if isinstance(path, Path) else path
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def discover(paths: Iterable[str]) -> Iterator[Source]:
    for arg in paths:
        if arg == "-":
            yield Source("<stdin>", None)
            continue
        path = Path(arg)
        try:
            info = path.lstat()
        except OSError as exc:
            yield Source(display(arg), None, problem=f"cannot read: {exc.strerror or exc}")
            continue
        if stat.S_ISDIR(info.st_mode) or (stat.S_ISLNK(info.st_mode) and path.is_dir()):
            yield from _walk(path)
        elif (
            stat.S_ISREG(path.stat().st_mode)
            if stat.S_ISLNK(info.st_mode) and path.exists()
            else stat.S_ISREG(info.st_mode)
        ):
            yield Source(display(arg), path)
        else:
            yield Source(display(arg), None, problem="not a regular file")


def _walk(root: Path) -> Iterator[Source]:
    """Depth-first, sorted; hidden directories skipped; symlinks reported, never followed."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        yield Source(display(root), None, problem=f"cannot list the directory: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_symlink():
                if entry.name.endswith(YAML_SUFFIXES) or entry.is_dir():
                    yield Source(display(path), None, explicit=False, problem="symbolic link not followed")
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path)
            elif entry.name.endswith(YAML_SUFFIXES):
                if entry.is_file(follow_symlinks=False):
                    yield Source(display(path), path, explicit=False)
                else:
                    yield Source(display(path), None, explicit=False, problem="not a regular file")
        except OSError as exc:
            yield Source(display(path), None, explicit=False, problem=f"cannot read: {exc.strerror or exc}")

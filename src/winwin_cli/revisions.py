"""Deal files at git revisions, for `winwin diff --rev`: read with git plumbing, never a shell.

Every git call has a timeout, runs without a pager or prompts, and reads only local objects.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

from .diff import Pair, Version, read_version
from .discover import YAML_SUFFIXES, discover, display
from .errors import FatalError

TIMEOUT = 30
_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_PAGER": "cat",
    "GIT_NO_LAZY_FETCH": "1",  # never fetch missing objects of a partial clone
    "GIT_OPTIONAL_LOCKS": "0",
    "LC_ALL": "C",
}


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, **_ENV}
    try:
        return subprocess.run(
            ["git", "-c", "core.fsmonitor=false", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise FatalError("--rev needs git, and git is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise FatalError(f"git {args[0]} took longer than {TIMEOUT} seconds") from None
    except OSError as exc:
        raise FatalError(f"cannot run git: {exc.strerror or exc}") from None


def _message(process: subprocess.CompletedProcess[bytes]) -> str:
    text = process.stderr.decode("utf-8", "replace").strip().splitlines()
    return text[0].removeprefix("fatal: ") if text else f"git exited with status {process.returncode}"


class Repository:
    def __init__(self, cwd: Path) -> None:
        process = _git(["rev-parse", "--show-toplevel"], cwd)
        if process.returncode != 0:
            raise FatalError(f"--rev: {display(cwd)} is not in a git repository ({_message(process)})")
        self.cwd = cwd
        self.root = Path(os.fsdecode(process.stdout.rstrip(b"\n")))

    def commit(self, rev: str) -> str:
        """The commit a revision names; `FatalError` when it names none."""
        if not rev or rev.startswith("-"):
            raise FatalError(f"--rev: '{rev}' is not a revision")
        process = _git(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], self.root
        )
        if process.returncode != 0:
            raise FatalError(f"--rev: unknown revision '{rev}'")
        return process.stdout.decode().strip()

    def relative(self, arg: str) -> str:
        """A command-line path as a path inside the repository (forward slashes)."""
        absolute = Path(os.path.realpath(self.cwd / arg))
        try:
            inside = absolute.relative_to(os.path.realpath(self.root))
        except ValueError:
            raise FatalError(f"{display(arg)}: outside the git repository at {display(self.root)}") from None
        return inside.as_posix() if str(inside) != "." else ""

    def files(self, commit: str, path: str) -> list[str]:
        """The files at or under `path` in a commit."""
        args = ["ls-tree", "-r", "-z", "--name-only", "--full-tree", commit]
        process = _git([*args, "--", path] if path else args, self.root)
        if process.returncode != 0:
            raise FatalError(f"git ls-tree failed: {_message(process)}")
        return [os.fsdecode(name) for name in process.stdout.split(b"\0") if name]

    def read(self, commit: str, path: str) -> bytes:
        process = _git(["cat-file", "blob", f"{commit}:{path}"], self.root)
        if process.returncode != 0:
            raise FatalError(f"git cat-file failed for {path}: {_message(process)}")
        return process.stdout


def rev_pairs(revs: list[str], args: list[str], cwd: Path) -> Iterator[Pair]:
    """Each file the paths name, at the first revision and at the second (or on disk)."""
    repo = Repository(cwd)
    old_commit = repo.commit(revs[0])
    new_commit = repo.commit(revs[1]) if len(revs) > 1 else None
    here = os.path.realpath(cwd)
    seen: set[str] = set()
    for arg in args:
        rel = repo.relative(arg)
        old_files = set(repo.files(old_commit, rel))
        on_disk = cwd / arg
        if new_commit is not None:
            new_files = set(repo.files(new_commit, rel))
        elif on_disk.is_dir():
            new_files = {repo.relative(str(s.path)) for s in discover([str(on_disk)]) if s.path is not None}
        else:
            new_files = {rel} if on_disk.exists() else set()
        both = old_files | new_files
        if on_disk.is_dir() or (both and both != {rel}):
            names = sorted(n for n in both if n.endswith(YAML_SUFFIXES))
        else:
            names = [rel]
        for name in names:
            if name in seen:
                continue
            seen.add(name)
            shown = display(os.path.relpath(repo.root / name, here))
            old = Version(f"{revs[0]}:{name}", repo.read(old_commit, name) if name in old_files else None)
            if new_commit is not None:
                new = Version(f"{revs[1]}:{name}", repo.read(new_commit, name) if name in new_files else None)
            else:
                new = _disk(shown, repo.root / name if name in new_files else None)
            yield Pair(shown, old, new)


def _disk(shown: str, path: Path | None) -> Version:
    if path is None:
        return Version(shown, None)
    return read_version(shown, path)

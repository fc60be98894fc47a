"""Walking a hostile tree (issue 5, item 2): links are reported and never followed, only regular
files are read, nothing blocks or loops, and every name is printed escaped."""

from __future__ import annotations

import errno
import json
import os
import sys
import threading
from pathlib import Path

import pytest

from conftest import EXAMPLES, TODAY, run_winwin
from winwin_cli import load
from winwin_cli.discover import NOT_REGULAR, SYMLINK, discover, display
from winwin_cli.errors import LoadError
from winwin_cli.load import read_bytes

DEAL = (EXAMPLES / "standard-hooli.yaml").read_bytes()
SECRET = b"winwin: 1\nSECRET-TOKEN: hunter2\n"


def problems(paths: list[str]) -> dict[str, str | None]:
    return {s.name: s.problem for s in discover(paths)}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_bytes(SECRET)
    root = tmp_path / "deals"
    (root / "sub").mkdir(parents=True)
    (root / "good.yaml").write_bytes(DEAL)
    (root / "leak.yaml").symlink_to(outside / "secret.yaml")
    (root / "escape").symlink_to(outside)
    (root / "sub" / "up").symlink_to(root)
    (root / "loop-a.yaml").symlink_to(root / "loop-b.yaml")
    (root / "loop-b.yaml").symlink_to(root / "loop-a.yaml")
    (root / "dangling.yaml").symlink_to(tmp_path / "missing.yaml")
    return root


def test_links_are_reported_never_followed(tree: Path) -> None:
    found = problems([str(tree)])
    assert found == {
        str(tree / "dangling.yaml"): SYMLINK,
        str(tree / "escape"): SYMLINK,
        str(tree / "good.yaml"): None,
        str(tree / "leak.yaml"): SYMLINK,
        str(tree / "loop-a.yaml"): SYMLINK,
        str(tree / "loop-b.yaml"): SYMLINK,
        str(tree / "sub" / "up"): SYMLINK,
    }


def test_a_named_link_is_not_followed_either(tree: Path) -> None:
    assert problems([str(tree / "leak.yaml"), str(tree / "escape")]) == {
        str(tree / "leak.yaml"): SYMLINK,
        str(tree / "escape"): SYMLINK,
    }


def test_the_secret_never_reaches_the_report(tree: Path) -> None:
    result = run_winwin("check", "--today", TODAY, "--format", "json", str(tree), str(tree / "leak.yaml"))
    assert result.returncode == 2
    assert "SECRET" not in result.stdout
    assert "hunter2" not in result.stdout
    report = json.loads(result.stdout)
    assert [d["file"] for d in report["deals"]] == [str(tree / "good.yaml")]


def test_a_link_swapped_in_after_the_walk_is_not_opened(tree: Path) -> None:
    with pytest.raises(OSError, match="symbolic link not followed"):
        read_bytes(tree / "leak.yaml", 1024)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_is_reported_and_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert problems([str(fifo), str(tmp_path)]) == {str(fifo): NOT_REGULAR}
    # Opened directly (as if swapped in after the walk): refused at once, not read.
    outcome: list[BaseException] = []
    thread = threading.Thread(target=lambda: _capture(outcome, fifo), daemon=True)
    thread.start()
    thread.join(5)
    assert not thread.is_alive(), "reading a FIFO blocked"
    assert isinstance(outcome[0], OSError)
    assert "not a regular file" in str(outcome[0])


def _capture(outcome: list[BaseException], path: Path) -> None:
    try:
        read_bytes(path, 1024)
    except BaseException as exc:  # the test inspects it
        outcome.append(exc)


def test_devices_are_not_read() -> None:
    assert problems(["/dev/zero", "/dev/null"]) == {"/dev/zero": NOT_REGULAR, "/dev/null": NOT_REGULAR}


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, for whom chmod 000 changes nothing: the open is made to fail instead."""
    locked = tmp_path / "locked.yaml"
    locked.write_bytes(DEAL)
    real_open = os.open

    def refuse(path: object, *args: object, **kwargs: object) -> int:
        if str(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(load.os, "open", refuse)
    from winwin_cli.run import FileResult, Source, read_source

    result = read_source(Source(str(locked), locked), lambda: b"")
    assert isinstance(result, FileResult)
    assert result.exit_code == 2
    assert result.errors[0].message == "cannot read the file: Permission denied"


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads anything")
def test_unreadable_file_for_real(tmp_path: Path) -> None:
    locked = tmp_path / "locked.yaml"
    locked.write_bytes(DEAL)
    locked.chmod(0)
    result = run_winwin("check", str(locked))
    assert result.returncode == 2
    assert "Permission denied" in result.stdout


def test_unlistable_directory_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from winwin_cli import discover as module

    def refuse(path: object) -> object:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(module.os, "scandir", refuse)
    assert problems([str(tmp_path)]) == {str(tmp_path): "cannot list the directory: Permission denied"}


def test_files_larger_than_the_limit_are_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024 * 1024)  # sparse: 10 GiB that would take long to read
    with pytest.raises(LoadError, match="larger than the limit of 1048576 bytes"):
        read_bytes(big, 1024 * 1024)


def test_a_deep_tree_does_not_exhaust_the_stack(tmp_path: Path) -> None:
    deep = tmp_path
    for _ in range(sys.getrecursionlimit() + 200):
        deep = deep / "d"
        try:
            deep.mkdir()
        except OSError as exc:  # pragma: no cover - a file system with short paths
            pytest.skip(f"cannot build the tree: {exc}")
    (deep / "deal.yaml").write_bytes(DEAL)
    try:
        names = [s.name for s in discover([str(tmp_path)])]
        assert names == [str(deep / "deal.yaml")]
    finally:
        # pytest's own clean-up of old temporary directories recurses, so undo the tree here.
        (deep / "deal.yaml").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent


def test_walk_order_is_sorted_and_hidden_entries_skipped(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yml", ".hidden.yaml", "notes.txt"):
        (tmp_path / name).write_bytes(DEAL)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.yaml").write_bytes(DEAL)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "d.yaml").write_bytes(DEAL)
    assert [Path(s.name).name for s in discover([str(tmp_path)])] == ["a.yml", "b.yaml", "d.yaml"]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (b"new\nline.yaml", "new\\x0aline.yaml"),
        (b"bad\xff.yaml", "bad\\xff.yaml"),
        (b"esc\x1b[31m.yaml", "esc\\x1b[31m.yaml"),
        ("bidi\u202eyaml.exe.yaml".encode(), "bidi\\u202eyaml.exe.yaml"),
        (b"cr\rforged.yaml", "cr\\x0dforged.yaml"),
    ],
)
def test_names_are_printed_escaped(name: bytes, shown: str, tmp_path: Path) -> None:
    path = os.path.join(os.fsencode(tmp_path), name)
    with open(path, "wb") as handle:
        handle.write(b"winwin: 1\n")
    (source,) = discover([str(tmp_path)])
    assert source.name == display(tmp_path) + "/" + shown
    result = run_winwin("check", "--today", TODAY, str(tmp_path))
    assert result.returncode == 2
    assert f"{shown}:1:1: error" in result.stdout.replace("\n", "")


def test_skip_non_deals_treats_named_files_as_walked(tmp_path: Path) -> None:
    named = tmp_path / "named.yaml"
    named.write_bytes(DEAL)
    assert [s.explicit for s in discover([str(named)])] == [True]
    assert [s.explicit for s in discover([str(named)], skip_non_deals=True)] == [False]

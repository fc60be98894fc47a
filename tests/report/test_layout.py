"""`layout` lays uncoloured text out exactly as rich does, or declines: checked against rich itself."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from conftest import ROOT
from winwin_cli import run
from winwin_cli.playbook import load_playbook
from winwin_cli.report import layout
from winwin_cli.report.terminal import COLUMNS, TerminalReporter, deal_view, plain_lines, to_rich

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
WIDTHS = (12, 20, 30, 40, 50, 60, 72, 80, 90, 100, 120, 150, 200)


def rich_lines(*renderables: object, width: int) -> list[str]:
    console = Console(width=width, no_color=True, force_terminal=False, highlight=False, emoji=False)
    with console.capture() as capture:
        console.print(*renderables)
    return capture.get().split("\n")[:-1]


@pytest.fixture(scope="module")
def results() -> list[run.FileResult]:
    options = run.Options(playbook=load_playbook(), today=dt.date(2026, 11, 23))
    return [run.check_one(run.Source(str(p), p), options, bytes) for p in EXAMPLES]


def test_every_example_is_laid_out_as_rich_lays_it_out(results: list[run.FileResult]) -> None:
    plain_at: dict[int, int] = dict.fromkeys(WIDTHS, 0)
    for result in results:
        assert result.deal is not None, result.errors
        for quiet in (False, True):
            blocks = tuple(deal_view(result.deal, quiet=quiet))
            for width in WIDTHS:
                lines = plain_lines(blocks, width)
                if lines is not None:
                    plain_at[width] += 1
                    assert lines == rich_lines(Group(*(to_rich(b) for b in blocks)), width=width), (
                        f"{result.file} at width {width}"
                    )
    # From 40 columns on, every example is laid out without rich; below, rich shrinks the table.
    assert {width: plain_at[width] for width in WIDTHS if width >= 40} == {
        width: 2 * len(results) for width in WIDTHS if width >= 40
    }
    assert plain_at[12] < 2 * len(results)


def test_the_reporter_writes_what_rich_writes(results: list[run.FileResult]) -> None:
    for width in (40, 80, 100):
        plain, reference = TerminalReporter(width, color=False), TerminalReporter(width, color=None)
        for result in results:
            assert plain.add(result) == reference.add(result)
        summary = run.Summary()
        for result in results:
            summary.add(result)
        assert plain.end(summary) == reference.end(summary)


def test_errors_are_written_on_one_line_whatever_their_length() -> None:
    error = run.FileError("deals/" + "x" * 150 + ".yaml", 3, 7, "a message " * 20)
    result = run.FileResult(error.file, errors=(error,))
    plain, reference = TerminalReporter(60, color=False), TerminalReporter(60, color=None)
    text = plain.add(result)
    assert text == reference.add(result)
    assert text.count("\n") == 1


# Text of words, spaces, line breaks, and characters outside the subset (wide, zero-width).
WORDS = st.text(alphabet="abcdefghij KLM-.,:'\n\u00a0é€·✓中\u200b\u0301", max_size=120)


@settings(max_examples=400, deadline=None)
@given(text=WORDS, width=st.integers(min_value=1, max_value=50))
def test_wrapping_is_rich_s_or_declined(text: str, width: int) -> None:
    lines = layout.wrap(text, width)
    if lines is not None:
        assert lines == rich_lines(Text(text), width=width)


CELL = st.text(alphabet="abcdefgh KL-\n·✓", max_size=60)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.tuples(CELL, CELL, CELL, CELL), max_size=4),
    width=st.integers(min_value=8, max_value=130),
)
def test_tables_are_rich_s_or_declined(rows: list[tuple[str, ...]], width: int) -> None:
    lines = layout.table(COLUMNS, rows, width)
    if lines is not None:
        table = Table(show_lines=True, expand=True, pad_edge=False)
        for column in COLUMNS:
            table.add_column(column.header, ratio=column.ratio, no_wrap=column.no_wrap)
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        assert lines == rich_lines(table, width=width)


def test_a_usual_table_is_laid_out() -> None:
    rows = [("WW101\nline 3", "win-lose\nerror", "A discount: " + "word " * 40, "cfo ✓")]
    assert layout.table(COLUMNS, rows, 100) is not None


def test_narrow_characters_are_one_cell_wide_for_rich() -> None:
    narrow = [chr(code) for code in range(0x20, 0x2800) if layout.narrow(chr(code))]
    assert len(narrow) > 700
    assert [ch for ch in narrow if cell_len(ch) != 1] == []
    for outside in ("中", "e\u0301", "\u200d", "\t"):
        assert not layout.narrow(outside)


def test_the_width_rich_would_take(monkeypatch: pytest.MonkeyPatch) -> None:
    assert layout.console_width(57, {"COLUMNS": "90"}) == 57
    assert layout.console_width(None, {"COLUMNS": "90"}) == 90

    def no_terminal(fd: int) -> object:
        raise OSError("not a terminal")

    monkeypatch.setattr(layout.os, "get_terminal_size", no_terminal)
    assert layout.console_width(None, {"COLUMNS": "wide"}) == 80
    assert layout.console_width(None, {}) == 80


def test_an_uncoloured_report_never_imports_rich(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from winwin_cli.cli import main\n"
        "try:\n"
        "    main(['check', '--today', '2026-11-23', '--color', 'never', *sys.argv[1:]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, EXAMPLES)],
        capture_output=True,
        text=True,
        env={"COLUMNS": "100", "PATH": "", "NO_COLOR": "1"},
        cwd=tmp_path,
        check=False,
    )
    assert done.stdout.count(" FAIL ") + done.stdout.count(" PASS ") == len(EXAMPLES)
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr

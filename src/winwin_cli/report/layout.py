"""Uncoloured text laid out exactly as rich lays it out, for what the terminal report prints.

Importing rich and letting it measure every cell is a fifth of a one-deal check's start-up and
most of the terminal report's time per deal. Without colour, the report is plain text whose
layout follows a few of rich's rules (word wrapping, folding and cutting, the widths of an
expanding table, the heavy-headed box), reproduced here for a subset: every character one cell
wide, and a table whose columns fit without shrinking. Outside that subset the
functions return None and the caller asks rich. `tests/report/test_layout.py` holds the two
equal, on the examples, at many widths and on generated text.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from typing import NamedTuple

# Characters rich gives one cell: printable ASCII, Latin letters and signs (less the soft
# hyphen), general punctuation and currency signs but their spaces and invisibles, and the tick.
_NOT_NARROW = re.compile("[^\n\x20-\x7e\xa0-\xac\xae-\u02ff\u2010-\u2027\u2030-\u205e\u20a0-\u20c0\u2713]")
_WORD = re.compile(r"\s*\S+\s*")  # rich._wrap.re_word: a word and the spaces around it
_TRAILING_SPACE = re.compile(r"\s+$")


def narrow(text: str) -> bool:
    """Whether every character of `text` takes one cell (or is a line break)."""
    return _NOT_NARROW.search(text) is None


def console_width(width: int | None, environ: os._Environ[str] | dict[str, str] = os.environ) -> int:
    """The width rich's console takes for a report written to a buffer: as given, else COLUMNS,
    else the first of standard input, output and error that is a terminal, else 80."""
    if width is not None:
        return width
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd).columns or 80
        except (AttributeError, ValueError, OSError):
            continue
    return 80


def _breaks(line: str, width: int, fold: bool) -> list[int]:
    """rich's `divide_line`: where `line` breaks to fit `width`; a longer word is folded or kept."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(line):
        start, word = match.start(), match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            if fold:
                chunks = [word[n : n + width] for n in range(0, len(word), width)]
                for chunk in chunks:
                    if start:
                        breaks.append(start)
                    start += len(chunk)
                offset = len(chunks[-1])
            else:
                if start:
                    breaks.append(start)
                offset = len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def _pieces(line: str, width: int, fold: bool) -> list[str]:
    """One line broken at `width`, less rich's `rstrip_end` (spaces past the width go)."""
    breaks = _breaks(line, width, fold)
    out: list[str] = []
    for start, end in zip([0, *breaks], [*breaks, len(line)], strict=True):
        piece = line[start:end]
        if len(piece) > width:
            spaces = _TRAILING_SPACE.search(piece)
            if spaces is not None:
                piece = piece[: len(piece) - min(len(spaces.group()), len(piece) - width)]
        out.append(piece)
    return out


def wrap(text: str, width: int) -> list[str] | None:
    """The lines rich prints for a `Text` of `text` at `width` (console.print, no justify)."""
    if width < 1 or not narrow(text):
        return None
    lines: list[str] = []
    for line in text.split("\n"):
        lines += [piece[:width] for piece in _pieces(line, width, fold=True)]
    return lines


def _cell(text: str, width: int, no_wrap: bool) -> list[str]:
    """A table cell's lines: wrapped unless `no_wrap`, cut with an ellipsis, padded to `width`."""
    lines: list[str] = []
    for line in text.split("\n"):
        lines += [line] if no_wrap else _pieces(line, width, fold=False)
    return [line[: width - 1] + "…" if len(line) > width else line.ljust(width) for line in lines]


class Column(NamedTuple):
    header: str
    ratio: int | None = None  # a flexible column's share of the width left by the fixed ones
    no_wrap: bool = False


# rich.box.HEAVY_HEAD, by the rows that use it.
_TOP = ("┏", "━", "┳", "┓")
_HEAD = ("┃", "┃", "┃")
_HEAD_ROW = ("┡", "━", "╇", "┩")
_BODY = ("│", "│", "│")
_ROW = ("├", "─", "┼", "┤")
_BOTTOM = ("└", "─", "┴", "┘")


def _rule(widths: Sequence[int], left: str, horizontal: str, cross: str, right: str) -> str:
    return left + cross.join(horizontal * width for width in widths) + right


def _normalize(low: int, high: int) -> tuple[int, int]:
    low = min(max(0, low), high)
    return max(0, low), max(0, low, high)


def _measure(text: str, max_width: int, padding: int) -> int:
    """The maximum of rich's `Measurement.get` of a padded text cell."""
    if max_width < 1:
        return 0
    inner = max_width - padding
    if inner < 1:
        low, high = max_width, max_width
    else:
        lines = text.splitlines()
        high = max(len(line) for line in lines) if lines else 0
        words = text.split()
        low = max(len(word) for word in words) if words else high
        low, high = _normalize(low, high)
        low, high = min(low, inner), min(high, inner)
        if high < 1:
            low = high = 0
        else:
            low, high = _normalize(low, high)
        low, high = min(low + padding, max_width), min(high + padding, max_width)
    low, high = _normalize(low, high)
    low, high = min(low, max_width), min(high, max_width)
    return 0 if high < 1 else _normalize(low, high)[1]


def _distribute(total: int, ratios: Sequence[int], minimums: Sequence[int] | None = None) -> list[int]:
    """rich's `ratio_distribute`."""
    if minimums is not None:
        ratios = [ratio if low else 0 for ratio, low in zip(ratios, minimums, strict=True)]
    total_ratio = sum(ratios)
    remaining = total
    out: list[int] = []
    for ratio, low in zip(ratios, minimums or [0] * len(ratios), strict=True):
        share = max(low, math.ceil(ratio * remaining / total_ratio)) if total_ratio > 0 else remaining
        out.append(share)
        total_ratio -= ratio
        remaining -= share
    return out


def table(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> list[str] | None:
    """The lines of a rich `Table(show_lines=True, expand=True, pad_edge=False)` at `width`.

    None when any text is not narrow, or when the columns would have to shrink.
    """
    last = len(columns) - 1
    if last < 0 or any(not narrow(cell) for row in rows for cell in row):
        return None
    # Cell padding (0, 1), but none at the table's outer edges.
    pads = [(0 if n == 0 else 1, 0 if n == last else 1) for n in range(len(columns))]
    max_width = width - (2 + last)  # the edges and the dividers
    cells = [[column.header for column in columns], *(list(row) for row in rows)]
    widths: list[int] = []
    for n in range(len(columns)):
        padding = sum(pads[n])
        highs = [_measure(row[n], max_width, padding) for row in cells]
        widths.append(min(max(highs), max_width) if max_width >= 1 else 0)
    widths = [width or 1 for width in widths]
    ratios = [column.ratio or 0 for column in columns if column.ratio is not None]
    if any(ratios):
        fixed = [0 if column.ratio is not None else widths[n] for n, column in enumerate(columns)]
        minimums = [1 + sum(pads[n]) for n, column in enumerate(columns) if column.ratio is not None]
        flexible = iter(_distribute(max_width - sum(fixed), ratios, minimums))
        widths = [
            fixed[n] + next(flexible) if column.ratio is not None else widths[n]
            for n, column in enumerate(columns)
        ]
    if sum(widths) > max_width:
        return None  # rich would shrink columns
    if sum(widths) < max_width:
        widths = [
            w + extra for w, extra in zip(widths, _distribute(max_width - sum(widths), widths), strict=True)
        ]
    rendered: list[list[list[str]]] = []
    for row in cells:
        shaped: list[list[str]] = []
        for n, column in enumerate(columns):
            left, right = pads[n]
            inner = widths[n] - left - right
            if inner < 1:
                return None
            lines = _cell(row[n], inner, column.no_wrap)
            shaped.append([" " * left + line + " " * right for line in lines])
        rendered.append(shaped)
    out = [_rule(widths, *_TOP)]
    for index, shaped in enumerate(rendered):
        height = max(len(lines) for lines in shaped)
        blank = [" " * w for w in widths]
        if index == 0:  # the header row sits at the bottom of its height
            grid = [[blank[n]] * (height - len(lines)) + lines for n, lines in enumerate(shaped)]
        else:
            grid = [lines + [blank[n]] * (height - len(lines)) for n, lines in enumerate(shaped)]
        edge, divider, right_edge = _HEAD if index == 0 else _BODY
        out += [edge + divider.join(cell[line] for cell in grid) + right_edge for line in range(height)]
        if index == 0:
            out.append(_rule(widths, *_HEAD_ROW))
        elif index < len(rendered) - 1:
            out.append(_rule(widths, *_ROW))
    out.append(_rule(widths, *_BOTTOM))
    return out

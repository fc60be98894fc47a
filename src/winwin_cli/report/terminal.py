"""The terminal report: a header, a concession table, the ledger and the verdict per deal.

What the report says is built once, as styled pieces (`Styled`, `Grid`); rich draws them, or,
without colour and within `layout`'s subset, `layout` lays them out as rich would, without
importing rich (see layout.py).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, NamedTuple

from ..classify import DealResult, Finding
from ..run import FileError, FileResult, Summary
from ..waivers import LABELS, tally_lines
from . import layout
from .common import money as money  # noqa: PLC0414 - re-exported for other reports
from .common import safe as safe  # noqa: PLC0414

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

CLASS_STYLE = {"win-win": "bold green", "win-lose": "bold red", "lose-win": "bold magenta"}
WAIVER_STYLE = {
    "applied": "cyan",
    "not-needed": "dim",
    "expired": "yellow",
    "unused": "yellow",
    "beyond-horizon": "bold red",
    "ignored": "dim",
}
SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


class ConsoleBuffer:
    """A rich console printing into a string, for reporters that return their text.

    `color` None lets the terminal decide; `take()` returns what was printed since the last call.
    """

    def __init__(self, width: int | None = None, color: bool | None = None) -> None:
        from rich.console import Console

        self._buffer = io.StringIO()
        self.console = Console(
            file=self._buffer,
            width=width,
            force_terminal=color,
            no_color=color is False,
            highlight=False,
            emoji=False,
            soft_wrap=False,
            legacy_windows=False,
        )

    def take(self) -> str:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text


class Styled:
    """A line of the report as pieces of text with their styles: rich's `Text`, before rich."""

    __slots__ = ("pieces", "style")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.style = style  # of the whole text
        self.pieces: list[tuple[str, str]] = [(text, "")] if text else []

    def append(self, text: str, style: str = "") -> Styled:
        self.pieces.append((text, style))
        return self

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.pieces)

    def rich(self) -> Text:
        from rich.text import Text

        text = Text(style=self.style)
        for piece, style in self.pieces:
            text.append(piece, style=style or None)
        return text


class Grid(NamedTuple):
    """The findings table: a styled text per cell."""

    rows: list[tuple[Styled, ...]]


# The findings table's columns.
COLUMNS = (
    layout.Column("Rule", no_wrap=True),
    layout.Column("Class", no_wrap=True),
    layout.Column("Finding", ratio=4),
    layout.Column("Approvals", ratio=1),
)

Block = Styled | Grid


def error_line(error: FileError) -> Styled:
    """`file:line:col: error: message`, the location first so that editors can jump to it."""
    line = Styled()
    line.append(safe(f"{error.file}:{error.line}:{error.column}: "), "bold")
    line.append("internal error" if error.internal else "error", "bold red")
    line.append(": " + safe(error.message.removeprefix("internal error: ")))
    return line


def error_text(error: FileError) -> Text:
    return error_line(error).rich()


class TerminalReporter:
    def __init__(
        self, width: int | None = None, color: bool | None = None, verbose: bool = False, quiet: bool = False
    ) -> None:
        self._width, self._color = width, color
        self._rich: ConsoleBuffer | None = None
        # Without colour the report is plain text, which `layout` can lay out as rich would.
        self._plain_width = layout.console_width(width) if color is False else None
        self._verbose = verbose
        self._quiet = quiet  # only failing deals (their failing findings), errors and the summary
        self._first = True
        self._out: list[str] = []

    def begin(self) -> str:
        return ""

    def add(self, result: FileResult) -> str:
        if result.skipped:
            if self._verbose:
                self._print(Styled(f"{safe(result.file)}: skipped (no top-level winwin: key)", "dim"))
            return self._take()
        for error in result.errors:
            self._print(error_line(error), soft_wrap=True)  # one error, one line, never wrapped
            if error.internal and error.detail and self._verbose:
                self._print(Styled(error.detail, "dim"))
        if result.deal is not None and not (self._quiet and result.deal.verdict == "pass"):
            if not self._first:
                self._print()
            self._first = False
            self._print(*deal_view(result.deal, quiet=self._quiet))
        return self._take()

    def end(self, summary: Summary) -> str:
        self._print()
        if summary.waivers is not None:
            for line, status in tally_lines(summary.waivers):
                self._print(Styled(safe(line), WAIVER_STYLE.get(status, "bold")), soft_wrap=True)
        self._print(summary_line(summary))
        return self._take()

    def _print(self, *blocks: Block, soft_wrap: bool = False) -> None:
        """What one `console.print` of `blocks` writes: laid out here when plain, else by rich."""
        if self._plain_width is not None:
            lines = plain_lines(blocks, self._plain_width, soft_wrap)
            if lines is not None:
                self._out.append("".join(line + "\n" for line in lines) if lines else "\n")
                return
        if self._rich is None:
            self._rich = ConsoleBuffer(self._width, self._color)
        console = self._rich.console
        if not blocks:
            console.print()
        elif len(blocks) == 1 and isinstance(blocks[0], Styled):
            console.print(blocks[0].rich(), soft_wrap=soft_wrap)
        else:
            from rich.console import Group

            console.print(Group(*(to_rich(block) for block in blocks)), soft_wrap=soft_wrap)
        self._out.append(self._rich.take())

    def _take(self) -> str:
        text = "".join(self._out)
        self._out.clear()
        return text


def plain_lines(blocks: tuple[Block, ...], width: int, soft_wrap: bool = False) -> list[str] | None:
    """The lines rich prints for `blocks` without colour at `width`; None outside `layout`'s subset."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Grid):
            drawn = layout.table(COLUMNS, [[cell.plain for cell in row] for row in block.rows], width)
        elif soft_wrap:
            drawn = block.plain.split("\n")
        else:
            drawn = layout.wrap(block.plain, width)
        if drawn is None:
            return None
        lines += drawn
    return lines


def to_rich(block: Block) -> Text | Table:
    if isinstance(block, Styled):
        return block.rich()
    from rich.table import Table

    table = Table(show_lines=True, expand=True, pad_edge=False)
    for column in COLUMNS:
        table.add_column(column.header, ratio=column.ratio, no_wrap=column.no_wrap)
    for row in block.rows:
        table.add_row(*(cell.rich() for cell in row))
    return table


def deal_view(deal: DealResult, quiet: bool = False) -> list[Block]:
    head = Styled()
    if deal.verdict == "pass":
        head.append(" PASS ", "bold black on green")
    else:
        head.append(" FAIL ", "bold white on red")
    head.append(" ")
    head.append(safe(deal.id), "bold")
    if deal.title:
        head.append(" " + safe(deal.title))
    head.append(" · " + safe(deal.counterparty))
    head.append(f"  ({safe(deal.file)})", "dim")
    facts = Styled(
        f"{deal.relationship} · {deal.kind} · {deal.stage} · net annual "
        f"{money(deal.net_annual, deal.currency)} · {deal.term_months} months · total contract value "
        f"{money(deal.tcv, deal.currency)} · playbook {safe(deal.playbook)}",
        "dim",
    )
    parts: list[Block] = [head, facts]
    if deal.findings:
        parts.append(findings_grid(deal, only_failing=quiet))
    else:
        parts.append(Styled("No concessions: every term is at the standard position.", "green"))
    if not quiet:
        parts.extend(ledger_lines(deal))
        parts.extend(waiver_lines(deal))
    failing = deal.failing
    if failing:
        parts.append(
            Styled(f"Verdict: fail ({failing} failing finding{'s' if failing != 1 else ''})", "bold red")
        )
    else:
        parts.append(Styled("Verdict: pass", "bold green"))
    return parts


def _approvals(f: Finding) -> Styled:
    text = Styled()
    for n, role in enumerate(f.approvals_required):
        if n:
            text.append(", ")
        if role in f.approvals_missing:
            text.append(f"{role} missing", "bold red")
        else:
            text.append(f"{role} ✓", "green")
    if not f.approvals_required:
        text.append("—", "dim")
    return text


def findings_grid(deal: DealResult, only_failing: bool = False) -> Grid:
    rows: list[tuple[Styled, ...]] = []
    for f in deal.findings:
        if only_failing and not f.fails:
            continue
        rule = Styled(f.rule, "bold").append(f"\nline {f.line}", "dim")
        klass = Styled(f.klass, CLASS_STYLE[f.klass])
        klass.append("\n" + f.severity, SEVERITY_STYLE.get(f.severity, ""))
        if f.waived:
            klass.append("\nwaived", "cyan")
        elif f.fails:
            klass.append("\nfails", "bold red")
        message = Styled(f.title + ": ", "bold").append(safe(f.message))
        if f.reciprocated_by:
            message.append("\ngot: " + safe(f.reciprocated_by), "green")
        else:
            message.append("\nask: " + safe(f.advice), "yellow")
        rows.append((rule, klass, message, _approvals(f)))
    return Grid(rows)


def ledger_lines(deal: DealResult) -> list[Styled]:
    lines: list[Styled] = []
    for side in ("vendor", "counterparty"):
        entries = deal.ledger.gave.get(side, ())
        line = Styled(f"{side.capitalize()} gave: ", "bold")
        if not entries:
            line.append("nothing", "dim")
        for n, e in enumerate(entries):
            if n:
                line.append("; ")
            line.append(safe(e.title), "" if e.reciprocated else "red")
            if e.value is not None:
                line.append(f" ({money(e.value, deal.currency)} a year)")
        total = deal.ledger.total(side)
        if total:
            line.append(f" — valued {money(total, deal.currency)} a year", "dim")
        lines.append(line)
    return lines


def waiver_lines(deal: DealResult) -> list[Styled]:
    lines = []
    for w in deal.waivers:
        style = WAIVER_STYLE[w.status]
        label = LABELS[w.status]
        if w.status == "expired":
            label = f"expired on {w.expires.isoformat()}; it no longer covers"
        where = f"line {w.line}" if w.source is None else f"{safe(w.source)}:{w.line}"
        text = Styled(
            f"Waiver {w.rule} ({where}, approved by {safe(w.approved_by)}, expires {w.expires.isoformat()}): "
        )
        text.append(label, style)
        lines.append(text)
    return lines


def summary_line(summary: Summary) -> Styled:
    text = Styled()
    text.append(f"{summary.files} file{'s' if summary.files != 1 else ''} checked: ", "bold")
    text.append(f"{summary.deals} deal{'s' if summary.deals != 1 else ''}")
    passing = summary.deals - summary.failing_deals
    text.append(f" ({passing} pass, ")
    text.append(f"{summary.failing_deals} fail", "red" if summary.failing_deals else "")
    text.append(")")
    if summary.errors:
        text.append(f", {summary.errors} error{'s' if summary.errors != 1 else ''}", "bold red")
    if summary.skipped:
        text.append(f", {summary.skipped} skipped")
    text.append(" · findings: ")
    for n, (klass, count) in enumerate(summary.by_class.items()):
        if n:
            text.append(", ")
        text.append(f"{count} {klass}", CLASS_STYLE[klass] if count else "dim")
    text.append(f" · exit {summary.exit_code}", "dim")
    return text

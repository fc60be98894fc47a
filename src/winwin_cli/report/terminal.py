"""The rich terminal report: a header, a concession table, the ledger and the verdict per deal."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..classify import DealResult, Finding
from ..run import FileError, FileResult, Summary
from ..waivers import LABELS, tally_lines
from .common import money as money  # noqa: PLC0414 - re-exported for other reports
from .common import safe as safe  # noqa: PLC0414

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


def error_text(error: FileError) -> Text:
    """`file:line:col: error: message`, the location first so that editors can jump to it."""
    line = Text()
    line.append(safe(f"{error.file}:{error.line}:{error.column}: "), style="bold")
    line.append("internal error" if error.internal else "error", style="bold red")
    line.append(": " + safe(error.message.removeprefix("internal error: ")))
    return line


class TerminalReporter:
    def __init__(
        self, width: int | None = None, color: bool | None = None, verbose: bool = False, quiet: bool = False
    ) -> None:
        self._out = ConsoleBuffer(width, color)
        self._console = self._out.console
        self._verbose = verbose
        self._quiet = quiet  # only failing deals (their failing findings), errors and the summary
        self._first = True

    def begin(self) -> str:
        return ""

    def add(self, result: FileResult) -> str:
        console = self._console
        if result.skipped:
            if self._verbose:
                console.print(Text(f"{safe(result.file)}: skipped (no top-level winwin: key)", style="dim"))
            return self._out.take()
        for error in result.errors:
            console.print(error_text(error), soft_wrap=True)  # one error, one line, never wrapped
            if error.internal and error.detail and self._verbose:
                console.print(Text(error.detail, style="dim"))
        if result.deal is not None and not (self._quiet and result.deal.verdict == "pass"):
            if not self._first:
                console.print()
            self._first = False
            console.print(deal_view(result.deal, quiet=self._quiet))
        return self._out.take()

    def end(self, summary: Summary) -> str:
        console = self._console
        console.print()
        if summary.waivers is not None:
            for line, status in tally_lines(summary.waivers):
                console.print(Text(safe(line), style=WAIVER_STYLE.get(status, "bold")), soft_wrap=True)
        console.print(summary_line(summary))
        return self._out.take()


def deal_view(deal: DealResult, quiet: bool = False) -> Group:
    verdict = (
        Text(" PASS ", style="bold black on green")
        if deal.verdict == "pass"
        else Text(" FAIL ", style="bold white on red")
    )
    head = Text()
    head.append_text(verdict)
    head.append(" ")
    head.append(safe(deal.id), style="bold")
    if deal.title:
        head.append(" " + safe(deal.title))
    head.append(" · " + safe(deal.counterparty))
    head.append(f"  ({safe(deal.file)})", style="dim")
    facts = Text(
        f"{deal.relationship} · {deal.kind} · {deal.stage} · net annual "
        f"{money(deal.net_annual, deal.currency)} · {deal.term_months} months · total contract value "
        f"{money(deal.tcv, deal.currency)} · playbook {safe(deal.playbook)}",
        style="dim",
    )
    parts: list[object] = [head, facts]
    if deal.findings:
        parts.append(findings_table(deal, only_failing=quiet))
    else:
        parts.append(Text("No concessions: every term is at the standard position.", style="green"))
    if not quiet:
        parts.extend(ledger_lines(deal))
        parts.extend(waiver_lines(deal))
    failing = deal.failing
    if failing:
        parts.append(
            Text(f"Verdict: fail ({failing} failing finding{'s' if failing != 1 else ''})", style="bold red")
        )
    else:
        parts.append(Text("Verdict: pass", style="bold green"))
    return Group(*parts)  # type: ignore[arg-type]


def _approvals(f: Finding) -> Text:
    text = Text()
    for n, role in enumerate(f.approvals_required):
        if n:
            text.append(", ")
        if role in f.approvals_missing:
            text.append(f"{role} missing", style="bold red")
        else:
            text.append(f"{role} ✓", style="green")
    if not f.approvals_required:
        text.append("—", style="dim")
    return text


def findings_table(deal: DealResult, only_failing: bool = False) -> Table:
    table = Table(show_lines=True, expand=True, pad_edge=False)
    table.add_column("Rule", no_wrap=True, ratio=None)
    table.add_column("Class", no_wrap=True)
    table.add_column("Finding", ratio=4)
    table.add_column("Approvals", ratio=1)
    for f in deal.findings:
        if only_failing and not f.fails:
            continue
        rule = Text(f.rule, style="bold")
        rule.append(f"\nline {f.line}", style="dim")
        klass = Text(f.klass, style=CLASS_STYLE[f.klass])
        klass.append("\n" + f.severity, style=SEVERITY_STYLE.get(f.severity, ""))
        if f.waived:
            klass.append("\nwaived", style="cyan")
        elif f.fails:
            klass.append("\nfails", style="bold red")
        message = Text(f.title + ": ", style="bold")
        message.append(safe(f.message))
        if f.reciprocated_by:
            message.append("\ngot: " + safe(f.reciprocated_by), style="green")
        else:
            message.append("\nask: " + safe(f.advice), style="yellow")
        table.add_row(rule, klass, message, _approvals(f))
    return table


def ledger_lines(deal: DealResult) -> list[Text]:
    lines: list[Text] = []
    for side in ("vendor", "counterparty"):
        entries = deal.ledger.gave.get(side, ())
        line = Text(f"{side.capitalize()} gave: ", style="bold")
        if not entries:
            line.append("nothing", style="dim")
        for n, e in enumerate(entries):
            if n:
                line.append("; ")
            line.append(safe(e.title), style="" if e.reciprocated else "red")
            if e.value is not None:
                line.append(f" ({money(e.value, deal.currency)} a year)")
        total = deal.ledger.total(side)
        if total:
            line.append(f" — valued {money(total, deal.currency)} a year", style="dim")
        lines.append(line)
    return lines


def waiver_lines(deal: DealResult) -> list[Text]:
    lines = []
    for w in deal.waivers:
        style = WAIVER_STYLE[w.status]
        label = LABELS[w.status]
        if w.status == "expired":
            label = f"expired on {w.expires.isoformat()}; it no longer covers"
        where = f"line {w.line}" if w.source is None else f"{safe(w.source)}:{w.line}"
        text = Text(
            f"Waiver {w.rule} ({where}, approved by {safe(w.approved_by)}, expires {w.expires.isoformat()}): "
        )
        text.append(label, style=style)
        lines.append(text)
    return lines


def summary_line(summary: Summary) -> Text:
    text = Text()
    text.append(f"{summary.files} file{'s' if summary.files != 1 else ''} checked: ", style="bold")
    text.append(f"{summary.deals} deal{'s' if summary.deals != 1 else ''}")
    passing = summary.deals - summary.failing_deals
    text.append(f" ({passing} pass, ")
    text.append(f"{summary.failing_deals} fail", style="red" if summary.failing_deals else "")
    text.append(")")
    if summary.errors:
        text.append(f", {summary.errors} error{'s' if summary.errors != 1 else ''}", style="bold red")
    if summary.skipped:
        text.append(f", {summary.skipped} skipped")
    text.append(" · findings: ")
    for n, (klass, count) in enumerate(summary.by_class.items()):
        if n:
            text.append(", ")
        text.append(f"{count} {klass}", style=CLASS_STYLE[klass] if count else "dim")
    text.append(f" · exit {summary.exit_code}", style="dim")
    return text

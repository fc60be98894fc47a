"""Reports for `winwin diff`: rich for a terminal, json for tools, markdown for a PR comment.

Each reporter is fed one file's comparison at a time, like the check reporters: `begin()`,
`add(diff)` and `end(summary)` each return the text to write.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

from ..classify import Finding, show
from ..diff import Change, DiffSummary, FileDiff
from ..run import EXIT_FAIL
from .common import number
from .json import dumps, error_json, finding_json

FORMAT_VERSION = "1"
FORMATS = ("rich", "json", "markdown")
STATUS_TEXT = {
    "changed": "changed",
    "unchanged": "no change",
    "added": "added (new file)",
    "deleted": "deleted",
    "error": "error",
}


class DiffReporter(Protocol):
    def begin(self) -> str: ...

    def add(self, diff: FileDiff) -> str: ...

    def end(self, summary: DiffSummary) -> str: ...


def reporter(name: str, **options: Any) -> DiffReporter:
    if name == "json":
        return JsonDiffReporter()
    if name == "markdown":
        return MarkdownDiffReporter()
    if name == "rich":
        return TerminalDiffReporter(**options)
    raise ValueError(name)


def amount(value: Decimal | None, currency: str | None) -> str:
    if value is None:
        return "not valued"
    text = f"{value:,.2f}"
    return f"{currency} {text}" if currency else text


def shown(change: Change, value: Any) -> str:
    if value is None:
        return change.null_text
    return show(value)


def headline(diff: FileDiff) -> str:
    """The one-line answer for a file: its class, or what else happened to it."""
    if diff.status == "error":
        return "error"
    if diff.status in ("added", "deleted"):
        return STATUS_TEXT[diff.status]
    return diff.klass or "no change in value"


def balance_line(diff: FileDiff) -> str:
    """The money each side received, leaving out the changes traded against each other."""
    b = diff.balance
    assert b is not None
    text = (
        f"Balance: counterparty {amount(b.counterparty, diff.currency)}, vendor "
        f"{amount(b.vendor, diff.currency)} a year (tolerance {b.tolerance_pct.normalize():f}%)"
    )
    if b.traded:
        text += f"; {len(b.traded)} changes traded against each other are left out"
    return text


def findings_line(diff: FileDiff) -> str:
    newly = len(diff.newly_failing)
    parts = [f"{len(diff.introduced)} introduced", f"{len(diff.resolved)} resolved", f"{len(diff.kept)} kept"]
    if newly:
        parts.append(f"{newly} newly failing")
    return ", ".join(parts)


def summary_text(summary: DiffSummary) -> str:
    classes = ", ".join(f"{count} {klass}" for klass, count in summary.by_class.items())
    files = f"{summary.files} file{'s' if summary.files != 1 else ''}"
    text = (
        f"{files} compared, {summary.changed} changed: {classes}"
        f" · findings: {summary.introduced} introduced, {summary.resolved} resolved"
    )
    if summary.newly_failing:
        text += f", {summary.newly_failing} newly failing"
    if summary.errors:
        text += f" · {summary.errors} error{'s' if summary.errors != 1 else ''}"
    return text + f" · exit {summary.exit_code}"


# ---------------------------------------------------------------------------------------------
# json


# A diff lists findings by name; the check report's JSON has the rest of each one.
_FINDING_KEYS = (
    "rule", "slug", "title", "class", "severity", "gives", "term", "concession", "line", "column",
    "message", "reciprocated_by", "approvals_missing", "fails",
)  # fmt: skip


def _finding(f: Finding) -> dict[str, Any]:
    full = finding_json(f)
    return {key: full[key] for key in _FINDING_KEYS}


def diff_json(diff: FileDiff) -> dict[str, Any]:
    balance = diff.balance
    newly = {(f.rule, f.term) for f in diff.newly_failing}
    return {
        "file": diff.file,
        "old": diff.old,
        "new": diff.new,
        "status": diff.status,
        "id": diff.id,
        "currency": diff.currency,
        "class": diff.klass,
        "reason": balance.reason if balance is not None else None,
        "changes": [
            {
                "term": c.term,
                "title": c.title,
                "from": c.before,
                "to": c.after,
                "toward": c.toward,
                "value_annual": number(c.value),
                "balanced_by": list(c.balanced_by),
                "note": c.note,
                "line": c.line,
                "column": c.column,
            }
            for c in diff.changes
        ],
        "balance": None
        if balance is None
        else {
            "counterparty": number(balance.counterparty),
            "vendor": number(balance.vendor),
            "tolerance_pct": number(balance.tolerance_pct),
            "unvalued": {side: list(terms) for side, terms in balance.unvalued.items()},
            "traded": list(balance.traded),
        },
        "findings": {
            "introduced": [
                {**_finding(f), "newly_failing": (f.rule, f.term) in newly} for f in diff.introduced
            ],
            "resolved": [_finding(f) for f in diff.resolved],
            "kept": [
                {
                    **_finding(k.new),
                    "was": {"class": k.old.klass, "fails": k.old.fails},
                    "newly_failing": (k.new.rule, k.new.term) in newly,
                }
                for k in diff.kept
            ],
        },
        "exit_code": diff.exit_code,
    }


class JsonDiffReporter:
    """One document: `{"winwin": "1", "diffs": [...], "errors": [...], "summary": {...}}`."""

    def __init__(self) -> None:
        self._errors: list[dict[str, Any]] = []
        self._first = True

    def begin(self) -> str:
        return '{"winwin":"' + FORMAT_VERSION + '","command":"diff","diffs":['

    def add(self, diff: FileDiff) -> str:
        self._errors.extend([error_json(error) for error in diff.errors])
        text = ("" if self._first else ",") + dumps(diff_json(diff))
        self._first = False
        return text

    def end(self, summary: DiffSummary) -> str:
        tail = {
            "summary": {
                "files": summary.files,
                "changed": summary.changed,
                "errors": summary.errors,
                "by_class": dict(summary.by_class),
                "introduced": summary.introduced,
                "resolved": summary.resolved,
                "newly_failing": summary.newly_failing,
                "exit_code": summary.exit_code,
            }
        }
        return '],"errors":' + dumps(self._errors) + "," + dumps(tail)[1:] + "\n"


# ---------------------------------------------------------------------------------------------
# markdown


def md(text: str) -> str:
    """Deal text made inert in GitHub markdown: no tables broken, no HTML, no mentions."""
    out = []
    for ch in text.replace("\r", " ").replace("\n", " "):
        if ch in "\\`*_{}[]<>|~@":
            out.append("\\" + ch)
        elif ch == "&":
            out.append("&amp;")
        elif not ch.isprintable():
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


_ICON = {"win-win": "✅", "win-lose": "❌", "lose-win": "❌"}


class MarkdownDiffReporter:
    def begin(self) -> str:
        return "## winwin diff\n\n"

    def add(self, diff: FileDiff) -> str:
        lines: list[str] = []
        title = f"### `{diff.file.replace('`', '')}`"
        if diff.id:
            title += f" · {md(diff.id)}"
        head = headline(diff)
        mark = "❌" if diff.exit_code >= EXIT_FAIL else _ICON.get(head, "")
        lines.append(f"{title}: **{head}** {mark}".rstrip())
        lines.append("")
        for error in diff.errors:
            lines.append(
                f"- error: `{error.file.replace('`', '')}:{error.line}:{error.column}`: {md(error.message)}"
            )
        if diff.errors:
            lines.append("")
        if diff.balance is not None and diff.changes:
            lines.append(f"> {md(diff.balance.reason)}")
            lines.append("")
            lines.append("| Term | From | To | Value moved toward | A year |")
            lines.append("|---|---|---|---|---|")
            titles = {c.term: c.title for c in diff.changes}
            for c in diff.changes:
                toward = c.toward or "neither side"
                if c.balanced_by:
                    toward += " (traded for " + ", ".join(titles.get(t, t) for t in c.balanced_by) + ")"
                note = f" ({md(c.note)})" if c.note else ""
                lines.append(
                    f"| {md(c.title)} `{c.term}`{note} | {md(shown(c, c.before))} | {md(shown(c, c.after))} "
                    f"| {md(toward)} | {amount(c.value, diff.currency) if c.toward else ''} |"
                )
            lines.append("")
            lines.append(balance_line(diff) + ".")
            lines.append("")
        if diff.status != "error":
            lines.append(f"Findings: {findings_line(diff)}.")
            lines.append("")
            newly = {(f.rule, f.term) for f in diff.newly_failing}
            for label, findings in (("introduced", diff.introduced), ("resolved", diff.resolved)):
                for f in findings:
                    fails = " — **fails**" if (f.rule, f.term) in newly else ""
                    lines.append(f"- {label}: **{f.rule}** {f.klass} {f.severity}: {md(f.message)}{fails}")
            for k in diff.kept:
                if (k.new.rule, k.new.term) in newly:
                    lines.append(f"- kept, now failing: **{k.new.rule}** {k.new.klass}: {md(k.new.message)}")
            if diff.introduced or diff.resolved or newly:
                lines.append("")
        return "\n".join(lines) + "\n"

    def end(self, summary: DiffSummary) -> str:
        return summary_text(summary) + "\n"


# ---------------------------------------------------------------------------------------------
# rich


class TerminalDiffReporter:
    def __init__(self, width: int | None = None, color: bool | None = None) -> None:
        from .terminal import ConsoleBuffer

        self._out = ConsoleBuffer(width, color)
        self._console = self._out.console
        self._first = True

    def begin(self) -> str:
        return ""

    def add(self, diff: FileDiff) -> str:
        from rich.table import Table
        from rich.text import Text

        from .terminal import CLASS_STYLE, error_text, safe

        console = self._console
        if not self._first:
            console.print()
        self._first = False
        head = Text()
        klass = headline(diff)
        head.append(f" {klass.upper()} ", style=_banner(diff))
        head.append(" ")
        if diff.id:
            head.append(safe(diff.id) + " ", style="bold")
        head.append(safe(diff.file), style="dim" if diff.id else "bold")
        if diff.status != "error":
            head.append(f"  ({safe(diff.old)} → {safe(diff.new)})", style="dim")
        console.print(head)
        for error in diff.errors:
            console.print(error_text(error))
        if diff.balance is not None and diff.changes:
            console.print(Text(diff.balance.reason, style=CLASS_STYLE.get(diff.klass or "", "dim")))
            table = Table(expand=True, pad_edge=False)
            titles = {c.term: c.title for c in diff.changes}
            table.add_column("Term", ratio=3, overflow="fold")
            table.add_column("From", ratio=1, overflow="fold")
            table.add_column("To", ratio=1, overflow="fold")
            table.add_column("Toward", ratio=2, overflow="fold")
            table.add_column("A year", justify="right", no_wrap=True)
            for c in diff.changes:
                term = Text(safe(c.title), style="bold")
                term.append(f" line {c.line}\n{c.term}", style="dim")
                if c.note:
                    term.append("\n" + safe(c.note), style="dim")
                toward = Text(c.toward or "neither side", style="" if c.toward else "dim")
                if c.balanced_by:
                    traded = ", ".join(titles.get(t, t) for t in c.balanced_by)
                    toward.append("\ntraded for " + safe(traded), style="green")
                value = amount(c.value, diff.currency) if c.toward else ""
                table.add_row(term, safe(shown(c, c.before)), safe(shown(c, c.after)), toward, value)
            console.print(table)
            console.print(Text(safe(balance_line(diff)), style="dim"))
        elif diff.status == "unchanged":
            console.print(Text("No term changed.", style="green"))
        if diff.status != "error":
            console.print(Text(f"Findings: {findings_line(diff)}"))
            newly = {(f.rule, f.term) for f in diff.newly_failing}
            for label, findings in (("introduced", diff.introduced), ("resolved", diff.resolved)):
                for f in findings:
                    line = Text(f"  {label} ", style="dim")
                    line.append(f.rule, style="bold")
                    line.append(" ")
                    line.append(f.klass, style=CLASS_STYLE[f.klass])
                    line.append(" " + safe(f.message))
                    if (f.rule, f.term) in newly:
                        line.append(" (fails)", style="bold red")
                    console.print(line)
            for k in diff.kept:
                if (k.new.rule, k.new.term) in newly:
                    line = Text("  kept, now failing ", style="dim")
                    line.append(k.new.rule, style="bold")
                    line.append(" " + safe(k.new.message))
                    console.print(line)
        return self._out.take()

    def end(self, summary: DiffSummary) -> str:
        from rich.text import Text

        self._console.print()
        self._console.print(Text(summary_text(summary), style="bold"))
        return self._out.take()


def _banner(diff: FileDiff) -> str:
    if diff.status == "error":
        return "bold white on red"
    if diff.exit_code >= EXIT_FAIL:
        return "bold white on red"
    return "bold black on green"

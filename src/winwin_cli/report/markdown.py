"""`--format markdown`: a report for a pull-request comment or a GitHub job summary.

Deal text is escaped so that it renders as the text it is: no links, images, HTML, mentions,
table breaks or emphasis can come out of a deal file.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .common import ReportOptions, applied_waiver, display_path, money, outcome, plural, safe

if TYPE_CHECKING:
    from pathlib import Path

    from ..classify import DealResult, Finding
    from ..run import FileResult, Summary

# Backslash-escaped: emphasis, code, links, tables, strikethrough, math, issue references.
_SPECIAL = re.compile(r"([\\`*_\[\]#|~$])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_MENTION = re.compile(r"(?<![A-Za-z0-9])@")
ICON = {"pass": "✅", "fail": "❌", "error": "🛑"}
RESULT = {"fail": "**fails**", "waived": "waived", "lopsided": "lopsided (not failing)", "pass": "ok"}


def escape(text: str) -> str:
    """Inline Markdown (also fit for a table cell) for untrusted text: punctuation escaped, HTML and
    mentions neutralised, line breaks folded."""
    text = _SPECIAL.sub(r"\\\1", safe(text))
    text = "".join(_ENTITIES.get(ch, ch) for ch in text)
    return " ".join(_MENTION.sub("&#64;", text).split())


def _approvals(finding: Finding) -> str:
    if not finding.approvals_required:
        return "—"
    return ", ".join(
        f"{escape(role)} **missing**" if role in finding.approvals_missing else f"{escape(role)} ✓"
        for role in finding.approvals_required
    )


def _finding_row(finding: Finding, deal: DealResult) -> str:
    what = f"**{escape(finding.title)}**: {escape(finding.message)}"
    get = (
        f"got: {escape(finding.reciprocated_by)}"
        if finding.reciprocated_by
        else f"ask: {escape(finding.advice)}"
    )
    result = RESULT[outcome(finding)]
    waiver = applied_waiver(deal, finding)
    if waiver is not None:
        by = f"by {escape(waiver.approved_by)} until {waiver.expires.isoformat()}: {escape(waiver.reason)}"
        result = f"{result} {by}" if result == "waived" else f"{result} (class waived {by})"
    cells = [
        f"{finding.rule} {finding.slug}",
        str(finding.line),
        finding.klass,
        finding.severity,
        what,
        get,
        _approvals(finding),
        result,
    ]
    return "| " + " | ".join(cells) + " |\n"


def _ledger(deal: DealResult) -> str:
    parts = []
    for side in ("vendor", "counterparty"):
        entries = deal.ledger.gave.get(side, ())
        items = []
        for entry in entries:
            item = escape(entry.title)
            if not entry.reciprocated:
                item += " (unreciprocated)"
            if entry.value is not None:
                item += f" — {escape(money(entry.value, deal.currency))} a year"
            items.append(item)
        listed = "; ".join(items) if items else "nothing"
        total = deal.ledger.total(side)
        if total:
            listed += f" (valued {escape(money(total, deal.currency))} a year)"
        parts.append(f"**{side.capitalize()} gave:** {listed}")
    return "  \n".join(parts) + "\n"


def _waivers(deal: DealResult) -> str:
    if not deal.waivers:
        return ""
    from ..waivers import LABELS

    label = {
        **LABELS,
        "expired": "**expired**; it no longer covers",
        "unused": "**unused**: matches no finding",
    }
    lines = [
        f"- {w.rule} (line {w.line}, approved by {escape(w.approved_by)}, expires {w.expires.isoformat()}): "
        f"{label.get(w.status, w.status)}. {escape(w.reason)}"
        for w in deal.waivers
    ]
    return "**Waivers**\n\n" + "\n".join(lines) + "\n"


def deal_markdown(deal: DealResult, root: Path | None = None, quiet: bool = False) -> str:
    path = display_path(deal.file, root)
    verdict = deal.verdict
    title = f" — {escape(deal.title)}" if deal.title else ""
    out = [f"### {ICON[verdict]} {escape(deal.id)}{title} · {escape(deal.counterparty)}\n\n"]
    out.append(
        f"{escape(path)} · {deal.relationship} · {deal.kind} · {deal.stage} · net annual "
        f"{escape(money(deal.net_annual, deal.currency))} · {deal.term_months} months · total contract value "
        f"{escape(money(deal.tcv, deal.currency))} · playbook {escape(deal.playbook)}\n\n"
    )
    findings = [f for f in deal.findings if f.fails] if quiet else list(deal.findings)
    if findings:
        out.append("| Rule | Line | Class | Severity | Finding | Get | Approvals | Result |\n")
        out.append("| --- | ---: | --- | --- | --- | --- | --- | --- |\n")
        out.extend(_finding_row(f, deal) for f in findings)
        out.append("\n")
    elif not deal.findings:
        out.append("No concessions: every term is at the standard position.\n\n")
    if not quiet:
        out.append(_ledger(deal) + "\n")
        waivers = _waivers(deal)
        if waivers:
            out.append(waivers + "\n")
    failing = deal.failing
    if failing:
        out.append(f"**Verdict: fail** ({plural(failing, 'failing finding')})\n\n")
    else:
        out.append("**Verdict: pass**\n\n")
    return "".join(out)


def summary_markdown(summary: Summary) -> str:
    passing = summary.deals - summary.failing_deals
    head = ["Files", "Deals", "Pass", "Fail", "Errors", *summary.by_class, "Exit code"]
    row = [
        summary.files,
        summary.deals,
        passing,
        summary.failing_deals,
        summary.errors,
        *summary.by_class.values(),
        summary.exit_code,
    ]
    icon = ICON["error"] if summary.errors else ICON["fail"] if summary.failing_deals else ICON["pass"]
    verdict = "errors" if summary.errors else "fail" if summary.failing_deals else "pass"
    return (
        f"### {icon} Summary: {verdict}\n\n"
        "| " + " | ".join(head) + " |\n"
        "| " + " | ".join("---:" for _ in head) + " |\n"
        "| " + " | ".join(str(v) for v in row) + " |\n"
    )


class MarkdownReporter:
    def __init__(self, options: ReportOptions | None = None) -> None:
        self._options = options or ReportOptions()

    def begin(self) -> str:
        return "## winwin deal check\n\n"

    def add(self, result: FileResult) -> str:
        out: list[str] = []
        if result.errors:
            path = display_path(result.file, self._options.root)
            out.append(f"### {ICON['error']} {escape(path)}: not checked\n\n")
            for error in result.errors:
                what = "internal error" if error.internal else "error"
                out.append(f"- line {error.line}, column {error.column}: {what}: {escape(error.message)}\n")
            out.append("\n")
        deal = result.deal
        if deal is not None:
            out.append(self.prerender(deal))
        return "".join(out)

    def prerender(self, deal: DealResult) -> str:
        if self._options.quiet and deal.verdict == "pass":
            return ""
        return deal_markdown(deal, self._options.root, self._options.quiet)

    def add_rendered(self, result: FileResult, text: str) -> str:
        return self.add(result) + text

    def end(self, summary: Summary) -> str:
        return summary_markdown(summary)

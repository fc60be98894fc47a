"""What the CI formats (SARIF, JUnit, GitHub, Markdown) share: paths, levels, wording, escaping.

Every format says the same thing about a finding, so the sentences are built here once.
"""

from __future__ import annotations

import hashlib
import os
import re
from decimal import Decimal
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, NamedTuple

from ..load import HIDDEN, escape_char

if TYPE_CHECKING:
    from ..classify import DealResult, Finding, WaiverStatus
    from ..playbook import Playbook
    from ..run import Summary

STDIN = "<stdin>"
_THRESHOLD = re.compile(r"\{thresholds\.([A-Za-z_][A-Za-z0-9_]*)\}")


def safe(text: str) -> str:
    """Deal text as it may reach a reader: hidden and control characters made visible.

    Invisible, bidi and other hiding characters are escaped (`load.HIDDEN`, which leaves out
    ZWNJ and ZWJ, needed by scripts such as Persian), and so is anything not printable but
    a line break.
    """
    if text.isprintable() and HIDDEN.search(text) is None:
        return text  # the usual case, without looking at each character
    text = HIDDEN.sub(lambda m: escape_char(m.group()), text)
    return "".join(ch if ch.isprintable() or ch in "\n\u200c\u200d" else escape_char(ch) for ch in text)


def money(value: Decimal | None, currency: str | None) -> str:
    if value is None:
        return "n/a (no list price)"
    amount = f"{value:,.2f}"
    return f"{currency} {amount}" if currency else amount


def number(value: Decimal | None) -> int | float | None:
    """Money as a JSON number, as the json format writes it."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class ReportOptions(NamedTuple):
    """Everything a reporter may need besides the results; each format reads what it uses."""

    color: bool | None = None  # None: let the terminal decide
    verbose: bool = False
    quiet: bool = False  # only failures, errors and the summary
    width: int | None = None
    playbook: Playbook | None = None  # rule metadata for SARIF
    root: Path | None = None  # repository root that paths are made relative to (default: cwd)
    help_uri: str | None = None  # template for a rule's documentation URL: {id}, {slug}


def relative_path(file: str, root: Path | None) -> str | None:
    """The file relative to the repository root with forward slashes; None when it lies outside."""
    if file == STDIN:
        return None
    base = os.path.abspath(root if root is not None else os.getcwd())
    path = os.path.abspath(file)
    try:
        rel = os.path.relpath(path, base)
    except ValueError:  # another drive on Windows
        return None
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return None
    return PurePath(rel).as_posix()


def display_path(file: str, root: Path | None) -> str:
    """The path CI systems should show: repository-relative when possible, else as given."""
    rel = relative_path(file, root)
    return rel if rel is not None else PurePath(file).as_posix()


def fingerprint(rule: str, path: str, where: str) -> str:
    """Stable across edits that move lines: rule, file and term (or concession id), never the line."""
    return hashlib.sha256(f"{rule}\0{path}\0{where}".encode()).hexdigest()


def finding_anchor(finding: Finding) -> str:
    """What identifies a finding within its file: the concession id for per-concession rules."""
    return f"concessions[id={finding.item}]" if finding.item is not None else finding.term


def outcome(finding: Finding) -> str:
    """`fail`, `waived`, `lopsided` (not in --fail-on) or `pass` (reciprocated, approvals recorded)."""
    if finding.fails:
        return "fail"
    if finding.waived:
        return "waived"
    if finding.klass != "win-win":
        return "lopsided"
    return "pass"


def level(finding: Finding) -> str:
    """CI level: what the finding does to the run. Severity is shown beside it, not mapped onto it."""
    return {"fail": "error", "lopsided": "warning"}.get(outcome(finding), "note")


def applied_waiver(deal: DealResult, finding: Finding) -> WaiverStatus | None:
    if not finding.waived:
        return None
    for waiver in deal.waivers:
        if waiver.rule == finding.rule and waiver.status == "applied":
            return waiver
    return None


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def finding_title(finding: Finding) -> str:
    """One line naming the finding, e.g. `WW101 discount-unearned: win-lose, error`."""
    return f"{finding.rule} {finding.slug}: {finding.klass}, {finding.severity}"


def finding_text(finding: Finding, deal: DealResult) -> str:
    """The finding in sentences: what, why it is (not) fair, what to do, who must still sign."""
    parts = [finding.message.strip()]
    if finding.reciprocated_by:
        parts.append(f"Reciprocated by {finding.reciprocated_by}.")
    else:
        parts.append(f"Advice: {finding.advice.strip()}")
    if finding.approvals_missing:
        parts.append(f"Missing approval: {', '.join(finding.approvals_missing)}.")
    waiver = applied_waiver(deal, finding)
    if waiver is not None:
        parts.append(
            f"Waived by {waiver.approved_by} until {waiver.expires.isoformat()}: {waiver.reason.strip()}"
        )
    return safe(" ".join(parts))


# Waiver outcomes worth a warning or a note in CI, by status.
WAIVER_LEVEL = {"expired": "warning", "beyond-horizon": "warning", "unused": "note"}


def waiver_file(waiver: WaiverStatus, deal: DealResult) -> str:
    """Where the waiver is written: the central waivers file, or the deal file itself."""
    return waiver.source if waiver.source is not None else deal.file


def waiver_text(waiver: WaiverStatus) -> str:
    from ..waivers import LABELS

    if waiver.status == "expired":
        what = f"expired on {waiver.expires.isoformat()} and no longer covers the finding"
    else:
        what = LABELS.get(waiver.status, waiver.status)
    return safe(f"Waiver for {waiver.rule} (approved by {waiver.approved_by}) {what}.")


def rule_text(template: str, playbook: Playbook) -> str:
    """A rule's advice outside any deal: thresholds filled in, deal placeholders left as written."""
    from ..classify import show

    def fill(match: re.Match[str]) -> str:
        value = playbook.thresholds.get(match.group(1))
        return match.group() if value is None else show(value)

    return " ".join(_THRESHOLD.sub(fill, template).split())


def help_uri(template: str | None, rule_id: str, slug: str) -> str | None:
    if not template:
        return None
    return template.replace("{id}", rule_id).replace("{slug}", slug)


def summary_text(summary: Summary) -> str:
    """The run in one line, e.g. `3 files checked: 2 deals (1 pass, 1 fail), 1 error · findings: …`."""
    passing = summary.deals - summary.failing_deals
    deals = f"{plural(summary.deals, 'deal')} ({passing} pass, {summary.failing_deals} fail)"
    text = f"{plural(summary.files, 'file')} checked: {deals}"
    if summary.errors:
        text += f", {plural(summary.errors, 'error')}"
    if summary.skipped:
        text += f", {summary.skipped} skipped"
    classes = ", ".join(f"{count} {klass}" for klass, count in summary.by_class.items())
    return f"{text} · findings: {classes} · exit {summary.exit_code}"

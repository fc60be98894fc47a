"""The portfolio view (`winwin report`, `winwin check --summary`): a whole deal repository at once.

Counts per class, per rule, per owner and per stage; the largest concessions nobody paid for;
waivers that run out within 30 days of the run day. Built from the same results as the check,
one file at a time, and rendered for the terminal (rich), a PR comment (markdown) or tools (json).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .classify import CLASSES

if TYPE_CHECKING:
    from rich.console import RenderableType

    from .run import FileResult, Summary

EXPIRING_DAYS = 30
TOP = 10
NO_OWNER = "(no owner)"


@dataclass
class Group:
    deals: int = 0
    failing: int = 0
    by_class: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))

    def add(self, verdict: str, classes: list[str]) -> None:
        self.deals += 1
        self.failing += verdict == "fail"
        for klass in classes:
            self.by_class[klass] += 1


@dataclass
class RuleCount:
    slug: str
    title: str
    findings: int = 0
    failing: int = 0
    waived: int = 0
    by_class: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))


@dataclass(frozen=True)
class Unreciprocated:
    value: Decimal
    currency: str | None
    deal: str
    file: str
    side: str  # who gave it
    term: str
    title: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Expiring:
    rule: str
    expires: dt.date
    days: int
    approved_by: str
    where: str  # the deal's file, or the central waivers file
    deal: str | None  # the deal id for a waiver inside a deal
    status: str


@dataclass
class Portfolio:
    today: dt.date
    top: int = TOP
    files: int = 0
    deals: int = 0
    failing: int = 0
    errors: int = 0
    by_class: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    rules: dict[str, RuleCount] = field(default_factory=dict)
    owners: dict[str, Group] = field(default_factory=dict)
    stages: dict[str, Group] = field(default_factory=dict)
    concessions: list[Unreciprocated] = field(default_factory=list)
    expiring: list[Expiring] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        if result.skipped:
            return
        self.files += 1
        self.errors += len(result.errors)
        for error in result.errors:
            self.problems.append(
                {"file": error.file, "line": error.line, "column": error.column, "message": error.message}
            )
        deal = result.deal
        if deal is None:
            return
        self.deals += 1
        self.failing += deal.verdict == "fail"
        classes = [f.klass for f in deal.findings]
        for finding in deal.findings:
            self.by_class[finding.klass] += 1
            count = self.rules.setdefault(finding.rule, RuleCount(finding.slug, finding.title))
            count.findings += 1
            count.failing += finding.fails
            count.waived += finding.waived
            count.by_class[finding.klass] += 1
        self.owners.setdefault(deal.owner or NO_OWNER, Group()).add(deal.verdict, classes)
        self.stages.setdefault(deal.stage, Group()).add(deal.verdict, classes)
        for side, entries in deal.ledger.gave.items():
            for entry in entries:
                if not entry.reciprocated and entry.value is not None and entry.value > 0:
                    self.concessions.append(
                        Unreciprocated(
                            entry.value,
                            deal.currency,
                            deal.id,
                            deal.file,
                            side,
                            entry.term,
                            entry.title,
                            entry.rules,
                        )
                    )
        self.concessions.sort(key=lambda c: (-c.value, c.deal, c.term))
        del self.concessions[self.top :]
        for waiver in deal.waivers:
            if waiver.source is None:
                self._expiring(
                    waiver.rule, waiver.expires, waiver.approved_by, deal.file, deal.id, waiver.status
                )

    def _expiring(
        self, rule: str, expires: dt.date, by: str, where: str, deal: str | None, status: str
    ) -> None:
        days = (expires - self.today).days
        if 0 <= days <= EXPIRING_DAYS and status not in ("ignored", "beyond-horizon"):
            self.expiring.append(Expiring(rule, expires, days, by, where, deal, status))

    def finish(self, summary: Summary) -> None:
        """Add what only the end of the run knows: the central waivers file's outcome."""
        if summary.waivers is not None:
            for waiver, status, _ in summary.waivers.entries():
                where = f"{summary.waivers.policy.file}:{waiver.line}"
                self._expiring(waiver.rule, waiver.expires, waiver.approved_by, where, None, status)
        self.expiring.sort(key=lambda e: (e.expires, e.where, e.rule))


def _amount(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _group_json(groups: dict[str, Group]) -> dict[str, Any]:
    return {
        name: {"deals": g.deals, "failing": g.failing, "by_class": dict(g.by_class)}
        for name, g in sorted(groups.items())
    }


def to_json(p: Portfolio) -> dict[str, Any]:
    return {
        "winwin": "1",
        "report": "portfolio",
        "today": p.today.isoformat(),
        "files": p.files,
        "deals": p.deals,
        "failing_deals": p.failing,
        "errors": p.problems,
        "by_class": dict(p.by_class),
        "by_rule": {
            rule: {
                "slug": c.slug,
                "title": c.title,
                "findings": c.findings,
                "failing": c.failing,
                "waived": c.waived,
                "by_class": dict(c.by_class),
            }
            for rule, c in sorted(p.rules.items())
        },
        "by_owner": _group_json(p.owners),
        "by_stage": _group_json(p.stages),
        "largest_unreciprocated": [
            {
                "deal": c.deal,
                "file": c.file,
                "gave": c.side,
                "term": c.term,
                "title": c.title,
                "rules": list(c.rules),
                "value_annual": _amount(c.value),
                "currency": c.currency,
            }
            for c in p.concessions
        ],
        "waivers_expiring": [
            {
                "rule": e.rule,
                "expires": e.expires.isoformat(),
                "days_left": e.days,
                "approved_by": e.approved_by,
                "where": e.where,
                "deal": e.deal,
                "status": e.status,
            }
            for e in p.expiring
        ],
    }


def _money(value: Decimal, currency: str | None) -> str:
    amount = f"{value:,.2f}".removesuffix(".00")
    return f"{currency} {amount}" if currency else amount


def _cell(text: str) -> str:
    from .report.common import safe

    return safe(text).replace("|", "\\|").replace("\n", " ")


def _classes(counts: dict[str, int]) -> list[str]:
    return [str(counts[k]) for k in CLASSES]


def to_markdown(p: Portfolio) -> str:
    lines = [
        "## winwin portfolio",
        "",
        *(
            f"- **error** `{_cell(e['file'])}:{e['line']}:{e['column']}`: {_cell(e['message'])}"
            for e in p.problems
        ),
        *([""] if p.problems else []),
        f"{p.deals} deals in {p.files} files ({p.deals - p.failing} pass, {p.failing} fail"
        + (f", {p.errors} errors" if p.errors else "")
        + f"), judged on {p.today.isoformat()}.",
        "",
        "| class | findings |",
        "|---|---:|",
        *(f"| {k} | {v} |" for k, v in p.by_class.items()),
        "",
    ]
    if p.rules:
        lines += [
            "### Findings per rule",
            "",
            "| rule | slug | findings | failing | waived | " + " | ".join(CLASSES) + " |",
            "|---|---|---:|---:|---:|" + "---:|" * len(CLASSES),
        ]
        for rule, c in sorted(p.rules.items()):
            lines.append(
                f"| {rule} | {c.slug} | {c.findings} | {c.failing} | {c.waived} | "
                + " | ".join(_classes(c.by_class))
                + " |"
            )
        lines.append("")
    for title, groups in (("owner", p.owners), ("stage", p.stages)):
        if not groups:
            continue
        lines += [
            f"### Deals per {title}",
            "",
            f"| {title} | deals | failing | " + " | ".join(CLASSES) + " |",
            "|---|---:|---:|" + "---:|" * len(CLASSES),
        ]
        for name, g in sorted(groups.items()):
            lines.append(
                f"| {_cell(name)} | {g.deals} | {g.failing} | " + " | ".join(_classes(g.by_class)) + " |"
            )
        lines.append("")
    lines += ["### Largest unreciprocated concessions", ""]
    if p.concessions:
        lines += ["| deal | gave | concession | rules | value a year |", "|---|---|---|---|---:|"]
        for u in p.concessions:
            lines.append(
                f"| {_cell(u.deal)} | {u.side} | {_cell(u.title)} (`{u.term}`) | {', '.join(u.rules)} | "
                f"{_money(u.value, u.currency)} |"
            )
    else:
        lines.append("None with a money value.")
    lines += ["", f"### Waivers expiring within {EXPIRING_DAYS} days", ""]
    if p.expiring:
        lines += ["| rule | expires | days left | approved by | where |", "|---|---|---:|---|---|"]
        for e in p.expiring:
            where = f"{_cell(e.deal)} ({_cell(e.where)})" if e.deal else _cell(e.where)
            lines.append(
                f"| {e.rule} | {e.expires.isoformat()} | {e.days} | {_cell(e.approved_by)} | {where} |"
            )
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def to_rich(p: Portfolio) -> list[RenderableType]:
    from rich.table import Table
    from rich.text import Text

    from .report.common import safe
    from .report.terminal import CLASS_STYLE

    out: list[RenderableType] = []
    for problem in p.problems:
        line = Text(safe(f"{problem['file']}:{problem['line']}:{problem['column']}: "), style="bold")
        line.append("error", style="bold red")
        line.append(": " + safe(problem["message"]))
        out.append(line)
    head = Text("Portfolio: ", style="bold")
    head.append(f"{p.deals} deals in {p.files} files ({p.deals - p.failing} pass, ")
    head.append(f"{p.failing} fail", style="red" if p.failing else "")
    if p.errors:
        head.append(f", {p.errors} errors", style="bold red")
    head.append(f") · judged on {p.today.isoformat()} · findings: ")
    for n, (klass, count) in enumerate(p.by_class.items()):
        head.append(", " if n else "")
        head.append(f"{count} {klass}", style=CLASS_STYLE[klass] if count else "dim")
    out.append(head)

    numeric = {"Findings", "Failing", "Waived", "Deals", "Days left", "Value a year", *CLASSES}

    def table(title: str, *columns: str) -> Table:
        t = Table(title=title, title_justify="left", title_style="bold", pad_edge=False)
        for column in columns:
            t.add_column(column, justify="right" if column in numeric else "left")
        return t

    if p.rules:
        t = table("Findings per rule", "Rule", "slug", "Findings", "Failing", "Waived", *CLASSES)
        for rule, c in sorted(p.rules.items()):
            t.add_row(rule, c.slug, str(c.findings), str(c.failing), str(c.waived), *_classes(c.by_class))
        out.append(t)
    for title, groups in (("owner", p.owners), ("stage", p.stages)):
        if groups:
            t = table(f"Deals per {title}", title.capitalize(), "Deals", "Failing", *CLASSES)
            for name, g in sorted(groups.items()):
                t.add_row(safe(name), str(g.deals), str(g.failing), *_classes(g.by_class))
            out.append(t)
    if p.concessions:
        t = table("Largest unreciprocated concessions", "Deal", "gave", "concession", "Value a year")
        for u in p.concessions:
            t.add_row(
                safe(u.deal),
                u.side,
                f"{safe(u.title)} ({u.term}; {', '.join(u.rules)})",
                _money(u.value, u.currency),
            )
        out.append(t)
    else:
        out.append(Text("Largest unreciprocated concessions: none with a money value.", style="dim"))
    if p.expiring:
        t = table(
            f"Waivers expiring within {EXPIRING_DAYS} days",
            "Rule",
            "expires",
            "Days left",
            "approved by",
            "where",
        )
        for e in p.expiring:
            where = f"{safe(e.deal)} ({safe(e.where)})" if e.deal else safe(e.where)
            t.add_row(e.rule, e.expires.isoformat(), str(e.days), safe(e.approved_by), where)
        out.append(t)
    else:
        out.append(Text(f"Waivers expiring within {EXPIRING_DAYS} days: none.", style="dim"))
    return out

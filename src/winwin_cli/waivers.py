"""The repository's central waivers file, and how waivers are judged in a run.

A deal file may carry its own `waivers:`; a repository may also keep them in one reviewed file
(`.winwin-waivers.yaml` by default), each naming a rule and the deals it covers by id or by path
glob. CI that trusts only the central file runs with `--no-inline-waivers`. A maximum horizon
(`waivers.max_days` in the configuration) bounds how far ahead any waiver may expire: one
expiring later covers nothing (status `beyond-horizon`), so the finding it names fails until the
waiver is shortened and re-approved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from pydantic import ValidationError

from .config import has_content
from .errors import FatalError, LoadError
from .load import Document, decode, load
from .validate import problems_from

if TYPE_CHECKING:
    from .classify import DealResult

# The order in which a waiver's outcomes over several deals sum up to one status.
APPLIED, NOT_NEEDED, EXPIRED, BEYOND, UNUSED, IGNORED = (
    "applied",
    "not-needed",
    "expired",
    "beyond-horizon",
    "unused",
    "ignored",
)


class CentralWaiver(NamedTuple):
    rule: str
    deals: tuple[str, ...]
    paths: tuple[str, ...]
    reason: str
    approved_by: str
    expires: dt.date
    line: int
    column: int

    def covers(self, deal_id: str, relative: str | None) -> bool:
        from .config import glob_match

        if deal_id in self.deals:
            return True
        return relative is not None and any(glob_match(p, relative) for p in self.paths)


class WaiverPolicy(NamedTuple):
    """How a run treats waivers: the central ones, whether inline ones count, the horizon."""

    central: tuple[CentralWaiver, ...] = ()
    inline: bool = True
    max_days: int | None = None
    file: str | None = None  # the central file as shown in reports
    root: Path | None = None  # path globs are relative to this directory

    def relative(self, file: str) -> str | None:
        if file == "-" or self.root is None:
            return None
        try:
            return Path(file).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    def beyond_horizon(self, expires: dt.date, today: dt.date) -> bool:
        return self.max_days is not None and (expires - today).days > self.max_days

    def for_deal(self, deal_id: str, file: str) -> list[CentralWaiver]:
        relative = self.relative(file)
        return [w for w in self.central if w.covers(deal_id, relative)]


DEFAULT_POLICY = WaiverPolicy()


def read(
    path: Path, shown: str | None = None, max_days: int | None = None, inline: bool = True
) -> WaiverPolicy:
    """Load a central waivers file; a malformed file is a `FatalError` with every problem located."""
    name = shown or str(path)
    try:
        text = decode(path.read_bytes())
        document = load(text) if has_content(text) else Document({})
    except OSError as exc:
        raise FatalError(f"{name}: cannot read the waivers file: {exc.strerror or exc}") from None
    except LoadError as exc:
        raise FatalError(f"{name}:{exc.line}:{exc.column}: {exc.message}") from None
    from .waivers_file import WaiversFile  # its models are built only for a run that reads one

    try:
        parsed = WaiversFile.model_validate(document.data)
    except ValidationError as exc:
        problems = problems_from(exc, document, WaiversFile)
        lines = [f"{name}:{p.line}:{p.column}: {p.render()}" for p in problems]
        raise FatalError("invalid waivers file:\n" + "\n".join(lines)) from None
    central = []
    for n, entry in enumerate(parsed.waivers):
        line, column = document.mark(("waivers", n))
        central.append(
            CentralWaiver(
                entry.rule,
                tuple(entry.deals),
                tuple(entry.paths),
                entry.reason,
                entry.approved_by,
                entry.expires,
                line,
                column,
            )
        )
    return WaiverPolicy(tuple(central), inline, max_days, name, path.resolve().parent)


@dataclass
class Tally:
    """What became of each central waiver over a whole run, reported once at its end."""

    policy: WaiverPolicy
    today: dt.date
    outcomes: dict[tuple[int, int], set[str]] = field(default_factory=dict)
    deals: dict[tuple[int, int], list[str]] = field(default_factory=dict)

    def record(self, deal: DealResult) -> None:
        for status in deal.waivers:
            if status.source is None:
                continue
            key = (status.line, status.column)
            self.outcomes.setdefault(key, set()).add(status.status)
            if status.status == APPLIED:
                self.deals.setdefault(key, []).append(deal.id)

    def status(self, waiver: CentralWaiver) -> str:
        if waiver.expires < self.today:
            return EXPIRED
        if self.policy.beyond_horizon(waiver.expires, self.today):
            return BEYOND
        seen = self.outcomes.get((waiver.line, waiver.column), set())
        for status in (APPLIED, NOT_NEEDED):
            if status in seen:
                return status
        return UNUSED

    def entries(self) -> Iterable[tuple[CentralWaiver, str, list[str]]]:
        for waiver in self.policy.central:
            yield waiver, self.status(waiver), self.deals.get((waiver.line, waiver.column), [])

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for _, status, _ in self.entries():
            out[status] = out.get(status, 0) + 1
        return out


LABELS = {
    APPLIED: "covers the finding",
    NOT_NEEDED: "matches a reciprocated finding",
    EXPIRED: "expired; it no longer covers",
    BEYOND: "expires beyond the maximum horizon (waivers.max_days); it covers nothing",
    UNUSED: "matches no finding (unused)",
    IGNORED: "ignored (--no-inline-waivers: only the central waivers file counts)",
}


def tally_json(tally: Tally) -> dict[str, object]:
    """The top-level `waivers` key of the JSON report: the central file's waivers and their outcome."""
    return {
        "file": tally.policy.file,
        "inline": tally.policy.inline,
        "max_days": tally.policy.max_days,
        "entries": [
            {
                "rule": w.rule,
                "deals": list(w.deals),
                "paths": list(w.paths),
                "reason": w.reason,
                "approved_by": w.approved_by,
                "expires": w.expires.isoformat(),
                "line": w.line,
                "column": w.column,
                "status": status,
                "applied_to": applied_to,
            }
            for w, status, applied_to in tally.entries()
        ],
        "counts": tally.counts(),
    }


def tally_lines(tally: Tally) -> list[tuple[str, str]]:
    """Lines for the end of a terminal report: one per central waiver needing attention, then totals."""
    lines = []
    for w, status, _ in tally.entries():
        if status in (EXPIRED, BEYOND, UNUSED):
            label = f"expired on {w.expires.isoformat()}" if status == EXPIRED else LABELS[status]
            lines.append((f"{tally.policy.file}:{w.line}:{w.column}: waiver {w.rule}: {label}", status))
    counts = tally.counts()
    if tally.policy.central:
        order = (APPLIED, NOT_NEEDED, EXPIRED, BEYOND, UNUSED)
        totals = ", ".join(f"{counts[s]} {s}" for s in order if s in counts)
        lines.append((f"Waivers file {tally.policy.file}: {totals}", "summary"))
    return lines

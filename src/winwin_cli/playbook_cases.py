"""Playbook tests: deals with the findings a playbook must report for them, run like `opa test`.

A playbook directory keeps its tests in `tests/*.yaml` (the playbook loader reads only the
directory's top-level files, so they are never taken for rules). A test file is a mapping:

    today: 2026-11-23            # optional: the day waivers are judged on (default: the run day)
    tests:
      - name: a 15 % discount on 12 months is a concession without a get
        patch: {pricing: {discount_pct: 15}}      # merged onto a minimal deal, or `deal:` in full
        expect:
          - {rule: WW101, class: win-lose, severity: error, approvals_missing: [sales-manager]}
        absent: [WW102]          # rules (or id prefixes) that must not fire
        only: true               # no finding beyond `expect` (or a list of rule ids / prefixes)
        verdict: fail            # optional

Every problem with a test file is located (file:line:col); a malformed file is an error, not a
failure, and the other files still run.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from .classify import Finding
from .errors import FatalError, LoadError
from .load import Document, PathT, decode, load
from .playbook import Diagnostic, Playbook, RuleId, Severity
from .scalars import Bool, Date, Ident, Text, _not_null, identifier
from .validate import DealInvalid, _message, format_path, validate

TESTS_DIR = "tests"
MINIMAL_DEAL: dict[str, Any] = {"winwin": "1", "deal": {"id": "TEST-DEAL", "counterparty": "Test Customer"}}
_E = BeforeValidator(_not_null(identifier))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True, populate_by_name=True)


class Expected(_Strict):
    """A finding the playbook must report; the fields left out match anything."""

    rule: RuleId
    klass: Annotated[Literal["win-win", "win-lose", "lose-win"], _E] = Field(alias="class")
    severity: Annotated[Severity | None, BeforeValidator(lambda v: None if v is None else identifier(v))] = (
        None
    )
    concession: Ident | None = None
    reciprocated_by: Text | None = None
    approvals_required: list[Ident] | None = None
    approvals_missing: list[Ident] | None = None
    waived: Bool | None = None
    fails: Bool | None = None

    def matches(self, finding: Finding) -> bool:
        return (
            finding.rule == self.rule
            and finding.klass == self.klass
            and (self.severity is None or finding.severity == self.severity)
            and (self.concession is None or finding.item == self.concession)
            and (self.reciprocated_by is None or finding.reciprocated_by == self.reciprocated_by)
            and (
                self.approvals_required is None
                or sorted(finding.approvals_required) == sorted(self.approvals_required)
            )
            and (
                self.approvals_missing is None
                or sorted(finding.approvals_missing) == sorted(self.approvals_missing)
            )
            and (self.waived is None or finding.waived == self.waived)
            and (self.fails is None or finding.fails == self.fails)
        )

    def describe(self) -> str:
        parts = [f"{self.rule} {self.klass}"]
        if self.concession is not None:
            parts.append(f"({self.concession})")
        details = []
        if self.severity is not None:
            details.append(f"severity {self.severity}")
        if self.reciprocated_by is not None:
            details.append(f"reciprocated by '{self.reciprocated_by}'")
        if self.approvals_required is not None:
            details.append(f"approvals required: {', '.join(self.approvals_required) or 'none'}")
        if self.approvals_missing is not None:
            details.append(f"approvals missing: {', '.join(self.approvals_missing) or 'none'}")
        if self.waived is not None:
            details.append("waived" if self.waived else "not waived")
        if self.fails is not None:
            details.append("fails" if self.fails else "does not fail")
        return " ".join(parts) + (f" [{'; '.join(details)}]" if details else "")


def describe(finding: Finding) -> str:
    item = f" ({finding.item})" if finding.item else ""
    details = [f"severity {finding.severity}"]
    if finding.reciprocated_by:
        details.append(f"reciprocated by '{finding.reciprocated_by}'")
    if finding.approvals_required:
        details.append(f"approvals required: {', '.join(finding.approvals_required)}")
    if finding.approvals_missing:
        details.append(f"approvals missing: {', '.join(finding.approvals_missing)}")
    if finding.waived:
        details.append("waived")
    return f"{finding.rule} {finding.klass}{item} [{'; '.join(details)}]"


def _only(value: object) -> object:
    if value is None:
        raise ValueError("null is not allowed here")
    if isinstance(value, str):
        if value in ("true", "false"):
            return value == "true"
        raise ValueError(f"expected true, false or a list of rule ids, got '{value}'")
    return value


class Case(_Strict):
    name: Text
    deal: dict[str, Any] | None = None
    patch: dict[str, Any] | None = None
    today: Date | None = None
    expect: list[Expected] = []
    absent: list[Annotated[str, _E]] = []
    only: Annotated[bool | list[Annotated[str, _E]], BeforeValidator(_only)] = False
    verdict: Annotated[
        Literal["pass", "fail"] | None, BeforeValidator(lambda v: None if v is None else identifier(v))
    ] = None


class CaseFile(_Strict):
    today: Date | None = None
    tests: list[Case]


Status = Literal["pass", "fail", "error"]


@dataclass(frozen=True)
class CaseResult:
    file: str
    line: int
    column: int
    name: str
    status: Status
    problems: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass
class Outcome:
    """Everything a run of playbook tests found."""

    results: list[CaseResult] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)  # test files that could not be read
    files: list[str] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def exit_code(self) -> int:
        if self.errors or self.count("error") or not self.results:
            return 2
        return 1 if self.count("fail") else 0


def test_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Test files: named files, and the `*.yaml` / `*.yml` of named directories, sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            yield path


def default_tests(playbook_path: Path) -> Path:
    """Where a playbook keeps its tests: `tests/` inside its directory (or beside its file)."""
    directory = playbook_path if playbook_path.is_dir() else playbook_path.parent
    return directory / TESTS_DIR


def merge(base: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """`patch` deep-merged onto `base`: mappings merge key by key, anything else replaces."""
    out = dict(base)
    for key, value in patch.items():
        current = out.get(key)
        out[key] = merge(current, value) if isinstance(current, dict) and isinstance(value, dict) else value
    return out


def _rooted(document: Document, prefix: PathT, at: tuple[int, int]) -> Document:
    """The part of a test file under `prefix` as a document of its own, for located messages."""
    n = len(prefix)
    values = {p[n:]: m for p, m in document.values.items() if p[:n] == prefix and len(p) > n}
    keys = {p[n:]: m for p, m in document.keys.items() if p[:n] == prefix and len(p) > n}
    for key in MINIMAL_DEAL:
        values.setdefault((key,), at)
    return Document({}, values, keys)


def shown_path(path: Path) -> str:
    """A path as printed: relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def run_file(path: Path, playbook: Playbook, today: dt.date, outcome: Outcome) -> None:
    shown = shown_path(path)
    outcome.files.append(shown)
    try:
        document = load(decode(path.read_bytes()))
    except OSError as exc:
        outcome.errors.append(Diagnostic(shown, 0, 0, f"cannot read the test file: {exc.strerror or exc}"))
        return
    except LoadError as exc:
        outcome.errors.append(Diagnostic(shown, exc.line, exc.column, exc.message))
        return
    except UnicodeError as exc:
        outcome.errors.append(Diagnostic(shown, 1, 1, f"not UTF-8 text: {exc}"))
        return
    try:
        content = CaseFile.model_validate(document.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            written, path_at, message, at_key = _message(error, CaseFile)
            line, column = document.key_mark(path_at) if at_key else document.mark(path_at)
            where = format_path(written)
            message = message.replace("'klass'", "'class'")  # the field's name in Python, not in YAML
            outcome.errors.append(
                Diagnostic(shown, line, column, f"{where}: {message}" if where else message)
            )
        return
    day = content.today or today
    for n, case in enumerate(content.tests):
        outcome.results.append(run_case(shown, document, n, case, playbook, case.today or day))


def run_case(
    file: str, document: Document, n: int, case: Case, playbook: Playbook, today: dt.date
) -> CaseResult:
    from .classify import classify
    from .evaluate import evaluate

    line, column = document.mark(("tests", n))
    started = time.perf_counter()

    def result(status: Status, *problems: str) -> CaseResult:
        return CaseResult(file, line, column, case.name, status, problems, time.perf_counter() - started)

    if case.deal is not None and case.patch is not None:
        return result("error", "give either deal: or patch:, not both")
    if case.deal is not None:
        data = merge({"winwin": MINIMAL_DEAL["winwin"]}, case.deal)
        deal_document = _rooted(document, ("tests", n, "deal"), (line, column))
    else:
        data = merge(MINIMAL_DEAL, case.patch or {})
        deal_document = _rooted(document, ("tests", n, "patch"), (line, column))
    deal_document.data = data
    judge = playbook
    pin = data.get("playbook")
    if isinstance(pin, str) and pin != playbook.ref:
        try:
            found = playbook.resolve_pin(pin)
        except FatalError as exc:
            return result("error", f"the pinned playbook {pin} does not load: {exc}")
        if found is None:
            return result(
                "error",
                f"the deal pins playbook {pin}, which is neither {playbook.ref} nor one of its versions",
            )
        judge = found
    try:
        deal = validate(deal_document, judge.standard)
    except DealInvalid as exc:
        return result(
            "error", *(f"{file}:{p.line}:{p.column}: invalid deal: {p.render()}" for p in exc.problems)
        )
    try:
        evaluation = evaluate(deal, judge)
    except Exception as exc:
        return result("error", f"the playbook failed on this deal: {exc}")
    report = classify(evaluation, deal_document, judge, file, today)
    problems = compare(case, list(report.findings))
    if case.verdict is not None and report.verdict != case.verdict:
        problems.append(f"verdict: expected {case.verdict}, got {report.verdict}")
    return result("fail" if problems else "pass", *problems)


def compare(case: Case, findings: list[Finding]) -> list[str]:
    """What differs between the findings and the case's expectations (empty: the case passes)."""
    problems: list[str] = []
    unused = list(findings)
    for expected in case.expect:
        match = next((f for f in unused if expected.matches(f)), None)
        if match is None:
            same_rule = [describe(f) for f in findings if f.rule == expected.rule]
            got = "; got " + ", ".join(same_rule) if same_rule else f"; {expected.rule} did not fire"
            problems.append(f"expected {expected.describe()}{got}")
        else:
            unused.remove(match)
    for prefix in case.absent:
        fired = [describe(f) for f in findings if f.rule.startswith(prefix)]
        if fired:
            problems.append(f"expected no {prefix} finding; got {', '.join(fired)}")
    if case.only is not False:
        scope = () if case.only is True else tuple(case.only)
        extra = [describe(f) for f in unused if not scope or f.rule.startswith(scope)]
        if extra:
            problems.append(f"unexpected finding{'s' if len(extra) > 1 else ''}: {', '.join(extra)}")
    return problems


def run(playbook: Playbook, paths: Iterable[Path], today: dt.date) -> Outcome:
    outcome = Outcome()
    for path in test_files(paths):
        run_file(path, playbook, today, outcome)
    return outcome


# ---------------------------------------------------------------------------------------------
# Reporting, like `opa test`: failures with what differs, then PASS / FAIL counts.

RULE = "-" * 80


def render(outcome: Outcome, verbose: bool = False) -> str:
    lines: list[str] = []
    by_file: dict[str, list[CaseResult]] = {}
    for r in outcome.results:
        by_file.setdefault(r.file, []).append(r)
    mark = {"pass": ".", "fail": "F", "error": "E"}
    for file in outcome.files:
        results = by_file.get(file, [])
        if verbose:
            lines.append(f"{file}:")
            for r in results:
                label = r.status.upper()
                lines.append(f"  {label}: {r.name} ({r.seconds * 1000:.1f}ms)")
                if r.status != "pass":
                    lines.extend(f"    {p}" for p in r.problems)
        elif results:
            lines.append(f"{file} {''.join(mark[r.status] for r in results)}")
    for error in outcome.errors:
        lines.append(f"{error.location}: error: {error.message}")
    failed = [r for r in outcome.results if r.status != "pass"]
    if failed and not verbose:
        lines.append("")
        for r in failed:
            lines.append(f"{r.location}: {r.status.upper()}: {r.name}")
            lines.extend(f"  {p}" for p in r.problems)
    total = len(outcome.results)
    lines.append(RULE)
    if not total and not outcome.errors:
        lines.append("no tests found")
        return "\n".join(lines) + "\n"
    lines.append(f"PASS: {outcome.count('pass')}/{total}")
    if outcome.count("fail"):
        lines.append(f"FAIL: {outcome.count('fail')}/{total}")
    if outcome.count("error") or outcome.errors:
        malformed = len({e.file for e in outcome.errors})
        also = f" (and {malformed} malformed test file{'s' if malformed > 1 else ''})" if malformed else ""
        lines.append(f"ERROR: {outcome.count('error')}/{total}{also}")
    return "\n".join(lines) + "\n"

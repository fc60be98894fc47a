"""One file through the pipeline: load → validate → evaluate → classify, errors kept as values."""

from __future__ import annotations

import datetime as dt
import re
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .classify import CLASSES, LOPSIDED, DealResult, classify
from .errors import FatalError, LoadError
from .evaluate import evaluate
from .expr import ExpressionError
from .load import DEFAULT_LIMITS, Document, Limits, Quoted, decode, load, read_bytes, too_large
from .models import PIN
from .playbook import Playbook
from .validate import DealInvalid, validate_facts
from .waivers import Tally, WaiverPolicy

EXIT_OK, EXIT_FAIL, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3
_DEAL_KEY = re.compile(r"^(?:winwin|'winwin'|\"winwin\")[ \t]*:", re.MULTILINE)


class FileError(NamedTuple):
    file: str
    line: int
    column: int
    message: str
    internal: bool = False
    detail: str | None = None

    def render(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class Rendered(NamedTuple):
    """A deal already turned into each report's text by a worker, with the counts a summary keeps.

    A worker sends this instead of the `DealResult`: a few strings cross the process boundary
    rather than the deal's findings, waivers and ledger, and the parent has nothing to render.
    """

    texts: tuple[str, ...]  # one per report of the run, in the order of `Renderer`'s reports
    findings: int
    failing: int
    by_class: tuple[int, ...]  # findings per class, in the order of `CLASSES`

    @classmethod
    def of(cls, deal: DealResult, texts: tuple[str, ...]) -> Rendered:
        by_class = dict.fromkeys(CLASSES, 0)
        for finding in deal.findings:
            by_class[finding.klass] += 1
        return cls(texts, len(deal.findings), deal.failing, tuple(by_class.values()))


class FileResult(NamedTuple):
    file: str
    deal: DealResult | None = None
    errors: tuple[FileError, ...] = ()
    skipped: bool = False
    rendered: Rendered | None = None  # in place of `deal`, from a worker (see `Rendered`)

    @property
    def exit_code(self) -> int:
        if any(e.internal for e in self.errors):
            return EXIT_INTERNAL
        if self.errors:
            return EXIT_ERROR
        if self.deal is not None and self.deal.verdict == "fail":
            return EXIT_FAIL
        if self.rendered is not None and self.rendered.failing:
            return EXIT_FAIL
        return EXIT_OK


# Turns a deal into the text of every report of a run, in a worker (see `Rendered`).
Renderer = Callable[[DealResult], tuple[str, ...]]


class Options(NamedTuple):
    playbook: Playbook
    today: dt.date
    fail_on: frozenset[str] = LOPSIDED
    limits: Limits = DEFAULT_LIMITS
    skip_non_deals: bool = False
    # A deal that pins `playbook: NAME@VERSION` is judged by the playbook this returns.
    resolve_pin: Callable[[str], Playbook | None] | None = None
    # The playbook of a file when the configuration tailors it per path (config `overrides:`).
    playbook_for: Callable[[str], Playbook] | None = None
    waivers: WaiverPolicy | None = None


class Source(NamedTuple):
    """A file to check: its name as shown, and where its bytes come from."""

    name: str
    path: Path | str | None  # None: standard input
    explicit: bool = True
    problem: str | None = None  # why it cannot be read, found while walking


def _located(name: str, exc: LoadError) -> FileResult:
    return FileResult(name, errors=(FileError(name, exc.line, exc.column, exc.message),))


def _pinned(document: Document, options: Options, name: str) -> Playbook:
    pin = document.data.get("playbook")
    if not isinstance(pin, str) or (isinstance(pin, Quoted) and not pin) or not PIN.fullmatch(pin):
        return options.playbook  # not a pin: validation says what is wrong with it
    if pin == options.playbook.ref:
        return options.playbook
    try:
        found = (options.resolve_pin or options.playbook.resolve_pin)(pin)
    except FatalError as exc:
        line, column = document.mark(("playbook",))
        raise LoadError(line, column, f"the deal pins playbook {pin}, which does not load: {exc}") from None
    if found is None:
        line, column = document.mark(("playbook",))
        raise LoadError(
            line,
            column,
            f"the deal pins playbook {pin}, but {options.playbook.ref} is loaded"
            " and no other version is available",
        )
    return found


def check_text(name: str, raw: bytes, options: Options, explicit: bool = True) -> FileResult:
    """Check one file's bytes. Never raises: every failure is a value in the result."""
    try:
        if len(raw) > options.limits.max_bytes:
            raise LoadError(1, 1, too_large(options.limits.max_bytes))
        text = decode(raw)
        # Found by a walk (or named under --skip-non-deals): only a deal file is checked.
        if not explicit and not _DEAL_KEY.search(text):
            return FileResult(name, skipped=True)
        document = load(text, options.limits)
        if not explicit and "winwin" not in document.data:
            return FileResult(name, skipped=True)
        if options.playbook_for is not None:
            tailored = options.playbook_for(name)
            if tailored is not options.playbook:
                options = options._replace(playbook=tailored)
        playbook = _pinned(document, options, name)
        try:
            deal, values = validate_facts(document, playbook.standard)
        except DealInvalid as exc:
            return FileResult(
                name, errors=tuple(FileError(name, p.line, p.column, p.render()) for p in exc.problems)
            )
        try:
            evaluation = evaluate(deal, playbook, values)
        except ExpressionError as exc:
            return FileResult(
                name, errors=(FileError(name, 1, 1, f"the playbook failed on this deal: {exc}"),)
            )
        return FileResult(
            name,
            deal=classify(
                evaluation, document, playbook, name, options.today, options.fail_on, options.waivers
            ),
        )
    except LoadError as exc:
        return _located(name, exc)
    except FatalError as exc:
        return FileResult(name, errors=(FileError(name, 1, 1, str(exc)),))
    except RecursionError:
        return FileResult(name, errors=(FileError(name, 1, 1, "the file is nested too deeply to check"),))
    except MemoryError:
        return FileResult(name, errors=(FileError(name, 1, 1, "the file needs too much memory to check"),))
    except Exception as exc:
        detail = traceback.format_exc()
        message = (
            f"internal error: {type(exc).__name__}: {exc}"
            " (this is a bug in winwin; please report it with the file)"
        )
        return FileResult(name, errors=(FileError(name, 1, 1, message, internal=True, detail=detail),))


def read_source(
    source: Source, stdin: Callable[[], bytes], max_bytes: int = DEFAULT_LIMITS.max_bytes
) -> bytes | FileResult:
    if source.problem is not None:
        return FileResult(source.name, errors=(FileError(source.name, 1, 1, source.problem),))
    if source.path is None:
        return stdin()
    try:
        return read_bytes(source.path, max_bytes)
    except LoadError as exc:
        return _located(source.name, exc)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return FileResult(
            source.name, errors=(FileError(source.name, 1, 1, f"cannot read the file: {reason}"),)
        )


def check_one(source: Source, options: Options, stdin: Callable[[], bytes]) -> FileResult:
    raw = read_source(source, stdin, options.limits.max_bytes)
    if isinstance(raw, FileResult):
        return raw
    return check_text(source.name, raw, options, explicit=source.explicit)


def check_sources(
    sources: Iterable[Source],
    options: Options,
    stdin: Callable[[], bytes],
    jobs: int = 1,
    render: Renderer | None = None,
) -> Iterator[FileResult]:
    """Every source's result, in order; with `jobs` > 1, checked by that many worker processes.

    With `render`, workers send each deal as `Rendered` text instead of its `DealResult`.
    """
    if jobs > 1:
        from . import parallel

        listed = list(sources)
        if parallel.available() and len(listed) > 1 and all(s.path is not None for s in listed):
            yield from parallel.check_parallel(listed, options, min(jobs, len(listed)), render)
            return
        sources = listed
    for source in sources:
        yield check_one(source, options, stdin)


@dataclass
class Summary:
    """Counts for the end of a run, accumulated as results stream past."""

    files: int = 0
    deals: int = 0
    errors: int = 0
    skipped: int = 0
    findings: int = 0
    failing: int = 0
    failing_deals: int = 0
    by_class: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    exit_code: int = EXIT_OK
    waivers: Tally | None = None  # the central waivers file's outcome, when the run has one

    def add(self, result: FileResult) -> None:
        if result.skipped:
            self.skipped += 1
            return
        self.files += 1
        self.errors += len(result.errors)
        deal, counts = result.deal, result.rendered
        if deal is not None:
            if self.waivers is not None:
                self.waivers.record(deal)
            counts = Rendered.of(deal, ())
        if counts is not None:
            self.deals += 1
            self.findings += counts.findings
            self.failing += counts.failing
            self.failing_deals += 1 if counts.failing else 0
            for klass, count in zip(CLASSES, counts.by_class, strict=True):
                self.by_class[klass] += count
        self.exit_code = max(self.exit_code, result.exit_code)

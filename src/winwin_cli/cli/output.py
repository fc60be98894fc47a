"""Where a check's reports go: the main format, extra `--emit FORMAT:PATH` files, the GitHub job
summary, colour, and a progress bar on interactive terminals.

Every report is fed the same stream of results, so one run can print the rich report and write
SARIF and JUnit files at once, as ruff's and Spectral's users expect from a CI linter.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Annotated, Any, NamedTuple, cast

import typer
from typer.core import TyperCommand

from ..report.guard import guard

if TYPE_CHECKING:
    from ..classify import DealResult
    from ..report import Prerendering, Reporter, ReportOptions
    from ..run import FileResult, Renderer, Summary

STEP_SUMMARY_ENV = "GITHUB_STEP_SUMMARY"
# GitHub refuses a job summary larger than 1 MiB; keep clear of it.
STEP_SUMMARY_LIMIT = 1000 * 1024
PROGRESS_AFTER = 1.0  # seconds: short runs never flash a bar
# Set by the common CI services; a progress bar there only pollutes the log.
CI_VARIABLES = (
    "CI",
    "GITHUB_ACTIONS",
    "GITLAB_CI",
    "BUILDKITE",
    "JENKINS_URL",
    "TF_BUILD",
    "TEAMCITY_VERSION",
)

COLORS = ("auto", "always", "never")


def complete_format(incomplete: str) -> list[str]:
    from ..report import FORMATS

    return [name for name in ("auto", *FORMATS) if name.startswith(incomplete)]


def complete_color(incomplete: str) -> list[str]:
    return [name for name in COLORS if name.startswith(incomplete)]


ColorOption = Annotated[
    str,
    typer.Option(
        "--color",
        metavar="WHEN",
        help="Colour the report: auto (on a terminal, unless NO_COLOR is set or FORCE_COLOR is), "
        "always or never.",
        autocompletion=complete_color,
    ),
]
EmitOption = Annotated[
    list[str] | None,
    typer.Option(
        "--emit",
        metavar="FORMAT:PATH",
        help="Also write a report in FORMAT to PATH (repeatable), e.g. --emit sarif:winwin.sarif "
        "--emit junit:winwin.xml.",
    ),
]
StepSummaryOption = Annotated[
    str | None,
    typer.Option(
        "--step-summary",
        metavar="[=PATH]",
        help=f"Append the markdown report to ${STEP_SUMMARY_ENV} (GitHub's job summary), "
        "or to PATH with --step-summary=PATH.",
        show_default=False,
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Show only failing deals and findings, errors and the summary.")
]
RepoRootOption = Annotated[
    str | None,
    typer.Option(
        "--repo-root",
        metavar="DIR",
        help="Make file paths in SARIF, GitHub, JUnit and markdown reports relative to DIR "
        "(default: the current directory).",
    ),
]


def bare_step_summary(args: list[str]) -> list[str]:
    """`--step-summary` alone becomes `--step-summary=` (meaning $GITHUB_STEP_SUMMARY)."""
    for n, arg in enumerate(args):
        if arg == "--":
            return [*args[:n], *args[n:]]
        if arg == "--step-summary":
            args = [*args[:n], "--step-summary=", *args[n + 1 :]]
    return args


RuleDocsOption = Annotated[
    str | None,
    typer.Option(
        "--rule-docs-url",
        metavar="TEMPLATE",
        help="Link each rule to its documentation in SARIF (helpUri), e.g. "
        "https://wiki.example.com/deal-desk/{id}; {id} and {slug} are filled in.",
    ),
]


class CheckCommand(TyperCommand):
    """Gives `--step-summary` an optional value.

    Click would take the next argument (a deal path) as the option's value; rewriting the bare
    flag before parsing keeps `--step-summary deals/` meaning what it says.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, bare_step_summary(args))


def resolve_format(name: str, environ: Mapping[str, str] = os.environ) -> str:
    """`auto`: GitHub annotations inside GitHub Actions, the rich report anywhere else."""
    if name == "auto":
        return "github" if environ.get("GITHUB_ACTIONS") == "true" else "rich"
    return name


def resolve_color(choice: str, stream: IO[str], environ: Mapping[str, str] = os.environ) -> bool:
    """--color always/never wins; then NO_COLOR, then FORCE_COLOR (both: set and not empty); then
    whether the stream is a terminal (and not TERM=dumb)."""
    if choice in ("always", "never"):
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR", "") not in ("", "0", "false"):
        return True
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return tty and environ.get("TERM") != "dumb"


def terminal_width(stream: IO[str]) -> int | None:
    """The terminal's width when writing to one; None lets the report use COLUMNS or 80."""
    try:
        if stream.isatty():
            return shutil.get_terminal_size().columns
    except (AttributeError, ValueError):
        pass
    return None


class Emit(NamedTuple):
    format: str
    path: str


def parse_emits(values: Iterable[str], formats: Iterable[str]) -> list[Emit]:
    """`FORMAT:PATH` values, split at the first colon (so `sarif:C:\\out.sarif` works)."""
    known = tuple(formats)
    emits: list[Emit] = []
    for value in values:
        name, sep, path = value.partition(":")
        if not sep or not path:
            raise ValueError(f"--emit: expected FORMAT:PATH, got '{value}'")
        if name not in known or name == "auto":
            raise ValueError(f"--emit: unknown format '{name}' (choose from {', '.join(known)})")
        if any(e.path == path for e in emits):
            raise ValueError(f"--emit: '{path}' is named twice")
        emits.append(Emit(name, path))
    return emits


def step_summary_path(value: str | None, environ: Mapping[str, str] = os.environ) -> str | None:
    if value is None:
        return None
    if value:
        return value
    path = environ.get(STEP_SUMMARY_ENV)
    if not path:
        raise ValueError(f"--step-summary: ${STEP_SUMMARY_ENV} is not set; give a file: --step-summary=PATH")
    return path


def progress_wanted(stream: IO[str], environ: Mapping[str, str] = os.environ) -> bool:
    """A progress bar only for a person at a terminal: never in CI logs, pipes or files."""
    if any(environ.get(name) for name in CI_VARIABLES) or environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Sink:
    """One report and where its text goes."""

    def __init__(
        self, report: Reporter, write: Callable[[str], object], close: Callable[[], object] | None
    ) -> None:
        self.report = report
        self._write = write
        self._close = close

    def write(self, text: str) -> None:
        if text:
            self._write(text)

    def close(self) -> None:
        if self._close is not None:
            self._close()


class StepSummary:
    """The markdown report for GitHub's job summary, shortened to fit GitHub's size limit.

    Deals are kept in order while they fit; the rest are counted, and the run summary is
    always written. The file is appended to (other steps' summaries share it).
    """

    def __init__(self, report: Reporter, path: str, limit: int = STEP_SUMMARY_LIMIT) -> None:
        self.report = report
        self.path = path
        self._limit = limit
        self._parts: list[str] = []
        self._size = 0
        self._left_out = 0

    def write(self, text: str) -> None:
        size = len(text.encode())
        if self._left_out or self._size + size > self._limit:
            self._left_out += 1
            return
        self._parts.append(text)
        self._size += size

    def finish(self, tail: str) -> None:
        if self._left_out:
            self._parts.append(
                f"*{self._left_out} more file reports left out: GitHub limits a job summary to 1 MiB. "
                "The full report is in the job log.*\n\n"
            )
        self._parts.append(tail)
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write("".join(self._parts))


@dataclass
class Outputs:
    """Every report of one run, fed the same results."""

    sinks: list[Sink] = field(default_factory=list)
    step_summary: StepSummary | None = None

    def begin(self) -> None:
        for sink in self.sinks:
            sink.write(sink.report.begin())
        if self.step_summary is not None:
            self.step_summary.write(self.step_summary.report.begin())

    def _reports(self) -> list[Reporter]:
        reports = [sink.report for sink in self.sinks]
        return reports if self.step_summary is None else [*reports, self.step_summary.report]

    def renderer(self) -> Renderer | None:
        """How workers can render deals for every report of this run; None when one report cannot."""
        reports = self._reports()
        if not all(callable(getattr(r, "prerender", None)) for r in reports):
            return None
        prerendering = cast("list[Prerendering]", reports)

        def render(deal: DealResult) -> tuple[str, ...]:
            return tuple(report.prerender(deal) for report in prerendering)

        return render

    def add(self, result: FileResult) -> None:
        reports = self._reports()
        rendered = result.rendered
        if rendered is None:
            texts = [report.add(result) for report in reports]
        else:
            prerendering = cast("list[Prerendering]", reports)
            pairs = zip(prerendering, rendered.texts, strict=True)
            texts = [report.add_rendered(result, text) for report, text in pairs]
        for sink, text in zip(self.sinks, texts, strict=False):  # the step summary's comes last
            sink.write(text)
        if self.step_summary is not None and texts[-1]:
            self.step_summary.write(texts[-1])

    def end(self, summary: Summary) -> None:
        for sink in self.sinks:
            sink.write(sink.report.end(summary))
        if self.step_summary is not None:
            self.step_summary.finish(self.step_summary.report.end(summary))

    def close(self) -> None:
        for sink in self.sinks:
            sink.close()


def open_outputs(
    main_format: str,
    main_path: str | None,
    emits: list[Emit],
    step_summary: str | None,
    options: ReportOptions,
    color_choice: str,
) -> Outputs:
    """Open every destination first, so that a bad path fails before any file is checked."""
    from ..report import reporter

    outputs = Outputs()
    try:
        if main_path is None:
            stdout_options = options._replace(
                color=resolve_color(color_choice, sys.stdout), width=terminal_width(sys.stdout)
            )
            # Looked up at each write: a progress bar may stand in for sys.stdout meanwhile.
            stdout_report = reporter(main_format, stdout_options)
            outputs.sinks.append(Sink(stdout_report, *guard(main_format, _stdout_write, sys.stdout.flush)))
        else:
            outputs.sinks.append(_file_sink(main_format, main_path, options))
        outputs.sinks.extend(_file_sink(e.format, e.path, options) for e in emits)
        if step_summary is not None:
            # Opened now only to fail early on a bad path; written in one go at the end.
            with open(step_summary, "a", encoding="utf-8"):
                pass
            outputs.step_summary = StepSummary(reporter("markdown", options), step_summary)
    except OSError:
        outputs.close()
        raise
    return outputs


def _stdout_write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _file_sink(format_name: str, path: str, options: ReportOptions) -> Sink:
    from ..report import reporter

    handle = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by Outputs.close
    report = reporter(format_name, options._replace(color=False, width=None))
    return Sink(report, *guard(format_name, handle.write, handle.close))


class Progress:
    """A transient progress bar on stderr, shown once a run has lasted PROGRESS_AFTER seconds."""

    def __init__(self, total: int, enabled: bool) -> None:
        self._total = total
        self._enabled = enabled and total > 1
        self._started = time.monotonic()
        self._done = 0
        self._bar: Any = None
        self._task: Any = None

    def advance(self, name: str) -> None:
        self._done += 1
        if not self._enabled:
            return
        if self._bar is None:
            if time.monotonic() - self._started < PROGRESS_AFTER or self._done >= self._total:
                return
            self._start()
        self._bar.update(self._task, completed=self._done, description=_short(name))

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        console = Console(file=sys.stderr, stderr=True)
        self._bar = Bar(
            TextColumn("[progress.description]{task.description}", style="dim"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            redirect_stdout=sys.stdout.isatty(),
            redirect_stderr=False,
        )
        self._task = self._bar.add_task("checking", total=self._total, completed=self._done)
        self._bar.start()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _short(name: str, width: int = 40) -> str:
    return name if len(name) <= width else "…" + name[-(width - 1) :]


def run_reports(
    results: Iterable[FileResult], summary: Summary, outputs: Outputs, progress: Progress
) -> None:
    try:
        outputs.begin()
        for result in results:
            summary.add(result)
            outputs.add(result)
            progress.advance(result.file)
        progress.close()
        outputs.end(summary)
    finally:
        progress.close()
        outputs.close()

"""Stage 5, report: one module per output format, each turning results into text.

A reporter is fed results one file at a time (so a run over thousands of files streams) and
returns the text to write at each step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..classify import DealResult
    from ..run import FileResult, Summary
    from .common import ReportOptions


def __getattr__(name: str) -> Any:
    # `ReportOptions` on first use: `.common` imports the loader (and PyYAML), which `--help`
    # and the report.guard users do not need.
    if name == "ReportOptions":
        from .common import ReportOptions

        return ReportOptions
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Reporter(Protocol):
    def begin(self) -> str: ...

    def add(self, result: FileResult) -> str: ...

    def end(self, summary: Summary) -> str: ...


class Prerendering(Reporter, Protocol):
    """A reporter whose text for a deal depends on the deal alone, so a worker can render it.

    `add_rendered(result, prerender(deal))` returns what `add` returns for the result with the deal.
    """

    def prerender(self, deal: DealResult) -> str: ...

    def add_rendered(self, result: FileResult, text: str) -> str: ...


__all__ = ["FORMATS", "Prerendering", "ReportOptions", "Reporter", "reporter"]


FORMATS = ("rich", "json", "sarif", "junit", "github", "markdown")


def reporter(name: str, options: ReportOptions | None = None) -> Reporter:
    """The reporter for a format name; imported on demand to keep start-up light.

    `options` carries what the formats need (colour, quiet, playbook, repository root...).
    """
    if options is None:
        from .common import ReportOptions

        options = ReportOptions()
    if name == "json":
        from .json import JsonReporter

        return JsonReporter()
    if name == "rich":
        from .terminal import TerminalReporter

        return TerminalReporter(
            width=options.width, color=options.color, verbose=options.verbose, quiet=options.quiet
        )
    if name == "sarif":
        from .sarif import SarifReporter

        return SarifReporter(options)
    if name == "junit":
        from .junit import JunitReporter

        return JunitReporter(options)
    if name == "github":
        from .github import GithubReporter

        return GithubReporter(options)
    if name == "markdown":
        from .markdown import MarkdownReporter

        return MarkdownReporter(options)
    raise ValueError(name)

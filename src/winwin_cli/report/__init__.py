"""Stage 5, report: one module per output format, each turning results into text.

A reporter is fed results one file at a time (so a run over thousands of files streams) and
returns the text to write at each step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..run import FileResult, Summary


class Reporter(Protocol):
    def begin(self) -> str: ...

    def add(self, result: FileResult) -> str: ...

    def end(self, summary: Summary) -> str: ...


FORMATS = ("rich", "json")


def reporter(name: str, **options: object) -> Reporter:
    """The reporter for a format name; imported on demand to keep start-up light."""
    if name == "json":
        from .json import JsonReporter

        return JsonReporter()
    if name == "rich":
        from .terminal import TerminalReporter

        return TerminalReporter(**options)  # type: ignore[arg-type]
    raise ValueError(name)

"""`--format github`: GitHub Actions workflow commands, shown as annotations on the pull request.

`::error file=…,line=…,col=…,title=…::message`, escaped as the Actions runner unescapes them.
GitHub shows at most 10 annotations of each level per step; past that the findings are printed
as plain log lines and a closing line says how many were not annotated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .common import (
    WAIVER_LEVEL,
    ReportOptions,
    display_path,
    finding_text,
    finding_title,
    level,
    plural,
    safe,
    summary_text,
    waiver_file,
    waiver_text,
)

if TYPE_CHECKING:
    from ..run import FileResult, Summary

ANNOTATIONS_PER_LEVEL = 10
_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties: str | int) -> str:
    """One workflow command line, e.g. `::error file=a.yaml,line=3::text`."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{kind} {props}::{escape_data(message)}\n" if props else f"::{kind}::{escape_data(message)}\n"


def _plain(text: str) -> str:
    # One log line whatever the text holds, and never one that starts like a workflow command.
    return "winwin: " + " / ".join(part for part in text.replace("\r", "\n").split("\n") if part) + "\n"


class GithubReporter:
    def __init__(self, options: ReportOptions | None = None) -> None:
        self._options = options or ReportOptions()
        self._shown = dict.fromkeys(_COMMAND.values(), 0)
        self._hidden = dict.fromkeys(_COMMAND.values(), 0)

    def _annotate(self, kind: str, file: str, line: int, column: int, title: str, message: str) -> str:
        path = display_path(file, self._options.root)
        if self._shown[kind] < ANNOTATIONS_PER_LEVEL:
            self._shown[kind] += 1
            return command(kind, message, file=path, line=line, col=column, title=title)
        self._hidden[kind] += 1
        return _plain(f"{path}:{line}:{column}: {kind}: {title}: {message}")

    def begin(self) -> str:
        return ""

    def add(self, result: FileResult) -> str:
        out: list[str] = []
        for error in result.errors:
            title = "winwin internal error" if error.internal else "invalid deal file"
            out.append(
                self._annotate("error", error.file, error.line, error.column, title, safe(error.message))
            )
        deal = result.deal
        if deal is None:
            return "".join(out)
        quiet = self._options.quiet
        for finding in deal.findings:
            kind = _COMMAND[level(finding)]
            if quiet and kind != "error":
                continue
            title = safe(f"{finding_title(finding)} ({deal.id})")
            out.append(
                self._annotate(
                    kind, deal.file, finding.line, finding.column, title, finding_text(finding, deal)
                )
            )
        if not quiet:
            for waiver in deal.waivers:
                if waiver.status in WAIVER_LEVEL:
                    kind = _COMMAND[WAIVER_LEVEL[waiver.status]]
                    title = f"waiver {waiver.status} ({safe(deal.id)})"
                    where = waiver_file(waiver, deal)
                    text = waiver_text(waiver)
                    out.append(self._annotate(kind, where, waiver.line, waiver.column, title, text))
        return "".join(out)

    def end(self, summary: Summary) -> str:
        lines = [_plain(summary_text(summary))]
        hidden = [plural(count, kind) for kind, count in self._hidden.items() if count]
        if hidden:
            lines.append(
                _plain(
                    f"not annotated: {' and '.join(hidden)} (GitHub shows at most "
                    f"{ANNOTATIONS_PER_LEVEL} annotations of each level per step); they are listed above"
                )
            )
        return "".join(lines)

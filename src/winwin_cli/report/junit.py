"""`--format junit`: JUnit XML (the Apache Ant schema) for GitLab, Jenkins, Azure and others.

One <testsuite> per file, one <testcase> per finding named with its line: a failing finding is
a <failure>, a waived one <skipped>, any other a passing test. A deal without findings is one
passing test, so that every checked file shows up; a file that cannot be checked is one
<error> test. Written by hand rather than with ElementTree so that each suite streams out as
its file is checked and characters XML 1.0 cannot carry are made visible instead of written.
"""

from __future__ import annotations

import datetime as dt
import socket
import time
from typing import TYPE_CHECKING

from .common import (
    WAIVER_LEVEL,
    ReportOptions,
    applied_waiver,
    display_path,
    finding_text,
    finding_title,
    outcome,
    safe,
    waiver_text,
)

if TYPE_CHECKING:
    from ..classify import DealResult, Finding
    from ..run import FileResult, Summary

_ATTR = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}


def _clean(text: str) -> str:
    # Deal text with hidden and control characters made visible; nothing is left outside XML
    # 1.0's Char production (not even as a character reference): controls, surrogates, U+FFFE.
    return safe(text)


def attr(text: str) -> str:
    """A quoted attribute value; newlines and tabs kept as character references."""
    return '"' + "".join(_ATTR.get(ch, ch) for ch in _clean(text)) + '"'


def text(value: str) -> str:
    return "".join(_TEXT.get(ch, ch) for ch in _clean(value))


def _hostname() -> str:
    try:
        name = socket.gethostname().strip()
    except OSError:
        name = ""
    return name or "localhost"


class _Case:
    def __init__(
        self,
        name: str,
        classname: str,
        kind: str | None = None,
        message: str = "",
        type_: str = "",
        body: str = "",
    ) -> None:
        self.name, self.classname, self.kind = name, classname, kind
        self.message, self.type, self.body = message, type_, body

    def xml(self) -> str:
        head = f'    <testcase name={attr(self.name)} classname={attr(self.classname)} time="0"'
        if self.kind is None:
            return head + "/>\n"
        inner = f"<{self.kind} message={attr(self.message)}"
        if self.kind != "skipped":
            inner += f" type={attr(self.type)}"
        inner += f">{text(self.body)}</{self.kind}>" if self.body else "/>"
        return f"{head}>\n      {inner}\n    </testcase>\n"


def _finding_case(finding: Finding, deal: DealResult, path: str) -> _Case:
    name = f"{finding.rule} {finding.slug} (line {finding.line})"
    if finding.item is not None:
        name = f"{finding.rule} {finding.slug} {finding.item} (line {finding.line})"
    classname = deal.id
    where = f"{path}:{finding.line}:{finding.column}"
    detail = f"{where}: {finding_title(finding)}\n{finding_text(finding, deal)}"
    result = outcome(finding)
    if result == "fail":
        # A reciprocated or waived finding can only fail for want of an approval.
        why = "missing-approval" if finding.klass == "win-win" or finding.waived else finding.klass
        return _Case(name, classname, "failure", f"{finding.title}: {finding.message.strip()}", why, detail)
    if result == "waived":
        waiver = applied_waiver(deal, finding)
        reason = f"waived: {waiver.reason.strip()}" if waiver is not None else "waived"
        return _Case(name, classname, "skipped", reason, body=detail)
    return _Case(name, classname)


class JunitReporter:
    def __init__(self, options: ReportOptions | None = None) -> None:
        self._options = options or ReportOptions()
        self._suites = 0
        self._hostname = _hostname()
        self._last = time.monotonic()

    def begin(self) -> str:
        self._last = time.monotonic()
        return '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n'

    def add(self, result: FileResult) -> str:
        if result.skipped:
            return ""
        now = time.monotonic()
        elapsed, self._last = now - self._last, now
        path = display_path(result.file, self._options.root)
        cases: list[_Case] = []
        for error in result.errors:
            kind = "internal-error" if error.internal else "invalid-deal-file"
            body = f"{path}:{error.line}:{error.column}: {error.message}"
            if error.internal and error.detail and self._options.verbose:
                body += "\n" + error.detail
            cases.append(
                _Case(f"{kind} (line {error.line})", path, "error", safe(error.message), kind, safe(body))
            )
        deal = result.deal
        properties = []
        out_lines: list[str] = []
        if deal is not None:
            properties = [
                ("deal", deal.id),
                ("counterparty", deal.counterparty),
                ("stage", deal.stage),
                ("playbook", deal.playbook),
                ("verdict", deal.verdict),
            ]
            cases.extend(_finding_case(f, deal, path) for f in deal.findings)
            if not deal.findings:
                cases.append(_Case("no concessions (every term at the standard position)", deal.id))
            out_lines = [waiver_text(w) for w in deal.waivers if w.status in WAIVER_LEVEL]
        failures = sum(1 for c in cases if c.kind == "failure")
        errors = sum(1 for c in cases if c.kind == "error")
        skipped = sum(1 for c in cases if c.kind == "skipped")
        stamp = dt.datetime.now().replace(microsecond=0).isoformat()
        parts = [
            f'  <testsuite package="winwin" id="{self._suites}" name={attr(path)} timestamp="{stamp}"'
            f' hostname={attr(self._hostname)} tests="{len(cases)}" failures="{failures}"'
            f' errors="{errors}" skipped="{skipped}" time="{elapsed:.3f}">\n'
        ]
        self._suites += 1
        if properties:
            parts.append("    <properties>\n")
            parts.extend(f"      <property name={attr(k)} value={attr(safe(v))}/>\n" for k, v in properties)
            parts.append("    </properties>\n")
        else:
            parts.append("    <properties/>\n")
        parts.extend(c.xml() for c in cases)
        parts.append(
            f"    <system-out>{text(chr(10).join(out_lines))}</system-out>\n"
            if out_lines
            else "    <system-out/>\n"
        )
        parts.append("    <system-err/>\n  </testsuite>\n")
        return "".join(parts)

    def end(self, summary: Summary) -> str:
        return "</testsuites>\n"

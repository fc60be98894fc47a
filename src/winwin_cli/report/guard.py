"""A last line of defence for reports read in CI logs: no line may start a workflow command.

The GitHub Actions runner treats any line of a step's output that starts (after blanks) with
`::` as a workflow command (`::error::`, `::add-mask::`, `::stop-commands::`...). Deal text
is escaped by every format, but a terminal report wraps long text, so a title such as
`... ::error::forged` can still begin a line of its own. Every format but `github` (whose
commands are the point, and whose data is escaped as the runner expects) is written through
`CommandGuard`, which rewrites the first colon of such a line in the format's own escape.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# How each format writes a colon without it being one: an XML/HTML entity, or an escape as
# the terminal report shows other characters. JSON and SARIF need none: every line starts
# with structure, never with text.
_COLON = {"rich": "\\x3a", "junit": "&#58;", "markdown": "&#58;"}
_START = re.compile(r"^([ \t]*):(?=:)", re.MULTILINE)


def defuse(text: str, colon: str = _COLON["rich"]) -> str:
    """`text` (starting at the start of a line) with no line that starts `::`."""
    return _START.sub(lambda m: m.group(1) + colon, text) if "::" in text else text


class CommandGuard:
    """Writes through `defuse`, whatever the boundaries between writes.

    The start of a line is held back until it is known not to begin `::` (it holds a character
    other than blanks and colons, or the line ends), so a command split across two writes is
    caught too.
    """

    def __init__(self, write: Callable[[str], object], format: str) -> None:
        self._write = write
        self._colon = _COLON.get(format, _COLON["rich"])
        self._held = ""  # the start of the current line, not yet written
        self._in_line = False  # the current line has been started already

    def write(self, text: str) -> None:
        if self._in_line:
            first, newline, text = text.partition("\n")
            if first or newline:
                self._write(first + newline)
            if not newline:
                return
            self._in_line = False
        text = self._held + text
        lines, newline, tail = text.rpartition("\n")
        if newline:
            self._write(defuse(lines + newline, self._colon))
        self._held = ""
        if tail.strip(" \t:"):
            self._write(defuse(tail, self._colon))
            self._in_line = True
        else:
            self._held = tail

    def close(self) -> None:
        """Write what is held back (blanks and colons only, at the very end of a report)."""
        if self._held:
            self._write(defuse(self._held, self._colon))
            self._held = ""


def guard(
    format: str, write: Callable[[str], object], close: Callable[[], object] | None
) -> tuple[Callable[[str], object], Callable[[], object] | None]:
    """`write` and `close` for a report in `format`, guarded unless the format needs none."""
    if format not in _COLON:
        return write, close
    guarded = CommandGuard(write, format)

    def close_all() -> None:
        guarded.close()
        if close is not None:
            close()

    return guarded.write, close_all

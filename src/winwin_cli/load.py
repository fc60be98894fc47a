"""Stage 1, load: bytes to a plain tree of text scalars that remembers where every value stood.

The tree is built straight from libyaml's event stream, so nothing is resolved by YAML's
implicit typing (types come from the schema in the validate stage) and anchors, tags, merge
keys and duplicate keys are refused before they can mean anything.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .errors import LoadError


def _parser(text: str) -> Any:
    """libyaml's event parser over `text`; PyYAML is imported only for files fastload leaves."""
    try:  # libyaml's C parser; the pure-Python one is a fallback for odd builds of PyYAML
        from yaml._yaml import CParser as parser
    except ImportError:  # pragma: no cover - exercised only without libyaml
        from yaml import SafeLoader as parser  # type: ignore[assignment]
    return parser(text)


class Quoted(str):
    """A scalar written quoted or as a block scalar: text, never a number or a boolean."""

    __slots__ = ()


Node = str | None | list["Node"] | dict[str, "Node"]
PathT = tuple[str | int, ...]
Mark = tuple[int, int]

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_CORE = "tag:yaml.org,2002:"


class Limits(NamedTuple):
    """Bounds on what one file may cost; every one is a located error when crossed."""

    max_bytes: int = 1024 * 1024
    max_depth: int = 32
    max_nodes: int = 10_000
    max_scalar: int = 10_000


DEFAULT_LIMITS = Limits()

# The names `--limit NAME=VALUE` takes, and the largest value each accepts. libyaml's cost per
# event grows with the flow nesting level, so depth is capped well below where that shows.
LIMITS: dict[str, tuple[str, int]] = {
    "file-size": ("max_bytes", 64 * 1024 * 1024),
    "depth": ("max_depth", 1_000),
    "nodes": ("max_nodes", 1_000_000),
    "scalar": ("max_scalar", 1024 * 1024),
}


def parse_limit(limits: Limits, setting: str) -> Limits:
    """`limits` with one `NAME=VALUE` setting applied; `ValueError` says what is wrong."""
    name, sep, value = setting.partition("=")
    name = name.strip()
    if not sep or name not in LIMITS:
        raise ValueError(f"expected NAME=VALUE with NAME one of {', '.join(LIMITS)}, got '{shown(setting)}'")
    attr, ceiling = LIMITS[name]
    value = value.strip()
    if not value.isdigit() or not 1 <= len(value) <= 10 or not 1 <= int(value) <= ceiling:
        raise ValueError(f"{name}: expected a whole number from 1 to {ceiling}, got '{shown(value)}'")
    return limits._replace(**{attr: int(value)})


@dataclass
class Document:
    """A loaded YAML mapping with the 1-based (line, column) of every value and key."""

    data: dict[str, Node]
    values: dict[PathT, Mark] = field(default_factory=dict)
    keys: dict[PathT, Mark] = field(default_factory=dict)

    def mark(self, path: PathT) -> Mark:
        """Where `path` (or its nearest written ancestor) stands in the file."""
        while path:
            found = self.values.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return (1, 1)

    def key_mark(self, path: PathT) -> Mark:
        found = self.keys.get(path)
        return found if found is not None else self.mark(path)


# C0 and C1 controls other than tab and newline (and carriage return, a line break in YAML).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# In a value, a carriage return can only come from a "\r" escape (libyaml turns line breaks
# into newlines): it is a control character there, one that can overwrite a terminal line.
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Characters that are invisible, break lines or reorder text: bidi controls, zero-width and
# filler characters, line and paragraph separators, variation selectors and the Unicode tag
# characters (used to smuggle hidden text). ZWNJ and ZWJ (U+200C, U+200D) are among them, since
# they have no place in ids; free text allows them (scripts such as Persian need them).
_JOINERS = "\u200c\u200d"
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200e\u200f\u2028-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U000e0000-\U000e007f\U000e0100-\U000e01ef"
)
INVISIBLE = re.compile(f"[{_INVISIBLE}{_JOINERS}]")
# What a report must make visible in free text: all of the above but the joiners.
HIDDEN = re.compile(f"[{_INVISIBLE}]")


def escape_char(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def describe_char(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def shown(text: str, limit: int = 60) -> str:
    """Text from a file as quoted in a message: shortened, controls and invisibles escaped."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "".join(ch if ch.isprintable() and not INVISIBLE.match(ch) else escape_char(ch) for ch in text)


def read_bytes(path: os.PathLike[str] | str, max_bytes: int) -> bytes:
    """The bytes of a regular file; `LoadError` when it is larger than `max_bytes`.

    The file is opened without following a final symbolic link and without blocking (a FIFO
    put in place after the walk looked at the name must not hang the run), and checked to be a
    regular file before anything is read; a file larger than the limit is not read at all.
    `OSError` says why it cannot be read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OSError(exc.errno, "symbolic link not followed") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if info.st_size > max_bytes:
            raise LoadError(1, 1, too_large(max_bytes))
        chunks: list[bytes] = []
        size = 0
        # Reads sized to the file rather than a mebibyte each (one byte more shows a file that
        # grew since fstat); never tiny, as some regular files (in /proc) say they are empty.
        want = min(max(info.st_size + 1, 1 << 16), max_bytes + 1)
        while chunk := os.read(fd, want):
            size += len(chunk)
            if size > max_bytes:  # the file grew since fstat
                raise LoadError(1, 1, too_large(max_bytes))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def too_large(max_bytes: int) -> str:
    return f"the file is larger than the limit of {max_bytes} bytes (--limit file-size=N)"


def decode(raw: bytes) -> str:
    """Strict UTF-8 (a leading BOM is allowed); other encodings and stray bytes are errors."""
    if raw[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00") or raw[:2] in (b"\xfe\xff", b"\xff\xfe"):
        raise LoadError(1, 1, "the file is UTF-16 or UTF-32; deal files must be UTF-8")
    if b"\x00" in raw[:4]:  # ASCII text in UTF-16 or UTF-32 without a byte order mark
        raise LoadError(1, 1, "the file looks like UTF-16 or UTF-32 (NUL bytes); deal files must be UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(line, col, f"invalid UTF-8 (byte 0x{raw[exc.start]:02x})") from None
    bad = _CONTROL.search(text)
    if bad is not None:
        line, col = _position(text, bad.start())
        raise LoadError(line, col, f"control character {describe_char(bad.group())} is not allowed")
    return text


def _position(text: str, index: int) -> Mark:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _check_text(value: str, mark: Mark) -> None:
    bad = _CONTROL_IN_VALUE.search(value)
    if bad is not None:
        raise LoadError(*mark, f"control character {describe_char(bad.group())} is not allowed")


class _Frame:
    __slots__ = ("container", "key", "key_mark", "path")

    def __init__(self, container: dict[str, Node] | list[Node], path: PathT) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None
        self.key_mark: Mark = (1, 1)


def load(text: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse one YAML document whose root is a mapping into a `Document`."""
    if len(text) > limits.max_bytes:
        raise LoadError(1, 1, too_large(limits.max_bytes))
    from .fastload import parse  # the plain block YAML of most deals, without libyaml's events

    fast = parse(text, limits)
    if fast is not None:
        return fast
    import yaml

    parser = _parser(text)
    try:
        return _build(parser, limits)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{problem} ({exc.context})"
        raise LoadError(line, col, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise LoadError(1, 1, f"invalid YAML: {exc}") from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()


def _refuse_extras(event: Any, mark: Mark) -> None:
    if event.anchor is not None:
        raise LoadError(*mark, f"anchors are not allowed (&{shown(event.anchor)})")
    if event.tag is not None:
        tag = event.tag
        written = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
        raise LoadError(*mark, f"tags are not allowed ({shown(written)})")


def _build(parser: Any, limits: Limits) -> Document:
    from yaml import events

    get: Callable[[], Any] = parser.get_event
    get()  # stream start
    event = get()
    if type(event) is events.StreamEndEvent:
        raise LoadError(1, 1, "the file is empty; a deal file is a mapping that starts with 'winwin: 1'")
    event = get()  # the root node, after the document start
    mark = (event.start_mark.line + 1, event.start_mark.column + 1)
    if type(event) is not events.MappingStartEvent:
        if type(event) is events.AliasEvent:
            raise LoadError(*mark, "aliases are not allowed")
        kind = "a list" if type(event) is events.SequenceStartEvent else "a single value"
        raise LoadError(*mark, f"the top level must be a mapping of keys to values, not {kind}")
    _refuse_extras(event, mark)
    root: dict[str, Node] = {}
    values: dict[PathT, Mark] = {(): mark}
    keys: dict[PathT, Mark] = {}
    stack = [_Frame(root, ())]
    nodes = 1
    max_depth, max_nodes, max_scalar = limits.max_depth, limits.max_nodes, limits.max_scalar
    scalar_t, map_t, seq_t = events.ScalarEvent, events.MappingStartEvent, events.SequenceStartEvent
    map_end_t, seq_end_t = events.MappingEndEvent, events.SequenceEndEvent
    while stack:
        event = get()
        etype = type(event)
        top = stack[-1]
        if etype is map_end_t or etype is seq_end_t:
            stack.pop()
            continue
        start = event.start_mark
        mark = (start.line + 1, start.column + 1)
        nodes += 1
        if nodes > max_nodes:
            raise LoadError(*mark, f"too many values (more than {max_nodes})")
        if etype is events.AliasEvent:
            raise LoadError(*mark, f"aliases are not allowed (*{shown(event.anchor)})")
        _refuse_extras(event, mark)
        container = top.container
        if type(container) is dict and top.key is None:
            # This node is a key.
            if etype is not scalar_t:
                raise LoadError(*mark, "keys must be plain text, not a list or mapping")
            key: str = event.value
            if event.style == "" or event.style is None:
                if key == "<<":
                    raise LoadError(*mark, "merge keys (<<) are not allowed")
                if key in NULLS:
                    raise LoadError(*mark, "empty or null keys are not allowed")
            if len(key) > max_scalar:
                raise LoadError(*mark, f"key longer than {max_scalar} characters")
            _check_text(key, mark)
            bad = INVISIBLE.search(key)
            if bad is not None:
                raise LoadError(*mark, f"invisible character {describe_char(bad.group())} in key")
            if key in container:
                first = keys[(*top.path, key)]
                where = f"first at line {first[0]}, column {first[1]}"
                raise LoadError(*mark, f"duplicate key '{shown(key)}' ({where})")
            top.key = key
            top.key_mark = mark
            keys[(*top.path, key)] = mark
            continue
        if type(container) is dict:
            path: PathT = (*top.path, top.key)  # type: ignore[arg-type]
        else:
            path = (*top.path, len(container))
        values[path] = mark
        value: Node
        if etype is scalar_t:
            raw = event.value
            if len(raw) > max_scalar:
                raise LoadError(*mark, f"value longer than {max_scalar} characters")
            if event.style == "" or event.style is None:
                value = None if raw in NULLS else raw
            else:
                _check_text(raw, mark)
                value = Quoted(raw)
        elif etype is map_t or etype is seq_t:
            if len(stack) >= max_depth:
                raise LoadError(*mark, f"nesting deeper than {max_depth} levels")
            value = {} if etype is map_t else []
            stack.append(_Frame(value, path))
        else:  # pragma: no cover - libyaml emits nothing else inside a document
            raise LoadError(*mark, f"unexpected YAML event {etype.__name__}")
        if type(container) is dict:
            container[top.key] = value  # type: ignore[index]
            top.key = None
        else:
            container.append(value)  # type: ignore[union-attr]
    event = get()  # document end
    event = get()
    if type(event) is not events.StreamEndEvent:
        start = event.start_mark
        raise LoadError(
            start.line + 1, start.column + 1, "several YAML documents in one file; write one deal per file"
        )
    return Document(root, values, keys)

"""Property tests: whatever bytes a deal file holds, the check ends cleanly and quickly.

Invariant for random YAML documents, random text and bytes, and mutated example deals: the
exit code is 0, 1 or 2 (never 3, never an exception), every error is located inside the file
(or one line past its end), every report format renders the result, and one file costs less
than a second of CPU.

Profiles (environment variable WINWIN_HYPOTHESIS_PROFILE):
- `ci` (default): seeded (derandomized), 150 examples per test; runs in the normal test suite.
- `long`: 10 000 examples per test, random seeds; the documented longer run
  (`WINWIN_HYPOTHESIS_PROFILE=long python -m pytest tests/adversarial/test_properties.py`,
  figures in docs/security.md).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, check_deal
from winwin_cli.report import FORMATS, reporter

PROFILE = os.environ.get("WINWIN_HYPOTHESIS_PROFILE", "ci")
SETTINGS = settings(
    max_examples=10_000 if PROFILE == "long" else 150,
    derandomize=PROFILE != "long",
    deadline=None,  # the bound is checked in the test, on CPU time, with a clearer message
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
SECONDS = 1.0
DEALS = sorted(p for p in EXAMPLES.glob("*.yaml"))
EXAMPLE_TEXT = {p.name: p.read_bytes() for p in DEALS}

# Characters and fragments that mean something to YAML, to terminals or to the checks.
SPECIAL = [
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u202e",
    "\u200b",
    "\u200c",
    "\ufeff",
    "\u2028",
    "\U000e0041",
    "\t",
    "\r",
    "\r\n",
    "\n",
    " ",
    ":",
    ": ",
    "- ",
    "-",
    "?",
    "? ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "#",
    "&a ",
    "*a",
    "!",
    "!!str ",
    "!!python/object:os.system ",
    "<<: ",
    "|",
    ">",
    "'",
    '"',
    "%",
    "@",
    "`",
    "---\n",
    "...\n",
    "~",
    "null",
    "yes",
    "no",
    "on",
    "010",
    "0o10",
    "0x1F",
    "1_000",
    "1:30",
    ".nan",
    "-.inf",
    "1e999",
    "9" * 40,
    "2026-02-30",
    "\\",
    "\\x1b",
    "\\u202e",
    "\\0",
    "[" * 40,
    "{a: " * 40,
    "&",
    "<",
]
SPECIAL_BYTES = [b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xfe\xff", b"\x00\x00"]


def assert_clean(raw: bytes, name: str = "deal.yaml") -> None:
    started = time.process_time()
    result = check_deal(raw, name=name)
    elapsed = time.process_time() - started
    assert result.exit_code in (0, 1, 2), [(e.message, e.detail) for e in result.errors]
    lines = raw.count(b"\n") + raw.count(b"\r") + 2
    for error in result.errors:
        assert not error.internal, error.detail
        assert 1 <= error.line <= lines, error.render()
        assert error.column >= 1, error.render()
        assert "\n" not in error.message, error.message
    for fmt in FORMATS:
        report = reporter(fmt)
        report.begin()
        report.add(result)
    assert elapsed < SECONDS, f"{elapsed:.2f} s of CPU"


# Random YAML documents: nested mappings and lists of scalars, dumped in various styles.
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(SPECIAL),
    st.dates().map(str),
)
_keys = st.one_of(
    st.sampled_from(["winwin", "deal", "id", "counterparty", "pricing", "discount_pct", "concessions"]),
    st.text(max_size=12),
)
_trees = st.recursive(
    _scalars,
    lambda children: st.one_of(st.lists(children, max_size=6), st.dictionaries(_keys, children, max_size=6)),
    max_leaves=40,
)


@SETTINGS
@given(
    tree=st.dictionaries(_keys, _trees, max_size=8),
    deal=st.booleans(),
    flow=st.sampled_from([None, True, False]),
    style=st.sampled_from([None, "'", '"', "|"]),
)
def test_random_yaml_documents(
    tree: dict[str, Any], deal: bool, flow: bool | None, style: str | None
) -> None:
    if deal:
        tree = {"winwin": 1, "deal": {"id": "X-1", "counterparty": "Acme"}, **tree}
    try:
        text = yaml.safe_dump(tree, default_flow_style=flow, default_style=style, allow_unicode=True)
    except yaml.YAMLError:
        assume(False)
        return
    assert_clean(text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    assert_clean(text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes(raw: bytes) -> None:
    assert_clean(raw)


MUTATIONS = ["delete", "duplicate", "swap", "flip", "insert", "indent", "bytes"]


def _mutate(raw: bytes, data: st.DataObject) -> bytes:
    lines = raw.split(b"\n")
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        kind = data.draw(st.sampled_from(MUTATIONS), label="mutation")
        at = data.draw(st.integers(0, max(len(lines) - 1, 0)), label="line")
        line = lines[at] if lines else b""
        if kind == "delete" and len(lines) > 1:
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, line)
        elif kind == "swap" and len(lines) > 1:
            other = data.draw(st.integers(0, len(lines) - 1), label="other")
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "flip" and line:
            col = data.draw(st.integers(0, len(line) - 1), label="column")
            char = data.draw(st.characters(codec="utf-8"), label="char").encode("utf-8", "surrogatepass")
            lines[at] = line[:col] + char + line[col + 1 :]
        elif kind == "insert":
            col = data.draw(st.integers(0, len(line)), label="column")
            special = data.draw(st.sampled_from(SPECIAL), label="special").encode("utf-8")
            lines[at] = line[:col] + special + line[col:]
        elif kind == "indent":
            lines[at] = b" " * data.draw(st.integers(0, 9), label="indent") + line.lstrip(b" ")
        elif kind == "bytes":
            col = data.draw(st.integers(0, len(line)), label="column")
            lines[at] = line[:col] + data.draw(st.sampled_from(SPECIAL_BYTES), label="bytes") + line[col:]
    return b"\n".join(lines)


@SETTINGS
@given(name=st.sampled_from(sorted(EXAMPLE_TEXT)), data=st.data())
def test_mutated_example_deals(name: str, data: st.DataObject) -> None:
    assert_clean(_mutate(EXAMPLE_TEXT[name], data), name)


def test_the_examples_themselves_are_clean() -> None:
    assert DEALS, "no example deals"
    for path in DEALS:
        assert_clean(path.read_bytes(), path.name)


def test_profile_is_known() -> None:
    assert PROFILE in ("ci", "long"), f"WINWIN_HYPOTHESIS_PROFILE={PROFILE}: use ci or long"
    assert Path(__file__).exists()

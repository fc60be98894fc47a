"""Rule packs are untrusted input too (issue 5, item 5).

A playbook comes from the repository, so a pull request can change it. Its conditions are ZEN
expressions evaluated by the Rust engine (never Python `eval`): they cannot reach Python
objects, files or the network, and what they may cost is bounded before they run. Every bad
expression is a clear exit-2 error that names the file, the rule and the field.
"""

from __future__ import annotations

import re
import textwrap
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, TODAY, run_winwin
from winwin_cli import expr
from winwin_cli.errors import FatalError
from winwin_cli.playbook import load_playbook

RULE = """
  - id: HX1
    slug: hostile
    title: T
    description: D
    rationale: R
    advice: A
    message: M
    gives: vendor
    term: pricing.discount_pct
    {field}: {value}
    severity: warning
"""


def pack(tmp_path: Path, value: str, field: str = "when", each: bool = False) -> Path:
    text = "playbook: hostile\nversion: '1'\nextends: default\nrules:"
    text += RULE.format(field=field, value=_quoted(value))
    if each:
        text += "    each: concessions\n"
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


HOSTILE: dict[str, tuple[str, str | None]] = {
    "python_import": ("__import__('os').system('id')", None),
    "open_file": ("open('/etc/passwd') != null", None),
    "dunder": ("''.__class__.__mro__ != null", None),
    "eval": ("eval('1') == 1", None),
    "range_small": ("len([1..10]) > 0", "ranges such as [1..10] are not allowed"),
    "range_huge": ("count(map([1..1000000000], #), true) > 0", "ranges"),
    "range_half_open": ("5 in (1..10]", "ranges"),
    "deep_parens": ("(" * 40 + "1" + ")" * 40 + " > 0", "nested deeper than 32"),
    "deep_lists": ("len(" + "[" * 40 + "]" * 40 + ") > 0", "nested deeper than 32"),
    "nested_closures": (
        "count(concessions, count(concessions, count(concessions, true) > 0) > 0) > 0",
        "nested more than 2 deep",
    ),
    "too_long": ("pricing.discount_pct > 0 or " * 80 + "true", "at most 2000"),
    "huge_list_literal": ("len([" + ",".join(["1"] * 1000) + "]) > 0", "at most 2000"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_expression_is_a_located_pack_error(name: str, tmp_path: Path) -> None:
    source, expected = HOSTILE[name]
    path = pack(tmp_path, source)
    started = time.perf_counter()
    with pytest.raises(FatalError) as caught:
        load_playbook(path).program  # noqa: B018 - compiling is what may fail
    assert time.perf_counter() - started < 1
    message = str(caught.value)
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", message), message
    assert "HX1" in message
    assert "when" in message
    if expected is not None:
        assert expected in message, message


def test_closure_inside_a_per_item_rule_counts_once_more(tmp_path: Path) -> None:
    path = pack(tmp_path, "count(item.in_exchange_for, count(concessions, true) > 0) > 0", each=True)
    with pytest.raises(FatalError, match="a rule with `each:` is one"):
        load_playbook(path).program  # noqa: B018


def test_two_closures_deep_are_fine(tmp_path: Path) -> None:
    path = pack(tmp_path, "count(concessions, count(concessions, true) > 0) > 0")
    assert load_playbook(path).program is not None


def test_the_engine_has_no_python_escape_hatch() -> None:
    """Names the engine does not know are null, not Python objects; calls to them do not parse."""
    import zen

    assert zen.evaluate_expression("$", {}) is None or zen.evaluate_expression("$", {}) == {}
    for source in ("__import__('os')", "open('/etc/passwd')", "''.__class__", "exec('1')"):
        with pytest.raises(RuntimeError):
            zen.evaluate_expression(source, {})
    assert zen.evaluate_expression("__builtins__", {}) is None


def test_bounds_are_below_what_the_engine_survives() -> None:
    """The bounds leave a wide margin: the engine copes with 5000 nested brackets (measured)."""
    assert expr.MAX_NESTING <= 32
    assert expr.MAX_EXPRESSION <= 2_000


def test_a_hostile_pack_through_the_cli_is_exit_2(tmp_path: Path) -> None:
    path = pack(tmp_path, "count(map([1..1000000000], #), true) > 0")
    deal = str(EXAMPLES / "standard-hooli.yaml")
    result = run_winwin("check", "--today", TODAY, "--playbook", str(path), deal)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "ranges" in result.stderr
    assert str(path) in result.stderr


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("rules:\n  - id: HX1\n    slug: x\n", "HX1"),
        ("rules:\n  - id: [not, text]\n", "id"),
        ("rules: 5\n", "rules"),
        ("rules:\n  - &a {id: HX1}\n", "anchors are not allowed"),
        ("rules: !!python/object:os.system {}\n", "tags are not allowed"),
    ],
)
def test_malformed_pack_names_file_and_field(body: str, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    head = "playbook: bad\nversion: '1'\nextends: default\n"
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    with pytest.raises(FatalError) as caught:
        load_playbook(path).program  # noqa: B018
    message = str(caught.value)
    assert re.search(rf"^{re.escape(str(path))}:\d+:\d+: ", message, re.MULTILINE), message
    assert expected in message

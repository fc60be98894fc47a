"""The fast loader must build exactly what libyaml's event stream builds, or step aside.

Every file it accepts is compared with the event-stream loader: the tree, the type of every
scalar (`str`, `Quoted`, `None`), the key order, and the (line, column) of every value and key.
Inputs: the examples, the test corpus, the YAML test suite, generated deals, and a few
thousand seeded mutations of them that reach into the corners of YAML it must leave to libyaml.
"""

from __future__ import annotations

import contextlib
import random
import sys
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT, YAML_TEST_SUITE
from winwin_cli import load as load_module
from winwin_cli.errors import LoadError
from winwin_cli.fastload import _Fallback, parse, read
from winwin_cli.load import DEFAULT_LIMITS, Document, Limits, Quoted, decode, load

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import deal

TOKENS = (
    "null",
    "~",
    "Null",
    "",
    "''",
    '""',
    "'it''s'",
    '"a # b"',
    "a #b",
    "a#b",
    "a: b",
    "a:",
    "x:y",
    "[a, b]",
    "[]",
    "{}",
    "{a: 1, b: 2}",
    "{a: 1, a: 2}",
    "[a, [b]]",
    "[a,]",
    "[ a , b ]",
    "-5",
    "- 5",
    "-",
    ".5",
    "&x a",
    "*x",
    "!t a",
    "!!str a",
    "|",
    ">-",
    "? a",
    "@a",
    "`a",
    "%a",
    "'open",
    '"open',
    '"esc\\n"',
    "a  b",
    "a\tb",
    "{a: [1]}",
    "[\"q\", 'r', s t]",
    "{a: \"x\", b: 'y'}",
    "< x",
    "x >",
    "null # c",
    "10 # c",
    "2026-11-23",
    "1e3",
    "010",
    "true",
    "a, b",
    "a]",
    "{ }",
    "[ ]",
    "[a]  # c",
)


def plain_view(node: Any) -> Any:
    if isinstance(node, dict):
        return ("map", [(k, plain_view(v)) for k, v in node.items()])
    if isinstance(node, list):
        return ("seq", [plain_view(v) for v in node])
    return (type(node).__name__, node)


def assert_same(text: str, limits: Limits = DEFAULT_LIMITS) -> bool:
    """Compare the loaders on `text`; True when the fast path accepted it."""
    try:
        fast = read(text, limits)  # not `parse`, which would hide a crash behind the fallback
    except _Fallback:
        return False
    try:
        slow = _slow(text, limits)
    except LoadError as exc:  # pragma: no cover - a failure message
        pytest.fail(f"the fast path accepted what libyaml refuses ({exc}):\n{text}")
    assert plain_view(fast.data) == plain_view(slow.data), text
    assert fast.values == slow.values, text
    assert fast.keys == slow.keys, text
    return True


def _slow(text: str, limits: Limits) -> Document:
    parser = load_module._parser(text)  # the event-stream loader alone
    try:
        return load_module._build(parser, limits)
    finally:
        parser.dispose()


RULES = ROOT / "rules"


def corpus() -> list[str]:
    paths = sorted(EXAMPLES.glob("*.yaml")) + sorted(RULES.rglob("*.yaml"))
    paths += sorted((ROOT / "tests").rglob("*.yaml"))
    if YAML_TEST_SUITE.is_dir():
        paths += sorted(p for p in YAML_TEST_SUITE.rglob("*") if p.is_file())
    texts = []
    for path in paths:
        try:
            texts.append(decode(path.read_bytes()))
        except LoadError:
            continue
    return texts


def test_examples_take_the_fast_path() -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        assert assert_same(path.read_text(encoding="utf-8")), path.name


def test_the_default_playbook_takes_the_fast_path() -> None:
    # Its block scalars, nested flow test cases and dotted keys are read without libyaml.
    for path in sorted(RULES.glob("*.yaml")):
        assert assert_same(path.read_text(encoding="utf-8")), path.name


BLOCK_TOKENS = (
    "|",
    "|-",
    ">",
    ">-",
    "|+",
    ">+",
    "|2",
    ">-2",
    "| # c",
    ">  ",
    "|-x",
    "> #",
    "[{a: [1, {b: 2}]}]",
    "{a: {b: [c, {d: e}]}}",
    "[[], {}]",
    "[{a: 1}, ]",
    "{a: [1], b: {c: 2}} # c",
    "[[a], b]x",
)


def block_mutate(rng: random.Random, text: str) -> str:
    """Mutations aimed at block scalars and nested flow collections."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(lines))
        line = lines[at]
        head, colon, _ = line.partition(": ")
        choice = rng.randrange(7)
        if choice == 0 and colon:
            lines[at] = f"{head}: {rng.choice(BLOCK_TOKENS)}"
        elif choice == 1:
            lines.insert(at, rng.choice(("", " ", "   ", "  # c", "#", "      more indented")))
        elif choice == 2:
            lines[at] = " " * rng.choice((1, 2, 3)) + line
        elif choice == 3:
            lines[at] = line[rng.choice((1, 2)) :] if line.startswith("  ") else line
        elif choice == 4:
            lines[at] = line + rng.choice(("  ", " ", " # c", ":", "\u0085x"))
        elif choice == 5 and colon:
            lines[at] = f"{head}: {rng.choice(('|', '>', '>-', '|-'))}\n" + " " * rng.randrange(12) + "text"
        else:
            del lines[at]
    return "\n".join(lines)


def test_block_scalar_and_nested_flow_mutations_load_the_same_or_fall_back() -> None:
    rng = random.Random(13)
    bases = [p.read_text(encoding="utf-8") for p in sorted(RULES.glob("*.yaml"))]
    accepted = 0
    for _ in range(1500):
        accepted += assert_same(block_mutate(rng, rng.choice(bases)))
    assert accepted > 300


@pytest.mark.parametrize("depth", range(1, 9))
def test_nested_flow_collections_respect_the_depth_limit(depth: int) -> None:
    text = "winwin: 1\na:\n  b: [x, {c: [y, {d: [z]}]}]\n  e: {f: [{g: {}}]}\n"
    assert_same(text, Limits(max_depth=depth))
    with contextlib.suppress(LoadError):
        load(text, Limits(max_depth=depth))


def test_every_file_it_accepts_loads_the_same() -> None:
    accepted = sum(assert_same(text) for text in corpus())
    assert accepted > 20


def test_generated_deals_load_the_same() -> None:
    rng = random.Random(3)
    for n in range(300):
        assert assert_same(deal(rng, n))


def test_generated_deals_load_the_same_when_every_line_takes_the_general_path() -> None:
    # Under a scalar limit shorter than a key may be, no line takes the usual form's shortcut.
    rng = random.Random(4)
    for n in range(100):
        assert assert_same(deal(rng, n), Limits(max_scalar=999))


def mutate(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(lines))
        line = lines[at]
        head, colon, _ = line.partition(": ")
        choice = rng.randrange(9)
        if choice == 0 and colon:
            lines[at] = f"{head}: {rng.choice(TOKENS)}"
        elif choice == 1:
            lines[at] = " " * rng.choice((1, 2, 4)) + line
        elif choice == 2:
            lines[at] = line.lstrip(" ")
        elif choice == 3:
            lines.insert(at, " " * rng.randrange(6) + "# a comment")
        elif choice == 4:
            lines[at] = line + rng.choice(("  ", " # trailing", "#x", ":", " :"))
        elif choice == 5:
            lines.insert(at, line)
        elif choice == 6 and colon:
            lines[at] = head + ":"
        elif choice == 7:
            lines[at] = line.replace("  - ", "- ", 1) if rng.random() < 0.5 else line.replace("- ", "-   ", 1)
        else:
            lines[at] = line.replace(": ", ":\n" + " " * rng.randrange(8) + rng.choice(("- ", "")), 1)
    return "\n".join(lines)


def test_mutations_load_the_same_or_fall_back() -> None:
    rng = random.Random(11)
    bases = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.yaml"))]
    bases += [deal(rng, n) for n in range(40)]
    accepted = 0
    for _ in range(4000):
        accepted += assert_same(mutate(rng, rng.choice(bases)))
    assert accepted > 500  # the mutations must not all fall back, or they test nothing


def test_character_noise_loads_the_same_or_falls_back() -> None:
    rng = random.Random(5)
    noise = [*" :-#[]{},'\"&*!|>?%@`~.\nab1", "é", "日", "😀"]
    bases = [deal(rng, n) for n in range(20)]
    accepted = 0
    for _ in range(3000):
        text = rng.choice(bases)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text))
            kind = rng.randrange(3)
            if kind == 0:
                text = text[:at] + rng.choice(noise) + text[at:]
            elif kind == 1:
                text = text[:at] + text[at + 1 :]
            else:
                text = text[:at] + rng.choice(noise) + text[at + 1 :]
        accepted += assert_same(text)
    assert accepted > 500


# Entries a flow collection of plain scalars may hold, and entries that send it elsewhere.
FLOW_ENTRIES = ("a", "b c", " a", "a  ", "null", "~", "NULL", "-1", "-.5", "é", "日本", "a'b", "xxxx", "()")
ODD_FLOW_ENTRIES = ("-x", "- x", "'q'", '"q"', "", "a:b", "a#b", "#", "[x]", "{}", "{k: v}", "!t", "`a")
FLOW_KEYS = ("a", "b", "c", "k.x", "c-d", "_e", "null", "1", "a b")


def flow_collection(rng: random.Random) -> str:
    count = rng.randint(1, 4)
    entries = [rng.choice(FLOW_ENTRIES if rng.random() < 0.9 else ODD_FLOW_ENTRIES) for _ in range(count)]
    comma = rng.choice((",", ", ", " , ", ",  "))
    if rng.random() < 0.5:
        return "[" + comma.join(entries) + rng.choice(("]", " ]", "]  # c", "]", "] x", "],", "]#"))
    pairs = [f"{rng.choice(FLOW_KEYS)}:{rng.choice((' ', '  ', ' ', ''))}{v}" for v in entries]
    return "{" + comma.join(pairs) + rng.choice(("}", " }", "} # c", "}", "}}", "} x"))


def test_one_line_flow_collections_load_the_same_or_fall_back() -> None:
    # Flow collections of plain scalars take a shortcut; nested or quoted ones, the general reader.
    rng = random.Random(17)
    accepted = 0
    for _ in range(3000):
        limits = rng.choice((DEFAULT_LIMITS, DEFAULT_LIMITS, Limits(max_scalar=3), Limits(max_depth=3)))
        flow = flow_collection(rng)
        text = f"winwin: 1\nx: {flow}\n" if rng.random() < 0.5 else f"winwin: 1\ny:\n  - {flow}\n  - z\n"
        accepted += assert_same(text, limits)
    assert accepted > 600


@pytest.mark.parametrize(
    ("text", "fast"),
    [
        ("winwin: 1\ndeal:\n  id: A\n", True),
        ("winwin: 1\nlist:\n- a\n- b\nnext: 1\n", True),
        ("winwin: 1\nitems:\n  - id: a\n    tags: [x, 'y''s', \"z\"]\n", True),
        ("winwin: 1\nsplit: {counterparty: 20, vendor: 80}\n", True),
        ("winwin: 1\na:   spaced  \nb:  [x]\nc:\n  - k:   v\n    l:  'q'\nd: \n  e: 1\n", True),
        ("winwin: 1\na: |\n  a: b\n  - c\nb: >\n  c # d\n\n  e\nc: 1\n", True),
        ("winwin: 1\nempty:\nnext: 1\n", False),
        ("winwin: 1\ntitle: two\n  lines\n", False),
        ("winwin: 1\nkey: &a x\n", False),
        ("winwin: 1\nkey: |\n  block\n", True),
        ("winwin: 1\nkey: >-\n  folded\n  lines\n\n   more\n  end\nnext: 1\n", True),
        ("winwin: 1\nkey: |\n  block", False),
        ("winwin: 1\nkey: |+\n  block\n", False),
        ("winwin: 1\nkey: |2\n   block\n", False),
        ("winwin: 1\nkey: |\n\n  block\n", False),
        ("winwin: 1\nkey: |\nnext: 1\n", False),
        ("winwin: 1\ncase: {a: [1, {b: 2}], c: {}}\n", True),
        ("winwin: 1\npricing.list_annual: 1\n", True),
        ('winwin: 1\nkey: "esc\\t"\n', False),
        ("winwin: 1\nwinwin: 2\n", False),
        ("---\nwinwin: 1\n", False),
        ("winwin: 1\r\n", False),
        ("winwin:\t1\n", False),
        ("- a\n", False),
        ("# only a comment\n", False),
        ("# only a comment", False),
        ("# c\n#\nwinwin: 1\na:\n  b: 1\n", True),
        ("# c\n#d\n\n  # e\nwinwin: 1\nk: |\n  x\n   y\nl: [a, 'b']\n", True),
    ],
)
def test_what_takes_the_fast_path(text: str, fast: bool) -> None:
    assert (parse(text, DEFAULT_LIMITS) is not None) is fast
    if fast:
        assert assert_same(text)
    else:  # the public loader still answers, through libyaml
        with contextlib.suppress(LoadError):
            load(text)


@pytest.mark.parametrize(
    ("text", "limits", "fast"),
    [
        ("winwin: 1\nnull: x\n", DEFAULT_LIMITS, False),
        ("winwin: 1\na:\n  Null: x\n", DEFAULT_LIMITS, False),
        ("winwin: 1\nnullx: x\n", DEFAULT_LIMITS, True),
        ("winwin: 1\n" + "k" * 1000 + ": x\n", DEFAULT_LIMITS, True),
        ("winwin: 1\n" + "k" * 1001 + ": x\n", DEFAULT_LIMITS, False),
        ("winwin: 1\nkey: " + "v" * 999 + "\n", Limits(max_scalar=999), True),
        ("winwin: 1\nkey: " + "v" * 1000 + "\n", Limits(max_scalar=999), False),
        ("winwin: 1\nkey: " + "v" * 10_001 + "\n", DEFAULT_LIMITS, False),
        ("winwin: 1\n" + "k" * 999 + ": x\n", Limits(max_scalar=998), False),
        ("winwin: 1\n" + "k" * 998 + ": x\n", Limits(max_scalar=998), True),
        (
            "winwin: 1\na:\n" + "".join(f"  k{n}: v\n" for n in range(90)) + "  z: " + "v" * 1001,
            Limits(max_scalar=1000),
            False,
        ),
        ("winwin: 1\na:\n" + "".join(f"  key{n}: value\n" for n in range(90)), Limits(max_scalar=1000), True),
    ],
)
def test_key_and_scalar_limits_hold_on_every_line(text: str, limits: Limits, fast: bool) -> None:
    # Whether or not a line takes the usual form's shortcut, its key and scalar are measured.
    assert assert_same(text, limits) is fast


@pytest.mark.parametrize(
    ("text", "fast"),
    [
        # A key alone on its line, a more indented key on the next: the mapping opens at once.
        ("winwin: 1\na:\n  b: 1\n  c:\n    d: x\n    e:\n      f: y\ng: 2\n", True),
        ("winwin: 1\na: \n  b: 1\n", True),
        ("winwin: 1\na: # c\n  b: 1\n", True),
        ("winwin: 1\na:\n  - b\nc: 1\n", True),
        ("winwin: 1\na:\n  # c\n  b: 1\n", True),
        ("winwin: 1\na:\n\n  b: 1\n", True),
        ("winwin: 1\na:\n  plain text\n", False),
        ('winwin: 1\na:\n  "q": 1\n', False),
        ("winwin: 1\na:\n  -x: 1\n", False),
        ("winwin: 1\na:\n  b c: 1\n", False),
        ("winwin: 1\na:\nb: 1\n", False),
        ("winwin: 1\nnull:\n  b: 1\n", False),
        ("winwin: 1\na:\n  b:\n  c: 1\n", False),
        # A key less indented than the line before closes what it ends.
        ("winwin: 1\na:\n  b:\n    c: 1\n  d: 2\ne: 3\n", True),
        ("winwin: 1\nl:\n  - a: 1\n    b: 2\nc: 3\n", True),
        ("winwin: 1\nl:\n- a: 1\n  b: 2\nc: 3\n", True),
        ("winwin: 1\na:\n  b: |\n    x\nc: 1\n", True),
        ("winwin: 1\na:\n  b:\n    - x\nc: 1\n", True),
        ("winwin: 1\na:\n  b: 1\nc:\n  b: 2\n", True),
        ("winwin: 1\na:\n    b: 1\n  c: 2\n", False),
        ("winwin: 1\na:\n  - b: 1\n    c: 2\n  d: 3\n", False),
        ("winwin: 1\na:\n  b:\n     c: 1\n    d: 1\n", False),
        ("winwin: 1\na:\n  b: 1\n a: 2\n", False),
        ("winwin: 1\na:\n  b: 1\na: 2\n", False),
        ("winwin: 1\na:\n  b: 1\nnull: 2\n", False),
        # A plain scalar that is a null, or ends in spaces, is read the general way.
        ("winwin: 1\na: x  \nb: ~\nc: null\nd: Null\ne: NULL\nf: nullx\ng: ~x\nh: 2 # i\n", True),
        # One-line flow collections written the usual way split at ", " and ": ".
        ("winwin: 1\nk: [a, b c, -1, é, (x)]\nm: {a: 1, b.c: x y}  # c\n", True),
        ("winwin: 1\nk: [a, ~]\nm: {a: null, b: ~}\n", True),
        ("winwin: 1\nk: [a  b, c]\nm: {a:  1}\nn: [a,b]\no: [a ,b]\n", True),
        ("winwin: 1\nm: {a: 1, a: 2}\n", False),
        ("winwin: 1\nm: {null: 1}\n", False),
        ("winwin: 1\nm: {~: 1}\n", False),
        ("winwin: 1\nk: [a, b] x\n", False),
        ("winwin: 1\nk: [a, -x]\n", False),
        ("winwin: 1\nk: [a, b:c]\n", False),
        # Any other: an entry at a time, a key only in a mapping, each closed by its own bracket.
        ("winwin: 1\nk: ['a', [x, y], {a: 'b', c: [d]}]\nm: {a: \"x\", b: {c: 'd'}}\n", True),
        ("winwin: 1\nk: ['a', b: c]\n", False),
        ("winwin: 1\nk: ['a', b}\n", False),
        ("winwin: 1\nm: {a: 'x']\n", False),
        ("winwin: 1\nm: {'a', b: c}\n", False),
        ("winwin: 1\nm: {a: 'x', b}\n", False),
        # The comments a file opens with.
        ("#\n# a\nwinwin: 1\n", True),
        ("# a\n# b\n", False),
        ("# a\n# b", False),
    ],
)
def test_shortcuts_load_the_same_or_fall_back(text: str, fast: bool) -> None:
    assert assert_same(text) is fast
    assert assert_same(text, Limits(max_scalar=999)) is fast  # every line the general way


def nested_mapping(rng: random.Random) -> str:
    """Mappings in mappings and lists, indented a little differently, with a few odd lines."""
    lines = ["winwin: 1"]
    indent = 0
    for n in range(rng.randint(3, 14)):
        kind = rng.randrange(8)
        if kind == 0:
            lines.append(" " * indent + f"h{n}:")
            indent += rng.choice((1, 2, 2, 4))
        elif kind == 1 and indent:
            indent = rng.choice(range(0, indent + 1, rng.choice((1, 2))))
            lines.append(" " * indent + f"k{n}: v")
        elif kind == 2:
            lines.append(" " * indent + f"- m{n}: v")
            indent += 2
        elif kind == 3:
            lines.append(" " * indent + rng.choice(("- x", "# c", "", "k: [a, b]", f"q{n}: 'v'")))
        else:
            lines.append(" " * indent + f"k{n}: {rng.choice(('v', 'v w', 'null', '~', 'v ', '1'))}")
    return "\n".join(lines) + "\n"


def test_nested_mappings_load_the_same_or_fall_back() -> None:
    rng = random.Random(23)
    accepted = 0
    for _ in range(3000):
        limits = rng.choice((DEFAULT_LIMITS, DEFAULT_LIMITS, Limits(max_depth=4), Limits(max_scalar=999)))
        accepted += assert_same(nested_mapping(rng), limits)
    assert accepted > 600


@pytest.mark.parametrize("limit", [1, 3, 4, 5, 9, 10, 15, 16])
def test_flow_collections_written_the_usual_way_respect_the_scalar_limit(limit: int) -> None:
    text = "w: 1\nk: [abc, d]\nm: {abc: 1, d: 2345}\n"
    assert assert_same(text, Limits(max_scalar=limit)) is (limit >= 4)


def test_limits_send_the_file_to_libyaml() -> None:
    text = "winwin: 1\ndeal:\n  id: A\n  tags: [a, b, c]\n"
    assert parse(text, Limits(max_nodes=5)) is None
    assert parse(text, Limits(max_depth=2)) is None
    assert parse(text, Limits(max_scalar=1)) is None
    assert parse(text, DEFAULT_LIMITS) is not None
    with pytest.raises(LoadError, match="too many values"):
        load(text, Limits(max_nodes=5))


def test_quoted_scalars_keep_their_type() -> None:
    document = parse("winwin: 1\na: '1'\nb: \"2\"\nc: 3\nd: ~\n", DEFAULT_LIMITS)
    assert document is not None
    assert type(document.data["a"]) is Quoted
    assert type(document.data["b"]) is Quoted
    assert type(document.data["c"]) is str
    assert document.data["d"] is None

"""The fast path of stage 2 must give exactly what pydantic and `facts.plain` give, or step aside.

For every deal it accepts, the model must equal `Deal.model_validate` field for field, with the
same type of every value (`Decimal('5')` is not `Decimal('5.0')`), the same fields set and the
same slots, and its plain values must equal `facts.plain` of the model, key order and types
included. Whenever pydantic refuses a deal, the fast path must have returned `None`. Inputs:
the examples, every deal file of the tests, generated deals, and thousands of seeded mutations
of them aimed at what the validators refuse.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from conftest import EXAMPLES, ROOT, default_playbook
from winwin_cli import fastvalidate, models
from winwin_cli import validate as validate_module
from winwin_cli.errors import LoadError
from winwin_cli.facts import plain
from winwin_cli.load import Document, Quoted, load
from winwin_cli.validate import DealInvalid, merge_standard, validate, validate_facts

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import deal as generated_deal

STANDARD: dict[str, Any] = default_playbook().standard


def view(value: Any) -> Any:
    """Everything that must agree, with the type of every value and key."""
    if isinstance(value, BaseModel):
        return (
            type(value).__name__,
            sorted((type(name).__name__, name) for name in value.__pydantic_fields_set__),
            value.__pydantic_extra__,
            value.__pydantic_private__,
            view(value.__dict__),
        )
    if isinstance(value, dict):
        return (type(value).__name__, [(type(k).__name__, k, view(v)) for k, v in value.items()])
    if isinstance(value, list):
        return (type(value).__name__, [view(v) for v in value])
    if isinstance(value, Decimal):
        return (type(value).__name__, str(value))
    return (type(value).__name__, value)


def pydantic_deal(data: Any, standard: dict[str, Any]) -> models.Deal | None:
    try:
        return models.Deal.model_validate(merge_standard(data, standard))
    except ValidationError:
        return None


def compare(data: Any, standard: dict[str, Any] = STANDARD) -> bool:
    """Check the fast path on one raw deal; True when it accepted the deal."""
    fast = fastvalidate.read(data, standard)
    slow = pydantic_deal(data, standard)
    if slow is None:
        assert fast is None, f"the fast path accepted what pydantic refuses: {data!r}"
        return False
    if fast is None:
        return False
    deal, facts = fast
    assert deal == slow
    assert view(deal) == view(slow), data
    assert view(facts) == view(plain(slow)), data
    assert list(facts) == list(plain(slow))
    return True


def documents(paths: list[Path]) -> list[Document]:
    out = []
    for path in paths:
        try:
            document = load(path.read_text(encoding="utf-8"))
        except (LoadError, UnicodeDecodeError):
            continue
        if isinstance(document.data, dict) and "winwin" in document.data:
            out.append(document)
    return out


EXAMPLE_DOCS = documents(sorted(EXAMPLES.rglob("*.yaml")))
TEST_DOCS = documents(sorted((ROOT / "tests").rglob("*.yaml")))
GENERATED = [load(generated_deal(random.Random(n), n)) for n in range(300)]
BASES = [d.data for d in EXAMPLE_DOCS + TEST_DOCS + GENERATED]


def test_every_valid_example_and_generated_deal_takes_the_fast_path() -> None:
    # What pydantic accepts among the plain deals, the fast path must accept too: else it is slow.
    for document in EXAMPLE_DOCS + GENERATED:
        assert compare(document.data) == (pydantic_deal(document.data, STANDARD) is not None)


def test_every_deal_file_of_the_tests_agrees() -> None:
    accepted = sum(compare(d.data) for d in TEST_DOCS)
    assert accepted > len(TEST_DOCS) // 2


def test_other_standards_agree() -> None:
    partial = {k: v for k, v in STANDARD.items() if k not in ("poc", "rights")}
    odd = {**STANDARD, "pricing": None, "sla": {**STANDARD["sla"], "tier": Quoted("premium")}}
    extra = {**STANDARD, "payment": {**STANDARD["payment"], "net_dayz": "5"}}
    for standard in ({}, partial, odd, extra, {**STANDARD, "deal": {"id": "X", "counterparty": "Y"}}):
        for data in BASES[::5]:
            compare(data, standard)


# --- seeded mutations --------------------------------------------------------------------------------

SCALARS: tuple[Any, ...] = (
    None,
    "",
    " ",
    "0",
    "-0",
    "-0.0",
    "00",
    "05",
    "1",
    "5.0",
    "5.00",
    "5.10",
    "0.001",
    "1.5",
    "12.345",
    "99.99",
    "100",
    "100.0",
    "100.01",
    "101",
    "-1",
    "1e3",
    "1E3",
    ".5",
    "5.",
    "+5",
    "0x10",
    "1_000",
    "inf",
    "nan",
    "NaN",
    "100000",
    "100001",
    "1200",
    "1201",
    "9007199254740993",
    "123456789012345678901234567890",
    "1234567890123456789012345678901",
    "999999999999999999999999999999",
    "12345678901234567.5",
    "0.30000000000000004",
    "١٢",
    "²",
    "true",
    "false",
    "True",
    "yes",
    "on",
    "2026-11-23",
    "2026-02-30",
    "2026-2-3",
    "0000-01-01",
    "20261123",
    "2026-W47-1",
    "2026-11-23T00:00:00",
    "EUR",
    "eur",
    "EURO",
    "default@1",
    "default",
    "a@",
    "vendor",
    "counterparty",
    "customer",
    "partner",
    "new",
    "renewal",
    "poc",
    "pilot",
    "production",
    "none",
    "full",
    "premium",
    "joint",
    "mutual",
    "deemed",
    "both",
    "x" * 200,
    "x" * 201,
    "é" * 200,
    " lead",
    "trail ",
    "tab\there",
    "nbsp\u00a0x",
    "zw\u200bx",
    "shy\u00adx",
    "hangul\u3164x",
    "vs\ufe0fx",
    "joiner\u200dx",
    "line\u2028x",
    "nul\x00x",
    "bell\x07",
    "surrogate\ud800",
    "item-1",
    "item-2",
    "cfo",
    "WW101",
)
CONTAINERS: tuple[Any, ...] = ([], ["a"], [None], [[]], [{}], {}, {"a": "b"}, {"id": "x"})


def scalar(rng: random.Random) -> Any:
    value = rng.choice(SCALARS)
    if isinstance(value, str) and rng.random() < 0.25:
        return Quoted(value)
    return value


def paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += paths(value, (*path, key))
    elif isinstance(node, list):
        for n, value in enumerate(node):
            out += paths(value, (*path, n))
    return out


def copy(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [copy(v) for v in node]
    return node


def at(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def mutate(rng: random.Random, data: dict[str, Any]) -> dict[str, Any]:
    data = copy(data)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        path = rng.choice(paths(data)[1:])
        parent = at(data, path[:-1])
        key = path[-1]
        value = parent[key]
        choice = rng.randrange(12)
        if choice < 5:
            parent[key] = scalar(rng)
        elif choice == 5:
            parent[key] = copy(rng.choice(CONTAINERS))
        elif choice == 6 and isinstance(value, str):
            parent[key] = Quoted(value) if type(value) is str else str(value)
        elif choice == 7 and isinstance(parent, dict):
            del parent[key]
        elif choice == 8 and isinstance(parent, dict):
            parent[rng.choice(("extra", "ids", str(key) + "s", "winwin", "deal", "uncapped"))] = scalar(rng)
        elif choice == 9 and isinstance(parent, dict):
            parent[Quoted(key)] = parent.pop(key)
        elif choice == 10 and isinstance(value, str) and value:
            cut = rng.randrange(len(value) + 1)
            parent[key] = value[:cut] + rng.choice(("0", ".", "\u200b", " ", "\t", "-", "9")) + value[cut:]
        elif isinstance(value, list) and value:
            value.append(copy(rng.choice(value)))
        else:
            parent[key] = scalar(rng)
    return data


def test_mutations_agree_or_fall_back() -> None:
    rng = random.Random(7)
    accepted = refused = 0
    for _ in range(6000):
        if compare(mutate(rng, rng.choice(BASES))):
            accepted += 1
        else:
            refused += 1
    # Both outcomes are exercised at scale: mutations that keep the deal valid, and the others.
    assert accepted > 1000
    assert refused > 2000


def test_scalars_and_collections_in_every_field() -> None:
    rng = random.Random(5)
    base = GENERATED[3].data
    values = [v for v in SCALARS + CONTAINERS if v is not None]
    for path in paths(base)[1:]:
        for value in [None, *rng.sample(values, 16)]:
            data = copy(base)
            at(data, path[:-1])[path[-1]] = (
                Quoted(value) if isinstance(value, str) and rng.random() < 0.3 else copy(value)
            )
            compare(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, len(GENERATED) - 1),
    st.integers(0, 10_000),
    st.one_of(
        st.none(),
        st.from_regex(r"-?[0-9]{1,6}(\.[0-9]{0,4})?", fullmatch=True),
        st.text(max_size=6),
        st.sampled_from([s for s in SCALARS if isinstance(s, str)]),
    ),
    st.booleans(),
)
def test_any_scalar_anywhere(which: int, where: int, value: Any, quoted: bool) -> None:
    base = GENERATED[which].data
    places = paths(base)[1:]
    path = places[where % len(places)]
    data = copy(base)
    at(data, path[:-1])[path[-1]] = Quoted(value) if quoted and value is not None else value
    compare(data)


# --- splits, numbers and the models' construction --------------------------------------------------


@pytest.mark.parametrize(
    ("counterparty", "vendor"),
    [
        ("20", "80"),
        ("20.5", "79.5"),
        ("20.50", "79.5"),
        ("20", "81"),
        ("0", "100"),
        ("100.0", "0"),
        ("33.3", "66.6"),
    ],
)
def test_shares_must_sum_to_100(counterparty: str, vendor: str) -> None:
    data = copy(GENERATED[0].data)
    data["sharing"] = {
        "gain_share_pct": {"counterparty": counterparty, "vendor": vendor},
        "risk_share_pct": {"counterparty": "10", "vendor": "90"},
    }
    accepted = compare(data)
    assert accepted == (Decimal(counterparty) + Decimal(vendor) == 100)


def test_models_are_built_as_pydantic_builds_them() -> None:
    # The fast construction sets the four slots itself; a pydantic that changes them must fail here.
    assert BaseModel.__slots__ == fastvalidate._SLOTS
    for cls in fastvalidate._FIELDS_OF:
        assert fastvalidate._builds_directly(cls), cls.__name__
    deal, _ = fastvalidate.read(GENERATED[0].data, STANDARD) or pytest.fail("refused")
    slow = pydantic_deal(GENERATED[0].data, STANDARD)
    assert slow is not None
    assert deal == slow
    assert deal.model_dump() == slow.model_dump()
    assert deal.model_fields_set == slow.model_fields_set
    assert repr(deal) == repr(slow)
    assert deal.model_copy(update={"playbook": "x@1"}).playbook == "x@1"
    with pytest.raises(ValidationError):
        deal.winwin = 1  # type: ignore[misc]  # frozen, as validated models are


def test_readers_mirror_every_model_in_field_order() -> None:
    seen: set[type[BaseModel]] = set()

    def reachable(cls: type[BaseModel]) -> None:
        seen.add(cls)
        for info in cls.model_fields.values():
            inner = validate_module._inner_model(info.annotation)
            if inner is not None and inner not in seen:
                reachable(inner)

    reachable(models.Deal)
    assert set(fastvalidate._FIELDS_OF) == seen
    for cls, names in fastvalidate._FIELDS_OF.items():
        assert names == tuple(cls.model_fields), cls.__name__


def test_plain_values_are_fresh_for_every_deal() -> None:
    # The facts are the caller's to extend: no list or mapping is shared with the model or another deal.
    data = GENERATED[0].data
    first = fastvalidate.read(data, STANDARD)
    second = fastvalidate.read(data, STANDARD)
    assert first is not None
    assert second is not None
    assert first[1]["liability"] is not second[1]["liability"]
    assert first[1]["liability"]["uncapped"] is not first[0].liability.uncapped
    assert first[1]["concessions"] is not second[1]["concessions"]


def test_numbers_keep_the_text_as_written() -> None:
    data = copy(GENERATED[0].data)
    data["pricing"] = {**data["pricing"], "discount_pct": "5.0", "list_annual": "1000.50"}
    data["sla"] = {**data["sla"], "uptime_pct": "-0"}
    result = fastvalidate.read(data, STANDARD)
    assert result is not None
    deal, facts = result
    assert str(deal.pricing.discount_pct) == "5.0"
    assert str(deal.pricing.list_annual) == "1000.50"
    assert (facts["pricing"]["discount_pct"], facts["pricing"]["list_annual"]) == (5, 1000.5)
    assert type(facts["pricing"]["discount_pct"]) is int
    assert compare(data)


def test_dates_are_real_and_written_as_iso() -> None:
    data = copy(GENERATED[0].data)
    data["deal"] = {**data["deal"], "close_date": Quoted("2028-02-29")}
    result = fastvalidate.read(data, STANDARD)
    assert result is not None
    assert result[0].deal.close_date == dt.date(2028, 2, 29)
    assert result[1]["deal"]["close_date"] == "2028-02-29"
    data["deal"]["close_date"] = "2027-02-29"
    assert fastvalidate.read(data, STANDARD) is None


# --- through validate: the same deals and the same problems ------------------------------------------


def outcome(document: Document) -> Any:
    try:
        return ("deal", view(validate(document, STANDARD)))
    except DealInvalid as exc:
        return ("invalid", exc.problems)


def test_validate_gives_the_same_deals_and_problems_with_and_without_the_fast_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(3)
    documents = EXAMPLE_DOCS + TEST_DOCS + GENERATED[:50]
    cases = documents + [Document(mutate(rng, d.data), d.values, d.keys) for d in documents for _ in range(4)]
    fast_outcomes = [outcome(d) for d in cases]
    monkeypatch.setattr(validate_module, "read_fast", lambda data, standard: None)
    assert [outcome(d) for d in cases] == fast_outcomes


def test_validate_facts_hands_over_the_plain_values_when_it_read_the_deal_fast(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = GENERATED[0]
    deal, facts = validate_facts(document, STANDARD)
    assert facts is not None
    assert view(facts) == view(plain(deal))
    monkeypatch.setattr(validate_module, "read_fast", lambda data, standard: None)
    slow, none = validate_facts(document, STANDARD)
    assert none is None
    assert view(slow) == view(deal)


def test_duplicate_and_dangling_concession_links_are_still_reported() -> None:
    text = (
        "winwin: 1\ndeal:\n  id: X-1\n  counterparty: Acme\nconcessions:\n"
        "  - id: a\n    what: thing\n    given_by: vendor\n    in_exchange_for: [b]\n"
        "  - id: a\n    what: other\n    given_by: counterparty\n"
    )
    document = load(text)
    assert fastvalidate.read(document.data, STANDARD) is not None
    with pytest.raises(DealInvalid) as caught:
        validate_facts(document, STANDARD)
    assert [p.render() for p in caught.value.problems] == [
        "concessions[1].id: concession id 'a' is used twice (first at line 6, column 9)",
        "concessions[0].in_exchange_for[0]: 'b' is not the id of a concession in this deal",
    ]


# Checks a valid deal and an invalid one in a fresh process, saying after each whether pydantic
# has built the deal models' validators (`defer_build`: only the pydantic path needs them).
BUILT_PROBE = """
import datetime as dt, sys
from pathlib import Path
from winwin_cli import models, run
from winwin_cli.playbook import load_playbook
options = run.Options(playbook=load_playbook(), today=dt.date(2026, 11, 23))
valid = run.check_text("valid.yaml", Path(sys.argv[1]).read_bytes(), options)
print(valid.deal is not None, models.Deal.__pydantic_complete__)
bad = b"winwin: 1\\ndeal: {id: X, counterparty: Y, stage: nope}\\n"
invalid = run.check_text("invalid.yaml", bad, options)
print(bool(invalid.errors), models.Deal.__pydantic_complete__)
"""


def test_a_plain_valid_deal_never_builds_pydantic_s_validators() -> None:
    """Start-up: building the deal models' validators costs more than checking a deal the fast way."""
    import subprocess

    example = EXAMPLES / "standard-hooli.yaml"
    done = subprocess.run(
        [sys.executable, "-c", BUILT_PROBE, str(example)], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["True", "False", "True", "True"]

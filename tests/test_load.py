"""Loading deal files: plain YAML only, every error located, scalars typed by the field they fill."""

from __future__ import annotations

import string

import pytest
import yaml
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from conftest import check_deal
from winwin_cli.errors import LoadError
from winwin_cli.load import Quoted, decode, load

HEADER = "winwin: 1\ndeal:\n  id: X-1\n  counterparty: Acme\n"  # lines 1-4


def errors(text: str | bytes) -> list[str]:
    result = check_deal(text, name="deal.yaml")
    assert result.deal is None, "expected the file to be rejected"
    assert result.exit_code == 2
    return [e.render() for e in result.errors]


def only_error(text: str | bytes) -> str:
    found = errors(text)
    assert len(found) == 1, found
    return found[0]


# --- plain YAML only ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "pricing:\n  discount_pct: 5\n  discount_pct: 6\n",
            "deal.yaml:7:3: duplicate key 'discount_pct' (first at line 6, column 3)",
            id="duplicate-key",
        ),
        pytest.param(
            "pricing:\n  discount_pct: 5\npricing:\n  uplift_pct: 2\n",
            "deal.yaml:7:1: duplicate key 'pricing' (first at line 5, column 1)",
            id="duplicate-section",
        ),
        pytest.param(
            "pricing: &p\n  discount_pct: 5\n",
            "deal.yaml:5:10: anchors are not allowed (&p)",
            id="anchor",
        ),
        pytest.param(
            "pricing:\n  discount_pct: &d 5\n",
            "deal.yaml:6:17: anchors are not allowed (&d)",
            id="anchor-on-scalar",
        ),
        pytest.param(
            "pricing:\n  discount_pct: 5\npayment: *p\n",
            "deal.yaml:7:10: aliases are not allowed (*p)",
            id="alias",
        ),
        pytest.param(
            "pricing:\n  <<: {discount_pct: 5}\n",
            "deal.yaml:6:3: merge keys (<<) are not allowed",
            id="merge-key",
        ),
        pytest.param(
            "pricing:\n  discount_pct: !!int 5\n",
            "deal.yaml:6:17: tags are not allowed (!!int)",
            id="tag",
        ),
        pytest.param(
            "pricing: !custom\n  discount_pct: 5\n",
            "deal.yaml:5:10: tags are not allowed (!custom)",
            id="local-tag",
        ),
        pytest.param(
            "---\nwinwin: 1\n",
            "deal.yaml:5:1: several YAML documents in one file; write one deal per file",
            id="several-documents",
        ),
        pytest.param(
            "pricing:\n  discount_pct: [5\n",
            None,
            id="syntax-error",
        ),
    ],
)
def test_plain_yaml_only(body: str, expected: str | None) -> None:
    message = only_error(HEADER + body)
    if expected is None:
        assert message.startswith("deal.yaml:")
        assert "invalid YAML" in message
    else:
        assert message == expected


def test_duplicate_key_names_both_lines() -> None:
    text = HEADER + "payment:\n  net_days: 30\n\n\n  net_days: 45\n"
    assert only_error(text) == "deal.yaml:9:3: duplicate key 'net_days' (first at line 6, column 3)"


def test_same_key_in_different_mappings_is_not_a_duplicate() -> None:
    text = HEADER + "renewal:\n  notice_days: 30\ntermination:\n  notice_days: 30\n"
    assert check_deal(text).exit_code == 0


def test_quoted_merge_key_is_an_ordinary_unknown_key() -> None:
    message = only_error(HEADER + "pricing:\n  '<<': 5\n")
    assert message.startswith("deal.yaml:6:3: pricing: unknown key '<<'")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "- a\n- b\n", "the top level must be a mapping of keys to values, not a list", id="list"
        ),
        pytest.param(
            "hello\n", "the top level must be a mapping of keys to values, not a single value", id="scalar"
        ),
        pytest.param(
            "~\n", "the top level must be a mapping of keys to values, not a single value", id="null"
        ),
        pytest.param(
            "", "the file is empty; a deal file is a mapping that starts with 'winwin: 1'", id="empty"
        ),
        pytest.param(
            "# only a comment\n# and another\n",
            "the file is empty; a deal file is a mapping that starts with 'winwin: 1'",
            id="comment-only",
        ),
        pytest.param(
            "  \n\n", "the file is empty; a deal file is a mapping that starts with 'winwin: 1'", id="blank"
        ),
        pytest.param(
            "deal:\n  id: X\n",
            "not a winwin deal file: the top-level key 'winwin: 1' is missing",
            id="no-winwin",
        ),
    ],
)
def test_root_must_be_a_deal_mapping(text: str, expected: str) -> None:
    assert only_error(text) == f"deal.yaml:1:1: {expected}"


def test_root_list_error_points_at_the_list() -> None:
    assert only_error("# a comment\n\n  - a\n").startswith("deal.yaml:3:3: the top level must be a mapping")


# --- bytes ----------------------------------------------------------------------------------------


def test_invalid_utf8_is_located() -> None:
    raw = HEADER.encode() + b"  title: caf\xe9 menu\n"
    assert only_error(raw) == "deal.yaml:5:13: invalid UTF-8 (byte 0xe9)"


def test_invalid_utf8_on_the_first_line() -> None:
    assert only_error(b"\xffwinwin: 1\n") == "deal.yaml:1:1: invalid UTF-8 (byte 0xff)"


def test_utf16_is_refused() -> None:
    raw = b"\xff\xfe" + HEADER.encode("utf-16-le")
    assert only_error(raw) == "deal.yaml:1:1: the file is UTF-16 or UTF-32; deal files must be UTF-8"


def test_bom_is_accepted() -> None:
    result = check_deal(b"\xef\xbb\xbf" + HEADER.encode())
    assert result.errors == ()
    assert result.deal is not None
    assert result.deal.id == "X-1"


def test_bom_does_not_shift_columns() -> None:
    raw = b"\xef\xbb\xbf" + (HEADER + "pricing:\n  discount_pct: 010\n").encode()
    assert only_error(raw).startswith("deal.yaml:6:17: ")


def test_control_character_is_located() -> None:
    assert (
        only_error(HEADER + "  title: a\x07b\n") == "deal.yaml:5:11: control character U+0007 is not allowed"
    )


def test_non_ascii_text_is_kept() -> None:
    result = check_deal(HEADER + "  title: Café für Ωmega — 東京\n")
    assert result.deal is not None
    assert result.deal.title == "Café für Ωmega — 東京"


def test_decode_strips_the_bom_only_at_the_start() -> None:
    assert decode(b"\xef\xbb\xbfa: 1\n") == "a: 1\n"
    with pytest.raises(LoadError) as caught:
        decode(b"a: 1\n\xc3\x28")
    assert (caught.value.line, caught.value.column) == (2, 1)


# --- the tree and its marks -----------------------------------------------------------------------


def test_load_keeps_plain_and_quoted_scalars_apart() -> None:
    document = load("a: 1\nb: '1'\nc: |\n  text\nd: null\ne: ~\nf:\n")
    assert document.data == {"a": "1", "b": "1", "c": "text\n", "d": None, "e": None, "f": None}
    assert not isinstance(document.data["a"], Quoted)
    assert isinstance(document.data["b"], Quoted)
    assert isinstance(document.data["c"], Quoted)


def test_load_marks_values_and_keys() -> None:
    document = load("a:\n  b: [x, y]\n  c:\n    - {d: 1}\n")
    assert document.values[("a", "b", 1)] == (2, 10)
    assert document.keys[("a", "c")] == (3, 3)
    assert document.values[("a", "c", 0, "d")] == (4, 11)
    assert document.mark(("a", "missing")) == (2, 3)


# --- scalars are typed by the field they fill ------------------------------------------------------


def field_text(field: str, value: str) -> str:
    section, key = field.split(".")
    if section == "deal":
        return HEADER + f"  {key}: {value}\n"
    return HEADER + f"{section}:\n  {key}: {value}\n"


NUMBER_EXPECTED = "expected a plain decimal number like 12 or 12.5, got '{}'"


@pytest.mark.parametrize(
    "value",
    ["010", "1_000", "1:30", "yes", ".nan", ".inf", "-.inf", "1e3", "True", "5.", "+5", "0x1f", "0o7", ".5"],
)
def test_number_only_in_plain_decimal(value: str) -> None:
    message = only_error(field_text("pricing.discount_pct", value))
    assert message == f"deal.yaml:6:17: pricing.discount_pct: {NUMBER_EXPECTED.format(value)}"


@pytest.mark.parametrize("value", ["'5'", '"5"'])
def test_quoted_numbers_are_errors(value: str) -> None:
    message = only_error(field_text("pricing.discount_pct", value))
    assert message == (
        "deal.yaml:6:17: pricing.discount_pct: "
        "expected a number, got quoted text '5' (write numbers without quotes)"
    )


@pytest.mark.parametrize(("value", "expected"), [("0", 0), ("12.5", 12.5), ("-0", 0), ("100", 100)])
def test_plain_decimals_are_numbers(value: str, expected: float) -> None:
    result = check_deal(field_text("pricing.discount_pct", value))
    assert result.deal is not None, [e.render() for e in result.errors]
    assert result.errors == ()


def test_whole_number_fields_refuse_fractions() -> None:
    message = only_error(field_text("commitment.term_months", "12.5"))
    assert message == "deal.yaml:6:16: commitment.term_months: expected a whole number, got '12.5'"


def test_money_has_at_most_two_decimal_places() -> None:
    message = only_error(field_text("pricing.list_annual", "10.123"))
    assert message == "deal.yaml:6:16: pricing.list_annual: at most 2 decimal places"


@pytest.mark.parametrize("value", ["True", "TRUE", "yes", "on", "y", "1", "'true'", '"false"'])
def test_booleans_are_only_true_or_false(value: str) -> None:
    shown = value.strip("'\"")
    message = only_error(field_text("renewal.auto_renew", value))
    assert message == f"deal.yaml:6:15: renewal.auto_renew: expected true or false, got '{shown}'"


@pytest.mark.parametrize("value", ["NO", "yes", "off", "010", "1e3", "2026-01-01", "1:30", ".nan", "true"])
def test_text_fields_take_any_plain_scalar_as_text(value: str) -> None:
    result = check_deal(field_text("deal.title", value))
    assert result.deal is not None, [e.render() for e in result.errors]
    assert result.deal.title == value


def test_no_stays_text_in_the_counterparty() -> None:
    text = "winwin: 1\ndeal:\n  id: NO\n  counterparty: NO\n"
    result = check_deal(text)
    assert result.deal is not None
    assert (result.deal.id, result.deal.counterparty) == ("NO", "NO")


def test_enum_values_are_not_booleans() -> None:
    message = only_error(field_text("termination.for_convenience", "no"))
    assert message == (
        "deal.yaml:6:20: termination.for_convenience: "
        "expected one of 'none', 'counterparty', 'vendor' or 'both', got 'no'"
    )


# SPEC §2: explicit null means "none / uncapped" in exactly these fields.
NULLABLE = (
    "renewal.uplift_cap_pct",
    "sla.credit_cap_pct",
    "liability.vendor_cap_months",
    "liability.counterparty_cap_months",
    "poc.converts_to",
    "pricing.list_annual",
    "commitment.minimum_annual",
)


def _scalar_fields() -> list[str]:
    from conftest import default_playbook

    standard = default_playbook().standard
    fields = []
    for section, keys in standard.items():
        if not isinstance(keys, dict):
            continue
        fields.extend(f"{section}.{key}" for key in keys)
    return sorted(fields)


@pytest.mark.parametrize("field", NULLABLE)
@pytest.mark.parametrize("spelling", ["null", "~", "Null", "NULL", ""])
def test_explicit_null_is_allowed_in_nullable_fields(field: str, spelling: str) -> None:
    result = check_deal(field_text(field, spelling))
    assert result.deal is not None, [e.render() for e in result.errors]


@pytest.mark.parametrize("field", [f for f in _scalar_fields() if f not in NULLABLE])
def test_explicit_null_is_an_error_elsewhere(field: str) -> None:
    message = only_error(field_text(field, "null"))
    assert message.startswith("deal.yaml:")
    assert f": {field}: " in message


@pytest.mark.parametrize(
    "body",
    [
        "deal:\n  title: null\n",
        "pricing: null\n",
        "sharing: null\n",
        "concessions: null\n",
        "concessions:\n  - id: a\n    what: x\n    given_by: vendor\n    value_annual: null\n",
        "approvals:\n  - role: cfo\n    date: null\n",
        "waivers:\n  - rule: WW101\n    reason: r\n    approved_by: cfo\n    expires: null\n",
        "playbook: null\n",
    ],
    ids=[
        "deal.title",
        "pricing",
        "sharing",
        "concessions",
        "value_annual",
        "approval-date",
        "expires",
        "playbook",
    ],
)
def test_explicit_null_is_an_error_in_other_places(body: str) -> None:
    text = HEADER.replace("deal:\n", body) if body.startswith("deal:") else HEADER + body
    assert only_error(text).startswith("deal.yaml:")


def test_null_differs_from_leaving_the_key_out() -> None:
    left_out = check_deal(HEADER)
    uncapped = check_deal(HEADER + "renewal:\n  uplift_cap_pct: null\n")
    assert left_out.deal is not None
    assert uncapped.deal is not None
    assert [f.rule for f in left_out.deal.findings] == []
    assert [f.rule for f in uncapped.deal.findings] == ["WW203"]


# --- never a crash --------------------------------------------------------------------------------

YAMLISH = st.text(
    alphabet=string.ascii_letters + string.digits + " :-[]{},'\"#&*!|>?%@`\n\t.~_", max_size=300
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(),
)
KEYS = st.sampled_from(
    [
        "winwin",
        "deal",
        "id",
        "counterparty",
        "pricing",
        "discount_pct",
        "list_annual",
        "commitment",
        "term_months",
        "renewal",
        "uplift_cap_pct",
        "concessions",
        "given_by",
        "approvals",
        "role",
        "x",
    ]
)
TREES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=25,
)


def _never_raises(raw: bytes) -> None:
    result = check_deal(raw)
    assert result.exit_code in (0, 1, 2), [e.render() for e in result.errors]
    assert (result.deal is None) == bool(result.errors)
    for error in result.errors:
        assert not error.internal
        assert error.line >= 1
        assert error.column >= 1


@seed(20261123)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_yamlish_text_never_raises(text: str) -> None:
    _never_raises(text.encode())


@seed(20261124)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, TREES, max_size=8), st.booleans())
def test_dumped_mappings_never_raise(data: dict[str, object], with_header: bool) -> None:
    if with_header:
        data = {"winwin": 1, "deal": {"id": "X-1", "counterparty": "Acme"}, **data}
    _never_raises(yaml.safe_dump(data, allow_unicode=True).encode())


@seed(20261125)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(raw: bytes) -> None:
    _never_raises(raw)

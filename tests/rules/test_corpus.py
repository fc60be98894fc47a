"""The per-rule corpus: every deal under tests/corpus/ checked against the expectation in its header.

tests/corpus/<RULE>/*.yaml are deals that exercise one rule of the default playbook: firing and not
firing, at its thresholds, reciprocated and not. Their header comments say what the check must
report (judged on TODAY):

    # expect: WW101 win-lose               findings of the rules named, and of the folder's rule;
                                           `none` = the folder's rule produces nothing;
                                           `RULE class (concession-id)` for per-item findings
    # expect-all: WW401 win-lose, ...      every finding of the deal, or `none`
    # severity: error                      then, for every finding of the folder's rule:
    # gives: vendor
    # reciprocated-by: a term of 24 months (a substring of the get)
    # approvals-required: sales-manager, vp-sales   (or none)
    # approvals-missing: sales-manager              (or none)
    # value: 12000                                  (or none)
    # waived: true
    # message: the standard is net 30               (a substring; advice: likewise)
    # net-annual: 100000                   the deal's net annual value (or none)
    # tcv: 278181                         its total contract value (or none)
    # waivers: applied, unused             each waiver's status, in file order
    # exit: 1                              the file's exit code
    # verdict: fail

tests/corpus/invalid/*.yaml must be rejected with exit 2 and a located error:

    # error: LINE:COL substring of the message
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, check_deal, default_playbook, run_winwin

CORPUS = ROOT / "tests" / "corpus"
INVALID = CORPUS / "invalid"
FINDING_KEYS = frozenset(
    {
        "severity",
        "gives",
        "reciprocated-by",
        "approvals-required",
        "approvals-missing",
        "value",
        "waived",
        "message",
        "advice",
    }
)
DEAL_KEYS = frozenset({"expect", "expect-all", "net-annual", "tcv", "waivers", "exit", "verdict"})
_HEADER = re.compile(r"#\s*([a-z][a-z-]*):\s*(.*?)\s*$")
_EXPECTED = re.compile(r"(WW[0-9]{3})\s+(win-win|win-lose|lose-win)(?:\s+\(([^)]+)\))?")
_LOCATION = re.compile(r"([0-9]+):([0-9]+)\s+(.+)")

Expected = tuple[str, str, str | None]  # rule, class, concession id


@dataclass(frozen=True)
class Case:
    path: Path
    headers: dict[str, str]

    @property
    def id(self) -> str:
        return self.path.relative_to(CORPUS).as_posix()

    @property
    def rule(self) -> str:
        return self.path.parent.name

    @property
    def expected(self) -> list[Expected] | None:
        """The findings the header lists (of the folder's rule and of any rule it names)."""
        raw = self.headers.get("expect-all", self.headers.get("expect"))
        return None if raw is None else parse_expected(raw)


def parse_expected(raw: str) -> list[Expected]:
    if raw == "none":
        return []
    found: list[Expected] = []
    for part in raw.split(","):
        match = _EXPECTED.fullmatch(part.strip())
        if match is None:
            raise ValueError(f"cannot read expectation {part.strip()!r}: write RULE CLASS [(concession-id)]")
        found.append((match[1], match[2], match[3]))
    return found


def parse_roles(raw: str) -> tuple[str, ...]:
    return () if raw == "none" else tuple(role.strip() for role in raw.split(","))


def read_case(path: Path) -> Case:
    """The header's `# key: value` lines: the comment block before the first line of YAML."""
    headers: dict[str, str] = {}
    for line in path.read_bytes().decode("utf-8", "replace").splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match is not None and (match[1] in FINDING_KEYS | DEAL_KEYS or match[1] == "error"):
            if match[1] in headers:
                raise ValueError(f"{path}: header key {match[1]!r} is written twice")
            headers[match[1]] = match[2]
    return Case(path, headers)


@cache
def rule_cases() -> tuple[Case, ...]:
    return tuple(read_case(p) for p in sorted(CORPUS.glob("WW*/*.yaml")))


@cache
def invalid_cases() -> tuple[Case, ...]:
    return tuple(read_case(p) for p in sorted(INVALID.glob("*.yaml")))


def check(case: Case):  # type: ignore[no-untyped-def]
    return check_deal(case.path.read_bytes(), name=case.id)


def decimal_or_none(raw: str) -> Decimal | None:
    return None if raw == "none" else Decimal(raw)


@pytest.mark.parametrize("case", rule_cases(), ids=lambda c: c.id)
def test_rule_case(case: Case) -> None:
    assert case.rule in {rule.id for rule in default_playbook().rules}, f"{case.rule} is not a rule id"
    expected = case.expected
    assert expected is not None, "the header needs an `# expect:` or `# expect-all:` line"
    assert not ({"expect", "expect-all"} <= case.headers.keys()), "write one of expect and expect-all"
    result = check(case)
    assert not result.errors, [e.render() for e in result.errors]
    assert result.deal is not None
    deal = result.deal

    with_items = any(item is not None for _, _, item in expected)
    considered = None if "expect-all" in case.headers else {case.rule} | {rule for rule, _, _ in expected}
    actual = [
        (f.rule, f.klass, f.item if with_items else None)
        for f in deal.findings
        if considered is None or f.rule in considered
    ]
    assert Counter(actual) == Counter(expected), "\n".join(
        f"{f.rule} {f.klass} {f.item or ''}: {f.message}" for f in deal.findings
    )

    own = [f for f in deal.findings if f.rule == case.rule]
    keys = FINDING_KEYS & case.headers.keys()
    if keys:
        assert own, f"{', '.join(sorted(keys))} written for a case where {case.rule} does not fire"
    for finding in own:
        if "severity" in case.headers:
            assert finding.severity == case.headers["severity"]
        if "gives" in case.headers:
            assert finding.gives == case.headers["gives"]
        if "reciprocated-by" in case.headers:
            assert finding.reciprocated_by is not None
            assert case.headers["reciprocated-by"] in finding.reciprocated_by
        if "approvals-required" in case.headers:
            assert finding.approvals_required == parse_roles(case.headers["approvals-required"])
        if "approvals-missing" in case.headers:
            assert finding.approvals_missing == parse_roles(case.headers["approvals-missing"])
        if "value" in case.headers:
            assert finding.value == decimal_or_none(case.headers["value"])
        if "waived" in case.headers:
            assert finding.waived == (case.headers["waived"] == "true")
        if "message" in case.headers:
            assert case.headers["message"] in finding.message
        if "advice" in case.headers:
            assert case.headers["advice"] in finding.advice
    if "net-annual" in case.headers:
        assert deal.net_annual == decimal_or_none(case.headers["net-annual"])
    if "tcv" in case.headers:
        assert deal.tcv == decimal_or_none(case.headers["tcv"])
    if "waivers" in case.headers:
        assert tuple(w.status for w in deal.waivers) == parse_roles(case.headers["waivers"])
    if "verdict" in case.headers:
        assert deal.verdict == case.headers["verdict"]
    if "exit" in case.headers:
        assert result.exit_code == int(case.headers["exit"]), [
            (f.rule, f.klass, f.approvals_missing) for f in deal.findings if f.fails
        ]


def expected_error(case: Case) -> tuple[int, int, str]:
    raw = case.headers.get("error")
    assert raw is not None, "an invalid case needs an `# error: LINE:COL message` line"
    match = _LOCATION.fullmatch(raw)
    assert match is not None, f"cannot read {raw!r}: write LINE:COL substring-of-message"
    return int(match[1]), int(match[2]), match[3]


@pytest.mark.parametrize("case", invalid_cases(), ids=lambda c: c.id)
def test_invalid_case(case: Case) -> None:
    line, column, message = expected_error(case)
    result = check(case)
    assert result.deal is None
    assert result.exit_code == 2
    errors = [(e.line, e.column, e.message) for e in result.errors]
    assert not any(e.internal for e in result.errors), errors
    assert any((row, col) == (line, column) and message in text for row, col, text in errors), errors
    for error in result.errors:
        assert error.render().startswith(f"{case.id}:{error.line}:{error.column}: ")


def outcomes(rule: str) -> Counter[str]:
    """What the corpus shows of a rule: `fires`, `silent`, and each class it gets."""
    seen: Counter[str] = Counter()
    for case in rule_cases():
        expected = case.expected or []
        classes = [klass for r, klass, _ in expected if r == rule]
        seen.update(classes)
        if classes:
            seen["fires"] += 1
        elif case.rule == rule:
            seen["silent"] += 1
    return seen


@pytest.mark.parametrize("rule", [r.id for r in default_playbook().rules])
def test_every_rule_both_ways(rule: str) -> None:
    playbook_rule = default_playbook().rule(rule)
    assert playbook_rule is not None
    assert (CORPUS / rule).is_dir(), f"tests/corpus/{rule}/ is missing"
    seen = outcomes(rule)
    assert seen["fires"] >= 1, f"no corpus case where {rule} fires"
    assert seen["silent"] >= 1, f"no corpus case where {rule} stays silent"
    unreciprocated = seen["win-lose"] + seen["lose-win"]
    assert unreciprocated >= 1, f"no corpus case where {rule} is not reciprocated"
    if playbook_rule.gets or playbook_rule.after:
        assert seen["win-win"] >= 1, f"{rule} can be reciprocated, but no corpus case shows it"
    if playbook_rule.gives == "either":
        assert seen["win-lose"] >= 1, f"{rule} must be shown with the vendor giving"
        assert seen["lose-win"] >= 1, f"{rule} must be shown with the counterparty giving"


def test_corpus_folders_are_rules() -> None:
    rules = {r.id for r in default_playbook().rules}
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert folders - {"invalid"} == rules
    assert {p.suffix for p in CORPUS.rglob("*") if p.is_file()} == {".yaml"}


def test_corpus_deal_ids_are_unique() -> None:
    pattern = re.compile(r"^deal:\n  id: (\S+)$", re.MULTILINE)
    ids = Counter(m[1] for case in rule_cases() for m in pattern.finditer(case.path.read_text()))
    assert sum(ids.values()) == len(rule_cases())
    assert [i for i, n in ids.items() if n > 1] == []


def test_header_parser_rejects_typos() -> None:
    with pytest.raises(ValueError, match="cannot read expectation"):
        parse_expected("WW101 win-loose")
    assert parse_expected("WW801 win-win (a), WW801 lose-win (b)") == [
        ("WW801", "win-win", "a"),
        ("WW801", "lose-win", "b"),
    ]


# A handful of the corpus through the real command, as a user or CI runs it.
SUBPROCESS = (
    "WW101/fires-unreciprocated-12pct-12m.yaml",
    "WW101/reciprocated-20pct-24m.yaml",
    "WW303/fires-counterparty-higher.yaml",
    "WW405/reciprocated-after-ww401-win-win.yaml",
    "WW801/unreciprocated-below-80pct-edge.yaml",
    "WW203/silent-cap-omitted.yaml",
)


@pytest.mark.parametrize("relative", SUBPROCESS)
def test_corpus_case_through_the_cli(relative: str) -> None:
    case = read_case(CORPUS / relative)
    proc = run_winwin("check", "--today", TODAY, "--format", "json", str(case.path.relative_to(ROOT)))
    assert proc.returncode == int(case.headers["exit"]), proc.stderr
    report = json.loads(proc.stdout)
    assert report["errors"] == []
    (deal,) = report["deals"]
    assert deal["verdict"] == ("pass" if proc.returncode == 0 else "fail")
    expected = case.expected or []
    with_items = any(item is not None for _, _, item in expected)
    considered = {case.rule} | {rule for rule, _, _ in expected}
    shown = [
        (f["rule"], f["class"], f["concession"] if with_items else None)
        for f in deal["findings"]
        if "expect-all" in case.headers or f["rule"] in considered
    ]
    assert Counter(shown) == Counter(expected)


def test_invalid_corpus_through_the_cli() -> None:
    """Every invalid file named in one run: exit 2, each rejected at its location, no traceback."""
    names = [str(case.path.relative_to(ROOT)) for case in invalid_cases()]
    proc = run_winwin("check", "--today", TODAY, "--format", "json", *names)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    assert report["deals"] == []
    assert report["summary"]["files"] == len(names)
    located = {(e["file"], e["line"], e["column"]) for e in report["errors"]}
    for case, name in zip(invalid_cases(), names, strict=True):
        line, column, _ = expected_error(case)
        assert (name, line, column) in located, case.id


def test_invalid_folder_walked_skips_files_that_are_not_deals() -> None:
    """A walk skips YAML without a top-level winwin: key; every other invalid file is an error."""
    proc = run_winwin("check", "--today", TODAY, "--format", "json", str(INVALID.relative_to(ROOT)))
    assert proc.returncode == 2, proc.stderr
    report = json.loads(proc.stdout)
    deal_key = re.compile(r"^winwin:", re.MULTILINE)
    deals = {
        str(c.path.relative_to(ROOT))
        for c in invalid_cases()
        if deal_key.search(c.path.read_bytes().decode("utf-8", "replace"))
    }
    assert 0 < len(deals) < len(invalid_cases())
    assert {e["file"] for e in report["errors"]} == deals


def test_rule_folder_through_the_cli_exits_with_the_worst_file() -> None:
    folder = CORPUS / "WW405"
    proc = run_winwin("check", "--today", TODAY, "--format", "json", str(folder.relative_to(ROOT)))
    cases = [c for c in rule_cases() if c.rule == "WW405"]
    worst = max(check(c).exit_code for c in cases)
    assert worst == 1
    assert proc.returncode == worst, proc.stderr
    report = json.loads(proc.stdout)
    assert len(report["deals"]) == len(cases)
    verdicts = {Path(d["file"]).name: d["verdict"] for d in report["deals"]}
    for case in cases:
        if "verdict" in case.headers:
            assert verdicts[case.path.name] == case.headers["verdict"]

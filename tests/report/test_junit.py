"""`--format junit`: valid against the Ant JUnit XSD, as GitLab, Jenkins and Azure read it."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DISCOUNT_DEAL, EXAMPLES, ROOT, SCHEMAS, TODAY, invoke

XSD = SCHEMAS / "JUnit.xsd"
XMLLINT = shutil.which("xmllint")
needs_xmllint = pytest.mark.skipif(
    XMLLINT is None or not XSD.is_file(),
    reason=f"xmllint (Debian: apt-get install libxml2-utils) and {XSD} are both needed",
)
DEAL = (
    DISCOUNT_DEAL
    + """waivers:
  - rule: WW103
    reason: Initiative to follow
    approved_by: cfo
    expires: 2027-03-31
"""
)
BROKEN = "winwin: 1\ndeal:\n  id: X-1\n  counterparty: Acme\npricing:\n  discount_pct: 010\n"


def junit(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = invoke(runner, "check", "--isolated", "--today", TODAY, "--format", "junit", *args)
    return result.exit_code, result.stdout


def xmllint(path: Path) -> subprocess.CompletedProcess[str]:
    assert XMLLINT is not None
    return subprocess.run(
        [XMLLINT, "--noout", "--schema", str(XSD), str(path)], capture_output=True, text=True, check=False
    )


@needs_xmllint
def test_examples_validate_with_xmllint(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    _, text = junit(runner, *sorted(str(p.relative_to(ROOT)) for p in EXAMPLES.glob("*.yaml")))
    report = tmp_path / "report.xml"
    report.write_text(text, encoding="utf-8")
    proc = xmllint(report)
    assert proc.returncode == 0, proc.stderr
    assert "validates" in proc.stderr


@needs_xmllint
def test_xmllint_rejects_what_the_schema_forbids(tmp_path: Path) -> None:
    """The validation above can fail: a suite without its required attributes does not pass."""
    bad = tmp_path / "bad.xml"
    bad.write_text(
        '<?xml version="1.0"?>\n<testsuites><testsuite name="x"/></testsuites>\n', encoding="utf-8"
    )
    assert xmllint(bad).returncode != 0


def test_one_suite_per_file_one_case_per_finding(runner: CliRunner, workdir: Path) -> None:
    (workdir / "acme.yaml").write_text(DEAL, encoding="utf-8")
    (workdir / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (workdir / "hooli.yaml").write_bytes((EXAMPLES / "standard-hooli.yaml").read_bytes())
    code, text = junit(runner, "acme.yaml", "broken.yaml", "hooli.yaml")
    assert code == 2
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root}
    assert list(suites) == ["acme.yaml", "broken.yaml", "hooli.yaml"]
    assert [s.get("id") for s in root] == ["0", "1", "2"]

    acme = suites["acme.yaml"]
    cases = {c.get("name"): c for c in acme.iter("testcase")}
    assert set(cases) == {
        "WW101 discount-unearned (line 7)",
        "WW103 price-concession-without-initiative (line 7)",
    }
    assert (acme.get("tests"), acme.get("failures"), acme.get("skipped"), acme.get("errors")) == (
        "2",
        "1",
        "1",
        "0",
    )
    failure = cases["WW101 discount-unearned (line 7)"].find("failure")
    assert failure is not None
    assert failure.get("type") == "win-lose"
    assert failure.text is not None
    assert failure.text.startswith("acme.yaml:7:17: WW101 discount-unearned: win-lose, error")
    skipped = cases["WW103 price-concession-without-initiative (line 7)"].find("skipped")
    assert skipped is not None
    assert skipped.get("message") == "waived: Initiative to follow"
    assert {p.get("name"): p.get("value") for p in acme.iter("property")}["verdict"] == "fail"

    broken = suites["broken.yaml"]
    assert (broken.get("tests"), broken.get("errors")) == ("1", "1")
    error = broken.find("testcase/error")
    assert error is not None
    assert error.get("type") == "invalid-deal-file"
    assert "010" in (error.get("message") or "")

    hooli = suites["hooli.yaml"]  # no findings: one passing case so that the file is listed
    assert [c.get("name") for c in hooli.iter("testcase")] == [
        "no concessions (every term at the standard position)"
    ]
    assert hooli.find("testcase/*") is None


def test_hostile_text_is_escaped(runner: CliRunner, workdir: Path) -> None:
    hostile = DEAL.replace(
        "reason: Initiative to follow", 'reason: "<b>&amp;</b> ]]> \\"q\\" \\ttab\\nline"'
    ).replace("counterparty: Acme", 'counterparty: "A<>&\\"\'\\u202e"')
    (workdir / "evil.yaml").write_text(hostile, encoding="utf-8")
    code, text = junit(runner, "evil.yaml")
    assert code == 1, text
    root = ET.fromstring(text)  # well-formed
    skipped = root.find("testsuite/testcase/skipped")
    assert skipped is not None
    assert skipped.get("message") == 'waived: <b>&amp;</b> ]]> "q" \\x09tab\nline'
    counterparty = {p.get("name"): p.get("value") for p in root.iter("property")}["counterparty"]
    assert counterparty == "A<>&\"'\\u202e"
    if XMLLINT is not None and XSD.is_file():
        report = workdir / "report.xml"
        report.write_text(text, encoding="utf-8")
        assert xmllint(report).returncode == 0


def test_time_and_host_are_filled_in(runner: CliRunner, workdir: Path) -> None:
    (workdir / "acme.yaml").write_text(DEAL, encoding="utf-8")
    _, text = junit(runner, "acme.yaml")
    suite = ET.fromstring(text).find("testsuite")
    assert suite is not None
    assert suite.get("hostname")
    assert float(suite.get("time") or "-1") >= 0
    assert len(suite.get("timestamp") or "") == len("2026-11-23T10:00:00")

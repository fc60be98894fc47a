"""`winwin diff` as a user runs it: two files, or files at git revisions; reports and exit codes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, TODAY, invoke, run_winwin

PAIRS = sorted(p for p in (EXAMPLES / "renegotiation").iterdir() if p.is_dir())
_HEADER = re.compile(r"^# (class|exit): (\S+)$", re.MULTILINE)


def header(pair: Path) -> dict[str, str]:
    """What an example pair's new.yaml says its diff is."""
    return dict(_HEADER.findall((pair / "new.yaml").read_text(encoding="utf-8")))


def diff_json(runner: CliRunner, *args: str) -> tuple[int, dict[str, Any]]:
    result = invoke(runner, "diff", *args, "--format", "json", "--today", TODAY)
    return result.exit_code, json.loads(result.stdout)


def test_there_is_an_example_of_each_classic_renegotiation() -> None:
    classes = sorted(header(p)["class"] for p in PAIRS)
    assert {"win-win", "win-lose", "lose-win"} <= set(classes)
    assert {p.name for p in PAIRS} >= {"procurement-squeeze", "price-rise-without-value", "discount-for-term"}


@pytest.mark.parametrize("pair", PAIRS, ids=[p.name for p in PAIRS])
def test_each_example_pair_gets_the_class_and_exit_code_its_header_states(
    runner: CliRunner, pair: Path
) -> None:
    want = header(pair)
    code, document = diff_json(runner, str(pair / "old.yaml"), str(pair / "new.yaml"))
    (entry,) = document["diffs"]
    assert entry["class"] == want["class"]
    assert code == int(want["exit"]) == document["summary"]["exit_code"]


def test_the_json_report_lists_each_change_with_its_value(runner: CliRunner) -> None:
    pair = EXAMPLES / "renegotiation" / "discount-for-term"
    code, document = diff_json(runner, str(pair / "old.yaml"), str(pair / "new.yaml"))
    assert code == 0
    assert document["winwin"] == "1"
    assert document["command"] == "diff"
    (entry,) = document["diffs"]
    assert entry["status"] == "changed"
    assert entry["id"] == "HOOLI-2026-007"
    assert [
        (c["term"], c["from"], c["to"], c["toward"], c["value_annual"], c["balanced_by"])
        for c in entry["changes"]
    ] == [
        ("pricing.discount_pct", 10, 25, "counterparty", 60000, ["commitment.term_months"]),
        ("commitment.term_months", 12, 36, "vendor", None, ["pricing.discount_pct"]),
    ]
    assert [f["rule"] for f in entry["findings"]["introduced"]] == ["WW101", "WW202"]
    assert entry["balance"]["traded"] == ["pricing.discount_pct", "commitment.term_months"]
    assert document["errors"] == []
    assert document["summary"]["by_class"] == {"win-win": 1, "win-lose": 0, "lose-win": 0}


def test_the_rich_report_names_the_class_the_changes_and_the_findings(runner: CliRunner) -> None:
    pair = EXAMPLES / "renegotiation" / "procurement-squeeze"
    result = invoke(runner, "diff", str(pair / "old.yaml"), str(pair / "new.yaml"), "--today", TODAY)
    assert result.exit_code == 1
    out = result.stdout
    assert "WIN-LOSE" in out
    assert "value moved only toward the counterparty" in out
    for title in ("discount", "payment terms", "custom work", "uptime commitment"):
        assert title in out
    assert "USD 30,000.00" in out
    assert "introduced WW201" in out
    assert "1 win-lose" in out


def test_the_markdown_report_is_a_pr_comment(runner: CliRunner) -> None:
    pair = EXAMPLES / "renegotiation" / "price-rise-without-value"
    result = invoke(
        runner, "diff", str(pair / "old.yaml"), str(pair / "new.yaml"), "-f", "markdown", "--today", TODAY
    )
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "## winwin diff"
    assert any(line.startswith("### ") and "**lose-win** ❌" in line for line in lines)
    assert "| Term | From | To | Value moved toward | A year |" in lines
    assert "| discount `pricing.discount_pct` | 15 | 5 | vendor | EUR 50,000.00 |" in lines
    assert any(line.startswith("- kept, now failing: **WW202**") for line in lines)


def test_markdown_escapes_deal_text(tmp_path: Path, runner: CliRunner) -> None:
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text("winwin: 1\ndeal: {id: A-1, counterparty: X}\n", encoding="utf-8")
    concession = "concessions:\n  - {id: c1, what: '<b>|@team [x](y)', given_by: vendor, value_annual: 10}\n"
    new.write_text(old.read_text() + concession, encoding="utf-8")
    result = invoke(runner, "diff", str(old), str(new), "-f", "markdown")
    assert r"\<b\>\|\@team \[x\](y)" in result.stdout
    assert "<b>" not in result.stdout


def test_identical_files_are_no_change_and_exit_0(runner: CliRunner) -> None:
    path = str(EXAMPLES / "standard-hooli.yaml")
    result = invoke(runner, "diff", path, path, "--today", TODAY)
    assert result.exit_code == 0
    assert "No term changed." in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["one.yaml"], "give two files"),
        (["a", "b", "c"], "give two files"),
        (["--rev", "HEAD"], "--rev: name the deal files"),
        (["--rev", "a", "--rev", "b", "--rev", "c", "f.yaml"], "at most two revisions"),
        (["a", "b", "--format", "sarif"], "--format: unknown format 'sarif'"),
        (["a", "b", "--today", "tomorrow"], "--today: expected YYYY-MM-DD"),
        (["a", "b", "--fail-on", "lose-lose"], "lose-lose"),
    ],
)
def test_command_line_errors_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    result = invoke(runner, "diff", *args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "too-large"])
def test_a_fifo_or_oversized_file_is_refused_without_reading_it(
    tmp_path: Path, runner: CliRunner, kind: str
) -> None:
    old = tmp_path / "old.yaml"
    if kind == "fifo":
        os.mkfifo(old)  # reading it would block forever
        expected = "cannot read the file: not a regular file"
    else:
        old.write_bytes(b"winwin: 1\n" + b"#" * (1024 * 1024 + 1))
        expected = "larger than the limit"
    result = invoke(runner, "diff", str(old), str(EXAMPLES / "standard-hooli.yaml"))
    assert result.exit_code == 2
    assert expected in " ".join(result.stdout.split())  # the report may wrap the line


def test_a_missing_or_broken_file_exits_2_with_a_located_error(tmp_path: Path, runner: CliRunner) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("winwin: 1\ndeal:\n  id: A\n  id: B\n", encoding="utf-8")
    good = EXAMPLES / "standard-hooli.yaml"
    code, document = diff_json(runner, str(good), str(broken))
    assert code == 2
    assert document["diffs"][0]["status"] == "error"
    assert (document["errors"][0]["line"], document["errors"][0]["column"]) == (4, 3)
    code, document = diff_json(runner, str(tmp_path / "nope.yaml"), str(good))
    assert code == 2
    assert "cannot read the file" in document["errors"][0]["message"]


def test_as_a_subprocess(tmp_path: Path) -> None:
    pair = EXAMPLES / "renegotiation" / "procurement-squeeze"
    output = tmp_path / "report.md"
    process = run_winwin(
        "diff", str(pair / "old.yaml"), str(pair / "new.yaml"), "-f", "markdown", "-o", str(output)
    )
    assert process.returncode == 1, process.stderr
    assert process.stdout == ""
    assert "**win-lose**" in output.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# git revisions


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo.parent),
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True, timeout=30
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose first commit holds the discount-for-term pair's old version as deals/hooli.yaml."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    (root / "deals").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    shutil.copy(EXAMPLES / "renegotiation" / "discount-for-term" / "old.yaml", root / "deals" / "hooli.yaml")
    shutil.copy(
        EXAMPLES / "renegotiation" / "procurement-squeeze" / "old.yaml", root / "deals" / "initech.yaml"
    )
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "v1")
    monkeypatch.chdir(root)
    return root


def _renegotiate(root: Path) -> None:
    shutil.copy(EXAMPLES / "renegotiation" / "discount-for-term" / "new.yaml", root / "deals" / "hooli.yaml")


def test_rev_against_the_working_tree(repo: Path, runner: CliRunner) -> None:
    _renegotiate(repo)
    code, document = diff_json(runner, "--rev", "HEAD", "deals/hooli.yaml")
    assert code == 0
    (entry,) = document["diffs"]
    assert (entry["file"], entry["old"], entry["new"]) == (
        "deals/hooli.yaml",
        "HEAD:deals/hooli.yaml",
        "deals/hooli.yaml",
    )
    assert entry["class"] == "win-win"


def test_rev_against_rev(repo: Path, runner: CliRunner) -> None:
    shutil.copy(
        EXAMPLES / "renegotiation" / "procurement-squeeze" / "new.yaml", repo / "deals" / "initech.yaml"
    )
    git(repo, "commit", "-q", "-am", "v2: procurement")
    (repo / "deals" / "initech.yaml").write_text(
        "not: a deal\n", encoding="utf-8"
    )  # the working tree is ignored
    code, document = diff_json(runner, "--rev", "HEAD~1", "--rev", "HEAD", "deals/initech.yaml")
    assert code == 1
    (entry,) = document["diffs"]
    assert (entry["old"], entry["new"], entry["class"]) == (
        "HEAD~1:deals/initech.yaml",
        "HEAD:deals/initech.yaml",
        "win-lose",
    )


def test_rev_over_a_directory_reports_added_deleted_and_unchanged_files(
    repo: Path, runner: CliRunner
) -> None:
    _renegotiate(repo)
    (repo / "deals" / "initech.yaml").unlink()
    shutil.copy(EXAMPLES / "new-logo-acme.yaml", repo / "deals" / "acme.yaml")
    (repo / "deals" / "notes.txt").write_text("not a deal file\n", encoding="utf-8")
    code, document = diff_json(runner, "--rev", "HEAD", "deals")
    statuses = {d["file"]: (d["status"], d["class"]) for d in document["diffs"]}
    assert statuses == {
        "deals/acme.yaml": ("added", None),
        "deals/hooli.yaml": ("changed", "win-win"),
        "deals/initech.yaml": ("deleted", None),
    }
    # Acme's deal passes the playbook, so adding it fails nothing; the one change set is win-win.
    assert code == 0


def test_rev_from_a_subdirectory_names_files_as_the_user_sees_them(
    repo: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    _renegotiate(repo)
    monkeypatch.chdir(repo / "deals")
    code, document = diff_json(runner, "--rev", "HEAD", "hooli.yaml")
    assert code == 0
    assert document["diffs"][0]["file"] == "hooli.yaml"
    assert document["diffs"][0]["old"] == "HEAD:deals/hooli.yaml"


def test_an_unchanged_file_at_a_revision_is_no_change(repo: Path, runner: CliRunner) -> None:
    code, document = diff_json(runner, "--rev", "HEAD", "deals/hooli.yaml")
    assert code == 0
    assert document["diffs"][0]["status"] == "unchanged"


def test_an_unknown_revision_exits_2(repo: Path, runner: CliRunner) -> None:
    result = invoke(runner, "diff", "--rev", "no-such-branch", "deals/hooli.yaml")
    assert result.exit_code == 2
    assert "unknown revision 'no-such-branch'" in result.stderr
    result = invoke(runner, "diff", "--rev", "--upload-pack=x", "deals/hooli.yaml")
    assert result.exit_code == 2


def test_a_file_in_neither_revision_exits_2(repo: Path, runner: CliRunner) -> None:
    code, document = diff_json(runner, "--rev", "HEAD", "deals/nothing.yaml")
    assert code == 2
    assert document["errors"][0]["message"] == "the file exists in neither version"


def test_outside_a_git_repository_exits_2(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    monkeypatch.chdir(lonely)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = invoke(runner, "diff", "--rev", "HEAD", "deal.yaml")
    assert result.exit_code == 2
    assert "not in a git repository" in result.stderr


def test_git_mode_as_a_subprocess(repo: Path) -> None:
    _renegotiate(repo)
    git(repo, "commit", "-q", "-am", "v2: discount for term")
    process = run_winwin(
        "diff", "--rev", "HEAD~1", "--rev", "HEAD", "deals/hooli.yaml", "--today", TODAY, cwd=repo
    )
    assert process.returncode == 0, process.stderr
    assert "WIN-WIN" in process.stdout

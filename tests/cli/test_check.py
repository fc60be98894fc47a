"""`winwin check` as a user and CI see it: exit codes, paths, stdin and the options."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT, TODAY, invoke, run_winwin
from winwin_cli import __version__

PASSING = EXAMPLES / "standard-hooli.yaml"
FAILING = EXAMPLES / "renewal-globex.yaml"  # lose-win findings only, no approval required
MISSING_APPROVAL = EXAMPLES / "poc-initech.yaml"  # WW602 needs a sales-manager approval
WAIVERS = EXAMPLES / "waivers-cyberdyne.yaml"  # WW204's waiver expired on 2026-06-30
BROKEN = "winwin: 1\ndeal:\n  id: X-1\n  counterparty: Acme\npricing:\n  discount_pct: 010\n"
BROKEN_ERROR = "pricing.discount_pct: expected a plain decimal number like 12 or 12.5, got '010'"


def check_json(runner: CliRunner, *args: str, input: bytes | None = None) -> tuple[int, dict[str, Any]]:
    result = invoke(runner, "check", "--format", "json", "--today", TODAY, *args, input=input)
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


# --- exit codes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "code"), [(PASSING, 0), (FAILING, 1), (MISSING_APPROVAL, 1)])
def test_exit_codes_in_process(runner: CliRunner, path: Path, code: int) -> None:
    result = invoke(runner, "check", "--today", TODAY, str(path))
    assert result.exit_code == code
    assert ("Verdict: pass" if code == 0 else "Verdict: fail") in result.stdout


@pytest.mark.parametrize(("path", "code"), [(PASSING, 0), (FAILING, 1)])
def test_exit_codes_as_a_process(path: Path, code: int) -> None:
    result = run_winwin("check", "--today", TODAY, str(path.relative_to(ROOT)))
    assert result.returncode == code, result.stderr
    assert result.stderr == ""
    assert path.name in result.stdout


def test_invalid_file_exits_2_with_a_located_error(runner: CliRunner, broken: Path) -> None:
    result = invoke(runner, "check", str(broken))
    assert result.exit_code == 2
    assert result.stdout.startswith(f"{broken}:6:17: ")
    assert BROKEN_ERROR in " ".join(result.stdout.split())


def test_invalid_file_as_a_process(broken: Path) -> None:
    result = run_winwin("check", "--format", "json", str(broken))
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    errors = json.loads(result.stdout)["errors"]
    assert errors == [{"file": str(broken), "line": 6, "column": 17, "message": BROKEN_ERROR}]


def test_a_bad_file_does_not_stop_the_others(runner: CliRunner, broken: Path) -> None:
    code, report = check_json(runner, str(PASSING), str(broken), str(FAILING))
    assert code == 2  # 2 > 1 > 0: the highest code of the run wins
    assert [Path(d["file"]).name for d in report["deals"]] == [PASSING.name, FAILING.name]
    assert [d["verdict"] for d in report["deals"]] == ["pass", "fail"]
    assert [e["file"] for e in report["errors"]] == [str(broken)]
    assert report["summary"]["files"] == 3
    assert report["summary"]["deals"] == 2
    assert report["summary"]["exit_code"] == 2


def test_mixed_run_as_a_process(broken: Path) -> None:
    result = run_winwin("check", "--today", TODAY, str(PASSING), str(broken))
    assert result.returncode == 2
    assert "HOOLI" in result.stdout
    assert f"{broken}:6:17:" in result.stdout + result.stderr


def test_exit_code_precedence(runner: CliRunner, broken: Path) -> None:
    assert check_json(runner, str(PASSING))[0] == 0
    assert check_json(runner, str(PASSING), str(FAILING))[0] == 1
    assert check_json(runner, str(FAILING), str(broken))[0] == 2
    assert check_json(runner, str(broken), str(FAILING), str(PASSING))[0] == 2


def test_missing_file_exits_2_and_names_it(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    code, report = check_json(runner, str(missing), str(PASSING))
    assert code == 2
    assert [e["file"] for e in report["errors"]] == [str(missing)]
    assert len(report["deals"]) == 1


# --- what is checked ----------------------------------------------------------------------------------


def test_stdin(runner: CliRunner) -> None:
    code, report = check_json(runner, "-", input=FAILING.read_bytes())
    assert code == 1
    [deal] = report["deals"]
    assert deal["file"] == "<stdin>"
    assert deal["id"] == "GLOBEX-2026-022"


def test_stdin_as_a_process() -> None:
    result = run_winwin("check", "--format", "json", "-", input=BROKEN.encode())
    assert result.returncode == 2
    assert json.loads(result.stdout)["errors"][0]["file"] == "<stdin>"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A repository: deals at two depths, a non-deal YAML file, a hidden dir and a text file."""
    shutil.copy(PASSING, tmp_path / "b-hooli.yaml")
    (tmp_path / "deals" / "2026").mkdir(parents=True)
    shutil.copy(FAILING, tmp_path / "deals" / "2026" / "globex.yml")
    (tmp_path / "a-ci.yaml").write_text("jobs:\n  test: {runs-on: ubuntu-latest}\n", encoding="utf-8")
    (tmp_path / "deals" / "notes.txt").write_text("winwin: not yaml at all: [\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "bad.yaml").write_text(BROKEN, encoding="utf-8")
    return tmp_path


def test_directory_walk_skips_yaml_that_is_not_a_deal(runner: CliRunner, tree: Path) -> None:
    code, report = check_json(runner, str(tree))
    assert code == 1
    assert [Path(d["file"]).relative_to(tree).as_posix() for d in report["deals"]] == [
        "b-hooli.yaml",
        "deals/2026/globex.yml",
    ]
    assert report["errors"] == []


def test_a_non_deal_named_explicitly_is_an_error(runner: CliRunner, tree: Path) -> None:
    code, report = check_json(runner, str(tree / "a-ci.yaml"), str(tree))
    assert code == 2
    assert report["errors"] == [
        {
            "file": str(tree / "a-ci.yaml"),
            "line": 1,
            "column": 1,
            "message": "not a winwin deal file: the top-level key 'winwin: 1' is missing",
        }
    ]
    assert len(report["deals"]) == 2


def test_skip_non_deals_skips_named_files_too(runner: CliRunner, tree: Path) -> None:
    code, report = check_json(runner, "--skip-non-deals", str(tree / "a-ci.yaml"), str(tree / "b-hooli.yaml"))
    assert code == 0
    assert report["errors"] == []
    assert len(report["deals"]) == 1


def test_a_deal_found_by_the_walk_is_still_validated(runner: CliRunner, tree: Path) -> None:
    (tree / "deals" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    code, report = check_json(runner, str(tree))
    assert code == 2
    assert [(e["file"], e["line"]) for e in report["errors"]] == [(str(tree / "deals" / "broken.yaml"), 6)]


def test_the_walk_is_sorted_and_repeatable(tree: Path) -> None:
    first = run_winwin("check", "--format", "json", "--today", TODAY, str(tree))
    second = run_winwin("check", "--format", "json", "--today", TODAY, str(tree))
    assert first.stdout == second.stdout


# --- options --------------------------------------------------------------------------------------------


def test_fail_on_win_lose_lets_a_lose_win_deal_pass(runner: CliRunner) -> None:
    code, report = check_json(runner, "--fail-on", "win-lose", str(FAILING))
    assert code == 0
    [deal] = report["deals"]
    assert {f["class"] for f in deal["findings"]} == {"lose-win"}
    assert deal["verdict"] == "pass"
    assert not any(f["fails"] for f in deal["findings"])


def test_fail_on_lose_win_still_fails_it(runner: CliRunner) -> None:
    assert check_json(runner, "--fail-on", "lose-win", str(FAILING))[0] == 1


@pytest.mark.parametrize("fail_on", ["none", "win-win", "lose-win"])
def test_missing_approvals_always_fail(runner: CliRunner, fail_on: str) -> None:
    code, report = check_json(runner, "--fail-on", fail_on, str(MISSING_APPROVAL))
    assert code == 1
    failing = [(f["rule"], f["approvals_missing"]) for f in report["deals"][0]["findings"] if f["fails"]]
    assert ("WW602", ["sales-manager"]) in failing


def test_fail_on_win_win_fails_reciprocated_findings(runner: CliRunner) -> None:
    acme = EXAMPLES / "new-logo-acme.yaml"
    assert check_json(runner, str(acme))[0] == 0
    assert check_json(runner, "--fail-on", "win-win", str(acme))[0] == 1


def test_output_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = invoke(
        runner, "check", "--format", "json", "--output", str(target), "--today", TODAY, str(FAILING)
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    report = json.loads(target.read_text(encoding="utf-8"))
    assert report["deals"][0]["id"] == "GLOBEX-2026-022"


def test_output_file_rich_has_no_colour(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    result = run_winwin("check", "-o", str(target), "--color", "always", "--today", TODAY, str(PASSING))
    assert result.returncode == 0
    text = target.read_text(encoding="utf-8")
    assert "HOOLI" in text
    assert "\x1b[" not in text


@pytest.fixture
def strict_playbook(tmp_path: Path) -> Path:
    """The default playbook with the standard discount lowered from 10 % to 3 %."""
    target = tmp_path / "playbook"
    shutil.copytree(ROOT / "rules", target)
    main = target / "playbook.yaml"
    text = main.read_text(encoding="utf-8")
    assert "discount_standard_pct: 10 " in text
    main.write_text(text.replace("discount_standard_pct: 10 ", "discount_standard_pct: 3 "), encoding="utf-8")
    return target


def test_playbook_option(runner: CliRunner, strict_playbook: Path) -> None:
    globex = str(FAILING)  # a 5 % discount: standard under the default playbook, not under this one
    default_rules = {f["rule"] for f in check_json(runner, globex)[1]["deals"][0]["findings"]}
    strict_rules = {
        f["rule"]
        for f in check_json(runner, "--playbook", str(strict_playbook), globex)[1]["deals"][0]["findings"]
    }
    assert "WW101" not in default_rules
    assert strict_rules - default_rules == {"WW101"}


def test_playbook_option_as_a_process(strict_playbook: Path) -> None:
    result = run_winwin("check", "--playbook", str(strict_playbook), "--format", "json", str(FAILING))
    assert result.returncode == 1
    assert '"rule":"WW101"' in result.stdout


def test_missing_playbook_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = run_winwin("check", "--playbook", str(tmp_path / "nowhere"), str(PASSING))
    assert result.returncode == 2
    assert "nowhere" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_playbook_exits_2_naming_the_file(strict_playbook: Path) -> None:
    pricing = strict_playbook / "pricing.yaml"
    pricing.write_text(
        pricing.read_text(encoding="utf-8") + "  - id: WW999\n    slug: Bad Slug\n", encoding="utf-8"
    )
    result = run_winwin("check", "--playbook", str(strict_playbook), str(PASSING))
    assert result.returncode == 2
    assert "pricing.yaml" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("today", "code", "status"), [("2026-06-30", 0, "applied"), ("2026-07-01", 1, "expired")]
)
def test_today_judges_waiver_expiry(runner: CliRunner, today: str, code: int, status: str) -> None:
    result = invoke(runner, "check", "--format", "json", "--today", today, str(WAIVERS))
    assert result.exit_code == code
    waivers = {w["rule"]: w["status"] for w in json.loads(result.stdout)["deals"][0]["waivers"]}
    assert waivers["WW204"] == status


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--today", "23/11/2026"], "--today"),
        (["--today", "2026-02-30"], "--today"),
        (["--format", "xml"], "--format"),
        (["--fail-on", "lose-lose"], "lose-lose"),
        (["--color", "purple"], "--color"),
        (["--bogus"], "--bogus"),
    ],
)
def test_bad_options_exit_2(args: list[str], message: str) -> None:
    result = run_winwin("check", *args, str(PASSING))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_check_without_paths_exits_2() -> None:
    result = run_winwin("check")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_version() -> None:
    result = run_winwin("--version")
    assert result.returncode == 0
    assert result.stdout == f"winwin {__version__}\n"


def test_version_through_typer(runner: CliRunner) -> None:
    result = invoke(runner, "--version", "--help")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"winwin {__version__}"


def test_help_lists_check(runner: CliRunner) -> None:
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    assert "check" in result.stdout

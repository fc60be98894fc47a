"""The pre-commit hook and the GitHub composite action, as their real clients read them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ROOT

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")


def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["winwin"]
    hook = hooks[0]
    assert hook["entry"] == "winwin check --skip-non-deals"
    assert hook["language"] == "python"
    assert hook["types"] == ["yaml"]


def test_action_definition() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    assert all("shell" in s for s in steps if "run" in s)  # composite run steps must name a shell
    install = next(s for s in steps if s.get("name") == "Install winwin")
    assert '"$GITHUB_ACTION_PATH"' in install["run"]
    check = next(s for s in steps if s.get("id") == "check")
    assert '--emit "sarif:$WINWIN_SARIF"' in check["run"]
    assert "GITHUB_STEP_SUMMARY" in check["run"]
    # Inputs reach the script through the environment, never spliced into it.
    assert "${{" not in check["run"]
    assert set(action["inputs"]) >= {"paths", "sarif-file", "args", "summary", "fail"}
    assert set(action["outputs"]) == {"sarif-file", "exit-code"}
    for output in action["outputs"].values():
        assert output["value"].startswith("${{ steps.check.outputs.")


def test_action_check_step_runs(tmp_path: Path) -> None:
    """The check step's script, run as the runner would: annotations, SARIF and summary in one run."""
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    check = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "WINWIN_PATHS": "examples/partner-oscorp.yaml examples/pilot-soylent.yaml",
        "WINWIN_SARIF": str(tmp_path / "winwin.sarif"),
        "WINWIN_ARGS": "--today 2026-11-23",
        "WINWIN_SUMMARY": "true",
        "WINWIN_FAIL": "false",
    }
    result = subprocess.run(
        ["bash", "-c", check["run"]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "::error file=examples/partner-oscorp.yaml" in result.stdout
    sarif = json.loads((tmp_path / "winwin.sarif").read_text())
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} >= {"WW502", "WW701"}
    assert "OSCORP-2026-005" in summary.read_text()
    assert output.read_text().splitlines() == [f"sarif-file={tmp_path / 'winwin.sarif'}", "exit-code=1"]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.mark.skipif(not Path(PRE_COMMIT).exists(), reason="pre-commit is not installed")
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    """`pre-commit try-repo` installs this checkout in its own environment and runs the hook.

    It installs winwin and its dependencies with pip, so it needs a package index (or pip's cache).
    """
    repo = tmp_path / "deals-repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "good.yaml").write_bytes((EXAMPLES / "standard-hooli.yaml").read_bytes())
    (repo / "other.yaml").write_text("not_a_deal: true\n")  # skipped: no top-level winwin key
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    run = [PRE_COMMIT, "try-repo", str(ROOT), "winwin", "--all-files"]
    passing = subprocess.run(run, cwd=repo, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "winwin" in passing.stdout
    (repo / "bad.yaml").write_bytes((EXAMPLES / "renewal-globex.yaml").read_bytes())
    _git(repo, "add", ".")
    failing = subprocess.run(run, cwd=repo, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert failing.returncode == 1
    assert "Failed" in failing.stdout
    assert "lose-win" in failing.stdout

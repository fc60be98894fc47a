"""Configuration: discovery, precedence (flags > file > defaults), located errors, `config show`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, TODAY, invoke
from winwin_cli.config import glob_match

DISCOUNT_25 = EXAMPLES / "waivers-cyberdyne.yaml"  # WW101 (25 %), WW204 with an expired waiver


def _deal(tmp: Path, name: str, discount: int = 15) -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "winwin: 1\ndeal:\n  id: D-" + path.stem.upper() + "\n  counterparty: Acme\n"
        f"pricing:\n  discount_pct: {discount}\napprovals:\n  - role: sales-manager\n"
    )
    return path


def _rules(runner: CliRunner, *args: str) -> set[str]:
    result = invoke(runner, "check", *args, "--format", "json", "--today", TODAY)
    assert result.exit_code in (0, 1), result.output
    return {f["rule"] for d in json.loads(result.output)["deals"] for f in d["findings"]}


def test_nearest_yaml_config_applies(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deal = _deal(tmp_path / "deals", "a.yaml")
    monkeypatch.chdir(tmp_path)
    assert _rules(runner, str(deal)) == {"WW101", "WW103"}
    (tmp_path / ".winwin.yaml").write_text("ignore: [WW103]\n")
    assert _rules(runner, str(deal)) == {"WW101"}
    # A nearer config wins over one further up.
    (tmp_path / "deals" / ".winwin.yaml").write_text("select: [WW103]\n")
    assert _rules(runner, str(deal)) == {"WW103"}


def test_pyproject_tool_table(runner: CliRunner, tmp_path: Path) -> None:
    deal = _deal(tmp_path, "a.yaml")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.winwin]\nignore = ["WW103"]\n')
    assert _rules(runner, str(deal)) == {"WW101"}


def test_threshold_override_changes_the_verdict(runner: CliRunner, tmp_path: Path) -> None:
    deal = _deal(tmp_path, "a.yaml", discount=15)
    (tmp_path / ".winwin.yaml").write_text("thresholds:\n  discount_standard_pct: 15\n")
    assert _rules(runner, str(deal)) == set()


def test_flags_override_config(runner: CliRunner, tmp_path: Path) -> None:
    deal = _deal(tmp_path, "a.yaml")
    (tmp_path / ".winwin.yaml").write_text("ignore: [WW103]\nformat: json\nfail_on: none\n")
    result = invoke(runner, "check", str(deal), "--today", TODAY)
    assert json.loads(result.output)["deals"]  # format from the file
    assert result.exit_code == 0  # fail_on none from the file: the WW103 finding would fail
    assert _rules(runner, str(deal), "--ignore", "WW101") == {"WW103"}
    assert invoke(runner, "check", str(deal), "--fail-on", "win-lose", "--today", TODAY).exit_code == 1
    assert invoke(runner, "check", str(deal), "--fail-on", "lose-win", "--today", TODAY).exit_code == 0
    assert (
        invoke(runner, "check", str(deal), "--isolated", "--format", "json", "--today", TODAY).exit_code == 1
    )


def test_explicit_config_file(runner: CliRunner, tmp_path: Path) -> None:
    deal = _deal(tmp_path / "d", "a.yaml")
    other = tmp_path / "elsewhere.yaml"
    other.write_text("select: [WW103]\n")
    assert _rules(runner, str(deal), "--config", str(other)) == {"WW103"}
    result = invoke(runner, "check", str(deal), "--config", str(other), "--isolated")
    assert result.exit_code == 2
    assert "cannot be used together" in result.output


def test_per_path_overrides(runner: CliRunner, tmp_path: Path) -> None:
    plain = _deal(tmp_path / "deals", "a.yaml")
    partner = _deal(tmp_path / "deals" / "partners", "b.yaml")
    (tmp_path / ".winwin.yaml").write_text(
        "overrides:\n  - paths: ['deals/partners/**']\n    ignore: [WW103]\n"
        "    thresholds: {discount_standard_pct: 20}\n"
    )
    result = invoke(runner, "check", str(tmp_path / "deals"), "--format", "json", "--today", TODAY)
    found = {d["file"]: {f["rule"] for f in d["findings"]} for d in json.loads(result.output)["deals"]}
    assert found[str(plain)] == {"WW101", "WW103"}
    assert found[str(partner)] == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("selct: [WW1]\n", ".winwin.yaml:1:1: unknown key 'selct' (did you mean 'select'?)"),
        (
            "waivers:\n  max_dayz: 3\n",
            ".winwin.yaml:2:3: waivers: unknown key 'max_dayz' (did you mean 'max_days'?)",
        ),
        (
            "thresholds:\n  discount_standard: 5\n",
            ".winwin.yaml:2:3: thresholds: unknown threshold 'discount_standard'",
        ),
        ("select: [WW9]\n", ".winwin.yaml:1:9: select: no rule id starts with 'WW9'"),
        (
            "fail_on: [win-loose]\n",
            ".winwin.yaml:1:10: fail_on: unknown class 'win-loose' (did you mean 'win-lose'?)",
        ),
        ("format: sarf\n", ".winwin.yaml:1:9: format: unknown format 'sarf' (did you mean 'sarif'?)"),
        (
            "waivers:\n  max_days: 010\n",
            ".winwin.yaml:2:13: waivers.max_days: expected a plain decimal number like 12",
        ),
        ("a: &x 1\n", ".winwin.yaml:1:4: anchors are not allowed"),
    ],
)
def test_config_errors_are_located(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    deal = _deal(tmp_path, "a.yaml")
    (tmp_path / ".winwin.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "check", str(deal))
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


def test_toml_errors_are_located(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deal = _deal(tmp_path, "a.yaml")
    (tmp_path / "pyproject.toml").write_text('[tool.winwin]\nfail_on = "win-lose"\nignor = ["WW103"]\n')
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "check", str(deal))
    assert result.exit_code == 2
    assert "pyproject.toml:3:1: unknown key 'ignor' (did you mean 'ignore'?)" in result.output
    (tmp_path / "pyproject.toml").write_text("[tool.winwin]\nfail_on = \n")
    result = invoke(runner, "check", str(deal))
    assert result.exit_code == 2
    assert "pyproject.toml:2:" in result.output
    assert "invalid TOML" in result.output


def test_config_show_names_origins(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".winwin.yaml").write_text("ignore: [WW103]\nthresholds:\n  discount_standard_pct: 12\n")
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "config", "show", "--format", "json", "--fail-on", "win-lose")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    settings = data["settings"]
    assert data["file"] == ".winwin.yaml"
    assert settings["ignore"] == {"value": ["WW103"], "from": ".winwin.yaml:1:9"}
    assert settings["thresholds.discount_standard_pct"] == {"value": 12, "from": ".winwin.yaml:3:3"}
    assert settings["fail_on"] == {"value": ["win-lose"], "from": "--fail-on"}
    assert settings["format"] == {"value": "auto", "from": "default"}
    text = invoke(runner, "config", "show").output
    assert "ignore" in text
    assert "# .winwin.yaml:1:9" in text
    assert "# default" in text


def test_config_show_isolated(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".winwin.yaml").write_text("ignore: [WW103]\n")
    monkeypatch.chdir(tmp_path)
    data = json.loads(invoke(runner, "config", "show", "--isolated", "--format", "json").output)
    assert data["file"] is None
    assert data["settings"]["ignore"] == {"value": [], "from": "default"}


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("deals/partners/**", "deals/partners/x/a.yaml", True),
        ("deals/partners/**", "deals/a.yaml", False),
        ("*.yaml", "deals/x/a.yaml", True),
        ("deals/*.yaml", "deals/x/a.yaml", False),
        ("deals/", "deals/x/a.yaml", True),
        ("deals/**/b?.yaml", "deals/b1.yaml", True),
    ],
)
def test_glob_match(pattern: str, path: str, matches: bool) -> None:
    assert glob_match(pattern, path) is matches


def test_examples_keep_their_verdicts_with_an_empty_config(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    (tmp_path / ".winwin.yaml").write_text("# nothing configured\n")
    with_config = invoke(runner, "check", str(tmp_path / "examples"), "--format", "json", "--today", TODAY)
    isolated = invoke(
        runner, "check", str(tmp_path / "examples"), "--isolated", "--format", "json", "--today", TODAY
    )
    assert json.loads(with_config.output)["summary"] == json.loads(isolated.output)["summary"]
    assert DISCOUNT_25.is_file()

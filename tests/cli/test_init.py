"""`winwin init`: a starter deal that passes, a repository setup, nothing overwritten without --force."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from conftest import TODAY, invoke


def test_starter_deal_passes(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "deals" / "acme_renewal.yaml"
    result = invoke(runner, "init", str(target), "--counterparty", "Acme Corp")
    assert result.exit_code == 0, result.output
    assert f"wrote {target}" in result.output
    text = target.read_text()
    assert "id: ACME-RENEWAL" in text
    assert "counterparty: Acme Corp" in text
    check = invoke(runner, "check", str(target), "--today", TODAY)
    assert check.exit_code == 0, check.output
    assert "No concessions" in check.output


def test_starter_deal_quotes_odd_names(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "d.yaml"
    assert invoke(runner, "init", str(target), "--id", "X-1", "--counterparty", 'O"Brien: #1').exit_code == 0
    assert invoke(runner, "check", str(target), "--today", TODAY).exit_code == 0
    assert yaml.safe_load(target.read_text())["deal"]["counterparty"] == 'O"Brien: #1'


def test_nothing_is_overwritten_without_force(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "deal.yaml"
    target.write_text("mine\n")
    result = invoke(runner, "init", str(target))
    assert result.exit_code == 2
    assert "already exists; use --force to overwrite" in result.output
    assert target.read_text() == "mine\n"
    assert invoke(runner, "init", str(target), "--force").exit_code == 0
    assert target.read_text().startswith("# A winwin deal file")


def test_init_repo(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "init", str(tmp_path), "--repo", "--deals", "contracts")
    assert result.exit_code == 0, result.output
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert written == {
        ".winwin.yaml",
        ".winwin-waivers.yaml",
        ".github/workflows/winwin.yml",
        ".pre-commit-config.yaml",
    }
    workflow = yaml.safe_load((tmp_path / ".github/workflows/winwin.yml").read_text())
    steps = workflow["jobs"]["winwin"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    assert "winwin check contracts --format github --emit sarif:winwin.sarif --step-summary" in next(
        s["run"] for s in steps if s.get("name") == "Check deals"
    )
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert hooks[0]["id"] == "winwin"
    assert hooks[0]["files"] == "^contracts/"
    # The written configuration is one winwin accepts, and it applies.
    (tmp_path / "contracts").mkdir()
    assert invoke(runner, "init", str(tmp_path / "contracts" / "a.yaml")).exit_code == 0
    shown = invoke(runner, "config", "show", str(tmp_path / "contracts"), "--format", "json")
    assert shown.exit_code == 0, shown.output
    again = invoke(runner, "init", str(tmp_path), "--repo")
    assert again.exit_code == 2
    assert "already exist" in again.output

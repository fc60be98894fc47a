"""The central waivers file: matching by id and path, expiry, the horizon, unused entries, inline off."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import TODAY, invoke

# 25 % discount on 12 months: WW101 win-lose (fails), both approvals recorded; WW103 win-lose.
DEAL = """winwin: 1
deal:
  id: {id}
  counterparty: Acme
  initiatives: [{{id: cloud, goal: Move to the cloud}}]
pricing:
  discount_pct: 25
approvals:
  - role: vp-sales
{inline}"""
INLINE = """waivers:
  - rule: WW101
    reason: inline
    approved_by: cfo
    expires: 2027-01-31
"""


def _repo(tmp: Path, waivers: str, inline: str = "", config: str = "") -> Path:
    (tmp / "deals").mkdir()
    (tmp / "deals" / "a.yaml").write_text(DEAL.format(id="A-1", inline=inline))
    (tmp / "deals" / "b.yaml").write_text(DEAL.format(id="B-1", inline=""))
    (tmp / ".winwin-waivers.yaml").write_text(waivers)
    if config:
        (tmp / ".winwin.yaml").write_text(config)
    return tmp / "deals"


def _run(runner: CliRunner, *args: str) -> tuple[int, dict[str, Any]]:
    result = invoke(runner, "check", *args, "--format", "json", "--today", TODAY)
    return result.exit_code, json.loads(result.output)


def _waived(data: dict[str, Any]) -> dict[str, bool]:
    return {d["id"]: any(f["waived"] for f in d["findings"] if f["rule"] == "WW101") for d in data["deals"]}


ENTRY = """  - rule: WW101
    {target}
    reason: strategic
    approved_by: cfo
    expires: {expires}
"""


def test_central_waiver_by_deal_id(runner: CliRunner, tmp_path: Path) -> None:
    deals = _repo(tmp_path, "waivers:\n" + ENTRY.format(target="deals: [A-1]", expires="2027-03-31"))
    code, data = _run(runner, str(deals))
    assert _waived(data) == {"A-1": True, "B-1": False}
    assert code == 1
    entry = data["waivers"]["entries"][0]
    assert entry["status"] == "applied"
    assert entry["applied_to"] == ["A-1"]
    assert (entry["line"], entry["column"]) == (2, 5)
    deal_a = next(d for d in data["deals"] if d["id"] == "A-1")
    assert deal_a["waivers"][0]["source"] == ".winwin-waivers.yaml" or deal_a["waivers"][0][
        "source"
    ].endswith(".winwin-waivers.yaml")


def test_central_waiver_by_path_glob(runner: CliRunner, tmp_path: Path) -> None:
    deals = _repo(
        tmp_path, "waivers:\n" + ENTRY.format(target="paths: ['deals/b.yaml']", expires="2027-03-31")
    )
    _, data = _run(runner, str(deals))
    assert _waived(data) == {"A-1": False, "B-1": True}


def test_expired_and_unused_are_reported_once(runner: CliRunner, tmp_path: Path) -> None:
    text = "waivers:\n" + ENTRY.format(target="deals: [A-1]", expires="2026-01-31")
    text += ENTRY.format(target="deals: [NOBODY]", expires="2027-01-31").replace("WW101", "WW104")
    deals = _repo(tmp_path, text)
    _, data = _run(runner, str(deals))
    assert [e["status"] for e in data["waivers"]["entries"]] == ["expired", "unused"]
    assert data["waivers"]["counts"] == {"expired": 1, "unused": 1}
    assert _waived(data) == {"A-1": False, "B-1": False}
    terminal = invoke(runner, "check", str(deals), "--today", TODAY).output
    assert terminal.count("waiver WW104: matches no finding (unused)") == 1
    assert "waiver WW101: expired on 2026-01-31" in terminal


def test_horizon_makes_a_far_waiver_cover_nothing(runner: CliRunner, tmp_path: Path) -> None:
    deals = _repo(
        tmp_path,
        "waivers:\n" + ENTRY.format(target="deals: [A-1, B-1]", expires="2028-12-31"),
        inline=INLINE,
        config="waivers:\n  max_days: 180\n",
    )
    code, data = _run(runner, str(deals))
    assert data["waivers"]["entries"][0]["status"] == "beyond-horizon"
    # The inline waiver expires within 180 days of the run day and still covers deal A-1.
    assert _waived(data) == {"A-1": True, "B-1": False}
    assert code == 1


def test_no_inline_waivers(runner: CliRunner, tmp_path: Path) -> None:
    deals = _repo(tmp_path, "waivers: []\n", inline=INLINE)
    _, data = _run(runner, str(deals))
    assert _waived(data)["A-1"] is True
    _, data = _run(runner, str(deals), "--no-inline-waivers")
    assert _waived(data)["A-1"] is False
    deal_a = next(d for d in data["deals"] if d["id"] == "A-1")
    assert deal_a["waivers"][0]["status"] == "ignored"
    # The configuration can say the same.
    (tmp_path / ".winwin.yaml").write_text("waivers:\n  inline: false\n")
    _, data = _run(runner, str(deals))
    assert _waived(data)["A-1"] is False


def test_waivers_file_errors_are_located(runner: CliRunner, tmp_path: Path) -> None:
    deals = _repo(
        tmp_path, "waivers:\n  - rule: WW101\n    reason: x\n    approved_by: cfo\n    expire: 2027-01-01\n"
    )
    result = invoke(runner, "check", str(deals), "--today", TODAY)
    assert result.exit_code == 2
    assert (
        ".winwin-waivers.yaml:5:5: waivers[0]: unknown key 'expire' (did you mean 'expires'?)"
        in result.output
    )
    (tmp_path / ".winwin-waivers.yaml").write_text(
        "waivers:\n  - {rule: WW101, reason: x, approved_by: cfo, expires: 2027-01-01}\n"
    )
    result = invoke(runner, "check", str(deals), "--today", TODAY)
    assert result.exit_code == 2
    assert "give deals (ids) or paths (globs)" in result.output


def test_explicit_waivers_flag_and_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    deals = _repo(tmp_path, "waivers: []\n")
    other = tmp_path / "central.yaml"
    other.write_text("waivers:\n" + ENTRY.format(target="deals: [B-1]", expires="2027-03-31"))
    _, data = _run(runner, str(deals), "--waivers", str(other))
    assert _waived(data) == {"A-1": False, "B-1": True}
    result = invoke(runner, "check", str(deals), "--waivers", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "no such file" in result.output

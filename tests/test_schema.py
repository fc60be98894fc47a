"""`winwin schema`: a JSON Schema that editors and check-jsonschema accept, and that agrees with winwin."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from conftest import EXAMPLES, TODAY, invoke

CHECK_JSONSCHEMA = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = invoke(CliRunner(), "schema")
    assert result.exit_code == 0
    path = tmp_path_factory.mktemp("schema") / "deal.schema.json"
    path.write_text(result.output)
    return path


def _check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    if not Path(CHECK_JSONSCHEMA).exists():
        pytest.fail("check-jsonschema is a test dependency: pip install -e '.[test]'")
    return subprocess.run([CHECK_JSONSCHEMA, *args], capture_output=True, text=True, check=False, timeout=120)


def test_schema_is_valid_draft_2020_12(schema_file: Path) -> None:
    schema = json.loads(schema_file.read_text())
    Draft202012Validator.check_schema(schema)
    assert schema["required"] == ["winwin", "deal"]
    assert schema["$defs"]["DealInfo"]["required"] == ["id", "counterparty"]
    pct = schema["$defs"]["Pricing"]["properties"]["discount_pct"]
    assert pct["type"] == "number"
    assert pct["minimum"] == 0
    assert pct["maximum"] == 100
    assert "Standard: 0." in pct["description"]
    assert schema["$defs"]["Renewal"]["properties"]["uplift_cap_pct"]["anyOf"][1] == {"type": "null"}
    assert schema["$defs"]["Payment"]["properties"]["net_days"]["type"] == "integer"
    assert schema["$defs"]["Waiver"]["properties"]["expires"] == {
        "type": "string",
        "format": "date",
        "description": "Last day the waiver covers (YYYY-MM-DD).",
    }
    assert schema["$defs"]["DealInfo"]["properties"]["stage"]["enum"] == ["poc", "pilot", "production"]
    assert all(d["additionalProperties"] is False for d in schema["$defs"].values())


def test_every_example_validates_with_check_jsonschema(schema_file: Path) -> None:
    files = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
    assert len(files) >= 20
    result = _check_jsonschema("--schemafile", str(schema_file), *files)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "body",
    [
        "deal: {id: X, counterparty: Y}\npricing: {discount_pct: 150}\n",
        "deal: {id: X, counterparty: Y}\npricing: {discont_pct: 15}\n",
        "deal: {id: X, counterparty: Y}\nrights: {exclusivity: total}\n",
        "deal: {id: X, counterparty: Y}\nrenewal: {auto_renew: yes}\n",
        "deal: {id: X, counterparty: Y}\npayment: {net_days: null}\n",
        "deal: {counterparty: Y}\n",
    ],
)
def test_schema_and_winwin_reject_the_same_deals(
    runner: CliRunner, schema_file: Path, tmp_path: Path, body: str
) -> None:
    deal = tmp_path / "deal.yaml"
    deal.write_text("winwin: 1\n" + body)
    assert _check_jsonschema("--schemafile", str(schema_file), str(deal)).returncode == 1
    assert invoke(runner, "check", str(deal), "--today", TODAY).exit_code == 2


def test_schema_to_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    assert invoke(runner, "schema", "--output", str(out)).exit_code == 0
    assert json.loads(out.read_text())["$schema"] == "https://json-schema.org/draft/2020-12/schema"

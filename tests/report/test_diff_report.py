"""The diff reports of the example renegotiations, against golden files.

Regenerate after an intended change with `WINWIN_UPDATE_GOLDEN=1 python -m pytest tests/report`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT, TODAY, invoke
from winwin_cli.report.diff import md

GOLDEN = ROOT / "tests" / "golden" / "diff"
PAIRS = sorted(p for p in (EXAMPLES / "renegotiation").iterdir() if p.is_dir())
SUFFIX = {"markdown": "md", "json": "json", "rich": "txt"}


def _golden(path: Path, actual: str) -> None:
    if os.environ.get("WINWIN_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"no golden file {path}; run with WINWIN_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
@pytest.mark.parametrize("pair", PAIRS, ids=[p.name for p in PAIRS])
def test_report_matches_its_golden_file(
    pair: Path, fmt: str, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    relative = pair.relative_to(ROOT)
    args = [str(relative / "old.yaml"), str(relative / "new.yaml"), "--format", fmt, "--today", TODAY]
    result = invoke(runner, "diff", *args, "--color", "never")
    if fmt == "json":
        json.loads(result.stdout)  # one valid document
    _golden(GOLDEN / f"{pair.name}.{SUFFIX[fmt]}", result.stdout)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words, 20% off", "plain words, 20% off"),
        ("a | b", r"a \| b"),
        ("<script>", r"\<script\>"),
        ("@everyone", r"\@everyone"),
        ("[link](http://x)", r"\[link\](http://x)"),
        ("line\nbreak", "line break"),
        ("tick `code`", r"tick \`code\`"),
        ("a & b", "a &amp; b"),
        ("zero\u200bwidth", r"zero\u200bwidth"),
    ],
)
def test_markdown_makes_deal_text_inert(text: str, escaped: str) -> None:
    assert md(text) == escaped

"""The benchmark tools stay runnable: the generator writes valid deals, the guard parses its options."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, TODAY, run_winwin

BENCHMARKS = ROOT / "benchmarks"


def test_generated_deals_are_valid_and_the_same_for_a_seed(tmp_path: Path) -> None:
    script = [sys.executable, str(BENCHMARKS / "generate.py")]
    subprocess.run([*script, str(tmp_path / "a"), "-n", "60"], check=True, capture_output=True)
    subprocess.run([*script, str(tmp_path / "b"), "-n", "60"], check=True, capture_output=True)
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
    result = run_winwin("check", str(tmp_path / "a"), "--format", "json", "--today", TODAY)
    assert result.returncode == 1, result.stdout[-2000:]  # lopsided deals, but no file is an error
    assert '"errors":[]' in result.stdout


def test_the_guard_documents_its_options() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for option in ("--check", "--quick", "--count", "--jobs"):
        assert option in result.stdout


def test_the_guard_judges_figures_against_their_targets_only() -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from run import Figure  # the guard script, beside the generator
    finally:
        sys.path.remove(str(BENCHMARKS))
    assert Figure("fast", 0.5, 0.6).ok
    assert "ok" in Figure("fast", 0.5, 0.6).line()
    assert not Figure("slow", 0.7, 0.6).ok
    assert Figure("slow", 0.7, 0.6).line().endswith("MISSED")
    informative = Figure("serial", 1.4, None)
    assert informative.ok
    assert informative.line().endswith("(no target)")

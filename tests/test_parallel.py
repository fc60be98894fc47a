"""`--jobs`: the same results in the same order as a serial run, and a dying worker costs one file."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, TODAY, run_winwin
from winwin_cli import parallel, run
from winwin_cli.discover import discover
from winwin_cli.playbook import load_playbook
from winwin_cli.run import Options, Source, check_sources

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate

pytestmark = pytest.mark.skipif(not parallel.available(), reason="workers are forked, which needs fork")


def _no_stdin() -> bytes:
    raise AssertionError("no standard input in these runs")


@pytest.fixture(scope="module")
def options() -> Options:
    return Options(playbook=load_playbook(None), today=dt.date.fromisoformat(TODAY))


@pytest.fixture
def deals(tmp_path: Path) -> Path:
    generate(tmp_path / "deals", 90)
    (tmp_path / "deals" / "deal-00040.yaml").write_text("winwin: 1\ndeal: [unclosed\n", encoding="utf-8")
    (tmp_path / "deals" / "deal-00041.yaml").write_bytes(b"\xff\xfe not utf-8")
    return tmp_path / "deals"


def test_jobs_for() -> None:
    assert parallel.jobs_for(3, 10) == 3
    assert parallel.jobs_for(0, parallel.MIN_FILES - 1) == 1
    assert parallel.jobs_for(None, parallel.MIN_FILES) == parallel.cpus()
    assert parallel.jobs_for(0, 10_000) == parallel.cpus()


def test_parallel_results_equal_the_serial_ones_in_order(options: Options, deals: Path) -> None:
    sources = list(discover([str(deals), str(EXAMPLES)]))
    serial = list(check_sources(sources, options, _no_stdin))
    for jobs in (2, 3):
        assert list(check_sources(sources, options, _no_stdin, jobs=jobs)) == serial
    assert any(r.errors for r in serial)
    assert sum(r.deal is not None for r in serial) > 90


def test_a_dying_worker_costs_only_the_file_that_kills_it(
    options: Options, deals: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = list(discover([str(deals)]))
    serial = list(check_sources(sources, options, _no_stdin))
    original = run.check_one

    def crashing(source: Source, options: Options, stdin: object) -> run.FileResult:
        if source.name.endswith("deal-00017.yaml"):
            os._exit(9)  # as a crash in native code would
        return original(source, options, stdin)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "check_one", crashing)  # inherited by the forked workers
    results = list(check_sources(sources, options, _no_stdin, jobs=2))
    assert [r.file for r in results] == [r.file for r in serial]
    for got, expected in zip(results, serial, strict=True):
        if got.file.endswith("deal-00017.yaml"):
            assert got.exit_code == run.EXIT_INTERNAL
            assert "the process checking this file stopped" in got.errors[0].message
        else:
            assert got == expected


def test_cli_output_is_byte_identical_with_jobs(deals: Path) -> None:
    for fmt in ("json", "rich"):
        serial = run_winwin("check", str(deals), "--format", fmt, "--today", TODAY, "--jobs", "1")
        parallel_run = run_winwin("check", str(deals), "--format", fmt, "--today", TODAY, "--jobs", "2")
        assert serial.returncode == parallel_run.returncode == 2
        assert parallel_run.stdout == serial.stdout
        assert parallel_run.stderr == serial.stderr


def test_deals_rendered_by_workers_read_as_the_serial_reports(deals: Path, tmp_path: Path) -> None:
    """json and markdown render in the workers (rich does not): every combination, byte for byte."""
    outputs = {}
    for jobs in ("1", "2"):
        emitted, summary = tmp_path / f"emitted-{jobs}.json", tmp_path / f"summary-{jobs}.md"
        runs = (("json", []), ("markdown", ["--emit", f"json:{emitted}"]), ("json", ["-q"]))
        for n, (fmt, extra) in enumerate(runs):
            result = run_winwin(
                "check", str(deals), str(EXAMPLES), "--format", fmt, *extra,
                f"--step-summary={summary}", "--today", TODAY, "--jobs", jobs,
            )  # fmt: skip
            assert result.returncode == 2
            outputs[jobs, str(n)] = result.stdout
        outputs[jobs, "emitted"] = emitted.read_text(encoding="utf-8")
        outputs[jobs, "summary"] = summary.read_text(encoding="utf-8")
    assert len(outputs) == 10
    for key, text in outputs.items():
        if key[0] == "2":
            assert text == outputs[("1", *key[1:])], key
    assert '"findings":[{' in outputs["2", "0"]
    assert "### " in outputs["2", "summary"]


def test_rendered_results_carry_the_counts_a_summary_keeps(options: Options, deals: Path) -> None:
    from winwin_cli.report.json import deal_text

    sources = list(discover([str(deals), str(EXAMPLES)]))
    whole, rendered = run.Summary(), run.Summary()
    for result in check_sources(sources, options, _no_stdin):
        whole.add(result)
    texts = []
    for result in check_sources(sources, options, _no_stdin, jobs=2, render=lambda d: (deal_text(d),)):
        assert result.deal is None
        if result.rendered is not None:
            texts.append(result.rendered.texts[0])
        rendered.add(result)
    assert rendered == whole
    assert whole.failing_deals
    assert whole.by_class["win-win"]
    assert len(texts) == whole.deals
    assert all(text.startswith('{"file":') for text in texts)


def test_standard_input_is_checked_serially(options: Options) -> None:
    text = (EXAMPLES / "standard-hooli.yaml").read_bytes()
    sources = [Source("-", None), *discover([str(EXAMPLES / "new-logo-acme.yaml")])]
    results = list(check_sources(sources, options, lambda: text, jobs=2))
    assert [r.file for r in results] == ["-", str(EXAMPLES / "new-logo-acme.yaml")]
    assert results[0].deal is not None

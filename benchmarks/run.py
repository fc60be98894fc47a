"""The performance guard: winwin's speed, start-up and memory as ratios, each next to its target.

    python benchmarks/run.py            # 10 000 generated deals, prints every figure
    python benchmarks/run.py --quick    # 2 000 deals and fewer repeats, for a fast look
    python benchmarks/run.py --check    # exit 1 when a target is missed

Every ratio is measured side by side in one run, alternating the commands being compared and
taking medians, so that a busy machine slows both sides alike. Throughput is against PyYAML
(`yaml.load(f, Loader=yaml.CSafeLoader)` over the same files, in one process: the time of the
loop alone); start-up is against a bare `python -c pass`. See CONTRIBUTING.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402 - the generator sits beside this script

TODAY = "2026-11-23"
BASELINE = """
import sys, time, yaml
paths = sys.stdin.read().split("\\n")
start = time.perf_counter()
for path in paths:
    with open(path, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
sys.stdout.write(repr(time.perf_counter() - start))
"""


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    target: float | None  # None: shown for information, judged against nothing
    unit: str = "×"

    @property
    def ok(self) -> bool:
        return self.target is None or self.value <= self.target

    def line(self) -> str:
        value = f"{self.value:8.2f}{self.unit:<3}"
        if self.target is None:
            return f"  {self.name:<48} {value} (no target)"
        mark = "ok" if self.ok else "MISSED"
        return f"  {self.name:<48} {value} target ≤ {self.target:g}{self.unit:<3} {mark}"


def winwin_command() -> list[str]:
    """The installed console script beside this interpreter, else `python -m winwin_cli`."""
    script = Path(sys.executable).with_name("winwin")
    return [str(script)] if script.exists() else [sys.executable, "-m", "winwin_cli"]


def environment() -> dict[str, str]:
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    noisy = ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "FORCE_COLOR", "CI", "PYTHONPROFILEIMPORTTIME")
    for name in noisy:
        env.pop(name, None)
    return env


def timed(argv: Sequence[str], stdin: bytes | None = None) -> tuple[float, int, bytes]:
    """Wall time, peak RSS (KiB; see `peak_rss` for a figure free of this script's) and stdout."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.DEVNULL,
            env=environment(),
        )
        if stdin is not None:
            assert proc.stdin is not None
            proc.stdin.write(stdin)
            proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return elapsed, usage.ru_maxrss, out.read()


# Runs a command and reports its peak RSS. A process started straight from this script would
# report this script's own RSS: Linux keeps a process's peak across fork and exec.
PEAK_RSS = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
sys.stderr.write(str(usage.ru_maxrss))
"""


def peak_rss(argv: Sequence[str]) -> int:
    """Peak RSS (KiB) of a run of `argv`, the workers it waited for included."""
    result = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environment(),
        check=False,
    )
    return int(result.stderr.decode().strip().splitlines()[-1])


def baseline(paths: list[Path]) -> float:
    """Seconds PyYAML's C loader takes to load every file, timed inside one process."""
    listing = "\n".join(str(p) for p in paths).encode()
    _, _, out = timed([sys.executable, "-c", BASELINE], stdin=listing)
    return float(out)


def alternate(runs: dict[str, Callable[[], float]], repeats: int) -> dict[str, float]:
    """Medians of `repeats` rounds, each round running every candidate once, in turn."""
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            samples[name].append(run())
    return {name: statistics.median(values) for name, values in samples.items()}


def throughput(corpus: Path, paths: list[Path], repeats: int, jobs: int) -> tuple[list[Figure], bytes, bytes]:
    winwin = winwin_command()
    check = [*winwin, "check", str(corpus), "--format", "json", "--today", TODAY]
    outputs: dict[str, bytes] = {}

    def run(name: str, argv: list[str]) -> Callable[[], float]:
        def go() -> float:
            elapsed, _, out = timed(argv)
            outputs[name] = out
            return elapsed

        return go

    medians = alternate(
        {
            "yaml": lambda: baseline(paths),
            "default": run("default", check),
            "serial": run("serial", [*check, "--jobs", "1"]),
            "parallel": run("parallel", [*check, "--jobs", str(jobs)]),
        },
        repeats,
    )
    base = medians["yaml"]
    per_file = base / len(paths) * 1e6
    print(f"  PyYAML CSafeLoader: {base:.2f} s for {len(paths)} files ({per_file:.0f} µs a file)")
    print(
        f"  winwin: default {medians['default']:.2f} s, --jobs 1 {medians['serial']:.2f} s, "
        f"--jobs {jobs} {medians['parallel']:.2f} s"
    )
    figures = [
        Figure("throughput: check --format json (default jobs)", medians["default"] / base, 0.6),
        Figure(f"parallelism: check --format json --jobs {jobs}", medians["parallel"] / base, 0.35),
        Figure("serial: check --format json --jobs 1", medians["serial"] / base, None),
    ]
    return figures, outputs["serial"], outputs["parallel"]


def startup(one_deal: Path, repeats: int) -> list[Figure]:
    winwin = winwin_command()

    def run(argv: list[str]) -> Callable[[], float]:
        return lambda: timed(argv)[0]

    medians = alternate(
        {
            "bare": run([sys.executable, "-c", "pass"]),
            "version": run([*winwin, "--version"]),
            "help": run([*winwin, "--help"]),
            "check": run([*winwin, "check", str(one_deal), "--today", TODAY]),
        },
        repeats,
    )
    bare = medians["bare"]
    print(
        f"  bare interpreter {bare * 1000:.0f} ms; --version {medians['version'] * 1000:.0f} ms, "
        f"--help {medians['help'] * 1000:.0f} ms, check one deal {medians['check'] * 1000:.0f} ms"
    )
    return [
        Figure("start-up: --version", medians["version"] / bare, 4),
        Figure("start-up: --help", medians["help"] / bare, 7),
        Figure("start-up: check one-deal.yaml (terminal report)", medians["check"] / bare, 16),
    ]


def memory(corpus: Path, small: Path, count: int) -> list[Figure]:
    winwin = winwin_command()
    check = [*winwin, "check", "--format", "json", "--today", TODAY, "--jobs", "1"]
    rss_small = peak_rss([*check, str(small)])
    rss_full = peak_rss([*check, str(corpus)])
    small_mb, full_mb = rss_small / 1024, rss_full / 1024
    print(f"  peak RSS: {small_mb:.0f} MB for {count // 10} deals, {full_mb:.0f} MB for {count}")
    return [
        Figure(f"memory: peak RSS for {count} deals", rss_full / 1024, 100, " MB"),
        # Linear growth would make this 10: ten times the deals.
        Figure(f"memory: growth from {count // 10} to {count} deals", rss_full / rss_small, 1.5),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure misses its target")
    parser.add_argument("--quick", action="store_true", help="2 000 deals, fewer repeats")
    parser.add_argument("--count", type=int, help="how many deals to generate (default 10 000)")
    parser.add_argument("--repeats", type=int, help="rounds of alternating throughput runs (default 5)")
    parser.add_argument("--jobs", type=int, default=2, help="jobs for the parallelism figure (default 2)")
    parser.add_argument("--keep", type=Path, help="generate the deals into this directory and keep them")
    args = parser.parse_args(argv)
    count = args.count or (2_000 if args.quick else 10_000)
    repeats = args.repeats or (3 if args.quick else 5)
    work = args.keep or Path(tempfile.mkdtemp(prefix="winwin-bench-"))
    try:
        corpus = work / "deals"
        if corpus.exists():
            shutil.rmtree(corpus)
        paths = generate(corpus, count)
        small = work / "tenth"
        if small.exists():
            shutil.rmtree(small)
        generate(small, count // 10)
        print(f"winwin benchmarks: {count} generated deals in {corpus}, {os.cpu_count()} CPUs")
        figures, serial_out, parallel_out = throughput(corpus, paths, repeats, args.jobs)
        if serial_out != parallel_out:
            print("  MISSED: the parallel run's output differs from the serial run's")
            figures.append(Figure("parallel output identical to serial", 1, 0))
        else:
            print("  parallel output is byte-identical to the serial output")
        figures += startup(paths[0], max(9, repeats * 2 + 1))
        figures += memory(corpus, small, count)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print("\nfigure                                               value      target")
    for figure in figures:
        print(figure.line())
    missed = [f for f in figures if not f.ok]
    if missed:
        print(f"\n{len(missed)} target(s) missed")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure every input of the adversarial corpus in a process of its own and print the table
that docs/security.md shows: outcome, time, CPU time and peak memory of checking it.

    python benchmarks/adversarial_table.py            # Markdown table on stdout
    python benchmarks/adversarial_table.py --update   # rewrite the table in docs/security.md

Each input runs in a fresh process (timeout 60 s): the time is that of reading, checking and
reporting the file once the imports and the playbook are loaded, and the memory is the growth
of that process's peak resident set. Both budgets (1 s of CPU, 100 MB) are checked; the exit
status is 1 when an input exceeds one, or when the real command disagrees on the exit code or
prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "adversarial"))

from adversarial_corpus import load_expected  # noqa: E402

DOC = ROOT / "docs" / "security.md"
BEGIN, END = "<!-- adversarial-table:begin -->", "<!-- adversarial-table:end -->"
SECONDS, MEGABYTES = 1.0, 100.0


# Runs in a fresh interpreter per input: imports and the playbook first (the baseline), then
# one file through the same path as `winwin check --format json FILE`, timed and its peak
# resident memory (a high-water mark) compared with the baseline's.
_PROBE = """
import datetime as dt, io, json, resource, sys, time
from winwin_cli.discover import discover
from winwin_cli.playbook import load_playbook
from winwin_cli.report import reporter
from winwin_cli.run import Options, Summary, check_sources
options = Options(playbook=load_playbook(None), today=dt.date(2026, 11, 23))
report = reporter("json")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
wall, cpu = time.perf_counter(), time.process_time()
summary, out = Summary(), [report.begin()]
for result in check_sources(discover(sys.argv[1:]), options, lambda: b""):
    summary.add(result)
    out.append(report.add(result))
out.append(report.end(summary))
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps([summary.exit_code, wall, cpu, peak / 1024, "".join(out)]))
"""


def measure(path: Path) -> tuple[int, float, float, float, str]:
    """(exit code, wall s, CPU s, extra peak MB, first error) of checking one file.

    The file is also run through the real command (`python -m winwin_cli check`) to confirm
    the exit code and that no traceback is printed.
    """
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    if probe.returncode != 0:
        return probe.returncode, 0.0, 0.0, 0.0, "PROBE FAILED: " + probe.stderr.strip()[-300:]
    code, wall, cpu, peak, stdout = json.loads(probe.stdout)
    errors = json.loads(stdout)["errors"]
    first = f"{errors[0]['line']}:{errors[0]['column']}: {errors[0]['message']}" if errors else ""
    command = [sys.executable, "-m", "winwin_cli", "check", "--today", "2026-11-23", "-f", "json", str(path)]
    real = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    if "Traceback" in real.stderr or real.returncode != code:
        first = f"CLI DISAGREES (exit {real.returncode}): {real.stderr.strip()[-300:]}"
    return code, wall, cpu, peak, first


def table() -> tuple[str, bool]:
    cases = load_expected()
    ok = True
    rows = [
        "| input | size | exit | first error (line:col: message) | time (ms) | CPU (ms) | peak memory (MB) |",
        "|---|---:|---:|---|---:|---:|---:|",
    ]
    worst = [0.0, 0.0, 0.0]
    with tempfile.TemporaryDirectory() as tmp:
        for name, case in sorted(cases.items()):
            data = case.data()
            path = Path(tmp) / name
            path.write_bytes(data)
            code, wall, cpu, peak, first = measure(path)
            path.unlink()
            within = code == case.exit_code and cpu < SECONDS and peak < MEGABYTES
            ok = ok and within and not first.startswith(("CLI", "PROBE"))
            worst = [max(worst[0], wall), max(worst[1], cpu), max(worst[2], peak)]
            shown = first.replace("|", "\\|").replace("`", "'")
            if len(shown) > 90:
                shown = shown[:89] + "…"
            flag = "" if within else " **over budget**"
            rows.append(
                f"| `{name}` | {_size(len(data))} | {code} | {shown} | {wall * 1000:.0f} | "
                f"{cpu * 1000:.0f}{flag} | {peak:.1f} |"
            )
    head = (
        f"Measured with `python benchmarks/adversarial_table.py` (Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs, on a shared machine: wall times vary with its load). Each input in "
        "a process of its own: time and CPU time of reading, checking and reporting the file (JSON); "
        "peak memory above that of the process once winwin and the playbook are loaded. Every input "
        f"was also run as `python -m winwin_cli check FILE` to confirm its exit code. Worst: "
        f"{worst[0] * 1000:.0f} ms, {worst[1] * 1000:.0f} ms of CPU, {worst[2]:.1f} MB.\n\n"
    )
    return head + "\n".join(rows) + "\n", ok


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.0f} KiB"
    return f"{n} B"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help=f"rewrite the table in {DOC}")
    args = parser.parse_args()
    text, ok = table()
    if args.update:
        doc = DOC.read_text(encoding="utf-8")
        start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
        DOC.write_text(doc[:start] + "\n" + text + doc[end:], encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

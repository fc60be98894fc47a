"""The adversarial corpus: hostile deal files, each named for what it tests, with its expected error.

Small inputs are files in `cases/`; inputs too large to keep in the repository are generated
(`GENERATED`). `EXPECTED.tsv` is the sidecar that gives, for every input, the exit code, the
`line:column` of the first error and a fragment of its message. Used by the tests in this
directory and by `benchmarks/adversarial_table.py`, which measures every input in a process of
its own.

Regenerate the sidecar after a deliberate change of messages with
`WINWIN_UPDATE_ADVERSARIAL=1 python -m pytest tests/adversarial`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
EXPECTED = HERE / "EXPECTED.tsv"

_DEAL = b"winwin: 1\ndeal:\n  id: X-1\n  counterparty: Acme\n"
MIB = 1024 * 1024

GENERATED: dict[str, Callable[[], bytes]] = {
    "file-size-over-1mib.yaml": lambda: b"winwin: 1\n" + b"# padding\n" * (MIB // 10 + 1),
    "file-size-10mib.yaml": lambda: _DEAL + b"  title: " + b"a" * (10 * MIB) + b"\n",
    "flow-brackets-100k.yaml": lambda: b"[" * 100_000,
    "flow-brackets-1m-in-mapping.yaml": lambda: b"winwin: [" + b"[" * (MIB - 20),
    "flow-mapping-nesting-50k.yaml": lambda: b"winwin: 1\nx: " + b"{a: " * 50_000,
    "block-indentation-1400.yaml": lambda: (
        b"winwin: 1\nx:\n" + b"".join(b" " * i + b"k:\n" for i in range(1, 1400))
    ),
    "dash-sequence-100k.yaml": lambda: b"winwin: 1\nx:\n" + b"- " * 100_000 + b"a\n",
    "flow-sequence-100k-items.yaml": lambda: b"winwin: 1\nx: [" + b"1," * 100_000 + b"]\n",
    "many-keys-30k.yaml": lambda: b"winwin: 1\n" + b"".join(b"k%d: 1\n" % i for i in range(30_000)),
    "many-unknown-keys-2k.yaml": lambda: _DEAL + b"".join(b"unknown_%d: 1\n" % i for i in range(2_000)),
    "number-digits-500k.yaml": lambda: _DEAL + b"pricing:\n  list_annual: " + b"9" * 500_000 + b"\n",
    "number-digits-9000.yaml": lambda: _DEAL + b"pricing:\n  list_annual: " + b"9" * 9_000 + b"\n",
    "concessions-3k.yaml": lambda: (
        _DEAL
        + b"concessions:\n"
        + b"".join(b"  - {id: c%d, what: w, given_by: vendor, value_annual: 1}\n" % i for i in range(3_000))
    ),
    "block-sequence-1mib.yaml": lambda: b"winwin: 1\nx:\n" + b"  - 1\n" * 170_000,
    "block-sequence-of-mappings-1mib.yaml": lambda: b"winwin: 1\nx:\n" + b"  - a: 1\n" * 110_000,
    "flow-sequence-1mib-one-line.yaml": lambda: b"winwin: 1\nx: [" + b"1," * 500_000 + b"]\n",
    "blank-lines-1m.yaml": lambda: b"winwin: 1\n" + b"\n" * 1_000_000,
    "long-line-no-newline.yaml": lambda: _DEAL + b"  title: " + b"x " * 400_000,
}


@dataclass(frozen=True)
class Case:
    name: str
    exit_code: int
    line: int
    column: int
    message: str  # a fragment of the first error's message

    def data(self) -> bytes:
        made = GENERATED.get(self.name)
        return made() if made is not None else (CASES / self.name).read_bytes()


def names() -> list[str]:
    return sorted([p.name for p in CASES.iterdir() if p.is_file()] + list(GENERATED))


def load_expected() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, code, where, message = line.split("\t")
        row, column = where.split(":")
        cases[name] = Case(name, int(code), int(row), int(column), message)
    return cases


def write_expected(cases: list[Case]) -> None:
    lines = ["# name\texit code\tline:column of the first error\ta fragment of its message"]
    lines += [f"{c.name}\t{c.exit_code}\t{c.line}:{c.column}\t{c.message}" for c in cases]
    EXPECTED.write_text("\n".join(lines) + "\n", encoding="utf-8")

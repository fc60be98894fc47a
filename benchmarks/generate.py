"""Generate varied, valid deal files for benchmarks: `python benchmarks/generate.py DIR -n 10000`.

The deals follow the shapes of `examples/` (every section written out, about 2 KB each) with
values drawn so that over a few hundred files every rule of the default playbook both fires and
stays silent, and the rules that can be reciprocated are seen both ways. The same seed gives
the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

COMPANIES = (
    "Acme Corp",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Stark Industries",
    "Wayne Enterprises",
    "Oscorp Industries",
    "Cyberdyne Systems",
    "Tyrell Corporation",
    "Soylent",
    "Vandelay Industries",
    "Dunder Mifflin",
    "Nakatomi Trading",
    "Pied Piper",
    "Wonka Industries",
    "Gringotts",
    "Virtucon",
    "Massive Dynamic",
    "Weyland-Yutani",
)
PEOPLE = (
    "Jane Doe",
    "Priya Nair",
    "Tom Becker",
    "Lena Vogel",
    "Sam Lee",
    "Norma Stacy",
    "Kyle Reese",
    "Sarah Connor",
    "Miles Dyson",
    "Pepper Hogan",
    "Harry Osborn",
    "Ada Wong",
)
GOALS = (
    "Move 40% of workloads to the cloud by 2027",
    "Cut manufacturing energy use by 30% by 2030",
    "Predict 80% of fleet failures a week ahead by 2027",
    "Halve customer onboarding time within two years",
    "Open three new regional markets by the end of 2027",
)
WHATS = (
    "Two weeks of on-site support at go-live",
    "Customer co-presents the keynote at our user conference",
    "A dedicated customer success manager, full time",
    "Customer sits on our product roadmap council twice a year",
    "Customer engineers test every beta release and file structured feedback",
    "Quarterly executive business reviews with our product leadership",
)
ROLES = ("sales-manager", "vp-sales", "cro", "cfo", "finance", "legal", "delivery")
RULES = (
    "WW101",
    "WW102",
    "WW103",
    "WW104",
    "WW201",
    "WW202",
    "WW203",
    "WW204",
    "WW205",
    "WW206",
    "WW301",
    "WW302",
    "WW303",
    "WW304",
    "WW401",
    "WW402",
    "WW403",
    "WW404",
    "WW405",
    "WW501",
    "WW502",
    "WW503",
    "WW601",
    "WW602",
    "WW603",
    "WW701",
    "WW801",
)


def _pick(rng: random.Random, common: object, *others: object, p: float = 0.5) -> object:
    """The common value, or (with probability p) one of the others."""
    return rng.choice(others) if others and rng.random() < p else common


def _yaml(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    return str(value)


def deal(rng: random.Random, n: int) -> str:
    """The text of deal number `n`."""
    company = rng.choice(COMPANIES)
    slug = company.split()[0].upper().replace("-", "")
    stage = _pick(rng, "production", "poc", "pilot", p=0.3)
    relationship = _pick(rng, "customer", "partner", p=0.25)
    term = rng.choice((12, 12, 24, 36, 36, 48))
    discount = rng.choice((0, 5, 10, 12, 15, 18, 22, 25, 28, 33, 38, 45))
    list_annual = rng.randrange(50, 900) * 1000
    lines = [
        f"# Generated deal {n}: {company}, {stage}, {term}-month term, {discount}% discount.",
        "# Values are drawn to exercise every rule of the default playbook across a corpus:",
        "# discounts with and without a long term or full prepay, extended payment terms,",
        "# renewal traps, liability caps raised or removed, SLAs above standard, free custom",
        "# work, exclusivity, proofs of concept without a conversion, gain without risk, and",
        "# declared concessions traded against each other, with approvals and waivers recorded",
        "# for some of them and missing for others.",
        "#",
        f"# expect: whatever the playbook says; this file only measures speed (seed {n}).",
        "winwin: 1",
        "deal:",
        f"  id: {slug}-{2026 + n % 3}-{n:05d}",
        f"  title: {company} platform deal number {n}",
        f"  counterparty: {company}",
        f"  relationship: {relationship}",
        f"  kind: {rng.choice(('new', 'expansion', 'renewal'))}",
        f"  stage: {stage}",
        f"  owner: {rng.choice(PEOPLE).split()[0].lower()}.{n}@example.com",
        f"  currency: {rng.choice(('EUR', 'USD', 'GBP'))}",
        f"  close_date: 2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
    ]
    if rng.random() < 0.6:
        lines.append("  initiatives:")
        for k in range(rng.choice((1, 1, 2))):
            lines += [f"    - id: initiative-{k + 1}", f"      goal: {rng.choice(GOALS)}"]
    lines += [
        "pricing:",
        f"  list_annual: {list_annual}",
        f"  discount_pct: {discount}",
        f"  uplift_pct: {rng.choice((0, 2, 3, 5))}",
        f"  price_lock_months: {rng.choice((12, 24, 36, 48))}",
        "commitment:",
        f"  term_months: {term}",
        f"  minimum_annual: {rng.choice((50000, 120000, 250000, 400000))}",
        f"  prepay: {_pick(rng, 'annual', 'none', 'quarterly', 'full', p=0.4)}",
        "payment:",
        f"  net_days: {rng.choice((30, 30, 45, 60, 90))}",
        "renewal:",
        f"  auto_renew: {_yaml(rng.random() < 0.8)}",
        f"  notice_days: {rng.choice((30, 60, 90))}",
        f"  uplift_cap_pct: {_yaml(rng.choice((5, 7, 7, 9, None)))}",
        "sla:",
        f"  tier: {_pick(rng, 'standard', 'premium', 'none', p=0.3)}",
        f"  uptime_pct: {rng.choice(('99.9', '99.9', '99.95', '99.5'))}",
        f"  credit_cap_pct: {_yaml(rng.choice((10, 10, 15, None)))}",
    ]
    vendor_cap = rng.choice((12, 12, 18, 24, 36, None))
    counter_cap = vendor_cap if rng.random() < 0.6 else rng.choice((12, 24, None))
    uncapped = ["confidentiality", "ip_indemnity"] + (["data_breach"] if rng.random() < 0.2 else [])
    lines += [
        "liability:",
        f"  vendor_cap_months: {_yaml(vendor_cap)}",
        f"  counterparty_cap_months: {_yaml(counter_cap)}",
        f"  uncapped: {_yaml(uncapped)}",
        "termination:",
        f"  for_convenience: {_pick(rng, 'none', 'counterparty', 'vendor', 'both', p=0.3)}",
        f"  fee_pct: {rng.choice((0, 25, 50))}",
        f"  notice_days: {rng.choice((30, 60))}",
        "scope:",
        f"  custom_work_days: {rng.choice((0, 0, 10, 20))}",
        f"  custom_work_billed: {_yaml(rng.random() < 0.6)}",
        f"  acceptance: {_pick(rng, 'objective', 'subjective', 'deemed', p=0.2)}",
        "rights:",
        f"  ip_owner: {_pick(rng, 'vendor', 'counterparty', 'joint', p=0.2)}",
        f"  exclusivity: {_pick(rng, 'none', 'to_counterparty', 'to_vendor', 'mutual', p=0.25)}",
        f"  most_favored_nation: {_yaml(rng.random() < 0.1)}",
        f"  reference_customer: {_yaml(rng.random() < 0.4)}",
        f"  case_study: {_yaml(rng.random() < 0.3)}",
    ]
    if relationship == "partner" or rng.random() < 0.1:
        gain = rng.choice((20, 30, 40, 50))
        risk = rng.choice((gain, gain - 20 if gain >= 20 else gain, 10))
        lines += [
            "sharing:",
            f"  gain_share_pct: {{counterparty: {gain}, vendor: {100 - gain}}}",
            f"  risk_share_pct: {{counterparty: {risk}, vendor: {100 - risk}}}",
        ]
    if stage != "production":
        lines += [
            "poc:",
            f"  duration_days: {rng.choice((30, 60, 90))}",
            f"  fee: {rng.choice((0, 0, 15000))}",
        ]
        if rng.random() < 0.7:
            lines.append('  success_criteria: ["p95 latency under 200 ms on the top 5 workloads"]')
        if rng.random() < 0.7:
            lines.append(f"  converts_to: {'pilot' if stage == 'poc' else 'production'}")
    if rng.random() < 0.35:
        lines.append("concessions:")
        count = rng.choice((1, 2, 3))
        for k in range(count):
            given_by = "vendor" if k % 2 == 0 else "counterparty"
            lines += [
                f"  - id: item-{k + 1}",
                f"    what: {rng.choice(WHATS)}",
                f"    given_by: {given_by}",
                f"    value_annual: {rng.randrange(5, 60) * 1000}",
            ]
            if given_by == "vendor" and k + 1 < count:
                lines.append(f"    in_exchange_for: [item-{k + 2}]")
    approvals = rng.sample(ROLES, rng.choice((0, 1, 2, 3)))
    if approvals:
        lines.append("approvals:")
        for role in approvals:
            lines += [
                f"  - role: {role}",
                f"    name: {rng.choice(PEOPLE)}",
                f"    date: 2026-11-{rng.randrange(1, 23):02d}",
            ]
    if rng.random() < 0.25:
        lines.append("waivers:")
        for rule in rng.sample(RULES, rng.choice((1, 2))):
            lines += [
                f"  - rule: {rule}",
                "    reason: Strategic account; agreed with the deal desk for this quarter only",
                f"    approved_by: {rng.choice(('cfo', 'cro', 'vp-sales'))}",
                f"    expires: {rng.choice(('2026-06-30', '2027-03-31'))}",
            ]
    return "\n".join(lines) + "\n"


def generate(directory: Path, count: int, seed: int = 7) -> list[Path]:
    """Write `count` deals into `directory` (created if needed); their paths, sorted."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = directory / f"deal-{n:05d}.yaml"
        path.write_text(deal(rng, n), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("directory", type=Path)
    parser.add_argument("-n", "--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    paths = generate(args.directory, args.count, args.seed)
    size = sum(p.stat().st_size for p in paths)
    sys.stdout.write(f"{len(paths)} deals, {size / max(len(paths), 1):.0f} bytes each on average\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

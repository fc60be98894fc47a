"""Files that `winwin init` writes: a starter deal, and a repository's config, CI workflow and hooks."""

from __future__ import annotations

import re

STARTER_DEAL = """\
# A winwin deal file (format 1). Keys you leave out take the playbook's standard position;
# `winwin explain RULE` tells what each rule checks. Editors validate this file against the
# schema that `winwin schema` prints.
winwin: 1
deal:
  id: {id}
  title: {title}
  counterparty: {counterparty}
  relationship: customer         # customer | partner
  kind: new                      # new | expansion | renewal
  stage: production              # poc | pilot | production
  owner: you@example.com
  currency: EUR
  initiatives:                   # the counterparty's strategic goals this deal serves
    - id: growth
      goal: Describe the customer's goal this deal serves
pricing:
  list_annual: 100000            # list price per year, before discount
  discount_pct: 10               # above 10 is a concession: trade it for a longer term
commitment:
  term_months: 12
  prepay: annual                 # none | quarterly | annual | full
payment:
  net_days: 30
approvals: []                    # e.g. - {{role: vp-sales, name: Sam Lee, date: 2026-11-20}}
"""

CONFIG = """\
# winwin configuration: https://example.invalid/winwin/docs/configuration.md
# (see docs/configuration.md in winwin's repository). Flags override these values.

# playbook: playbook/              # a playbook file or directory; default: the built-in one
# select: [WW1, WW2]               # only these rules (ids, id prefixes or slugs)
ignore: []                         # leave these rules out
# thresholds:                      # override the playbook's named thresholds
#   discount_standard_pct: 12
format: auto                       # auto picks github annotations in GitHub Actions, else rich
fail_on: [win-lose, lose-win]      # classes that fail the check (missing approvals always do)
waivers:
  file: .winwin-waivers.yaml       # central waivers: {{rule, deals/paths, reason, approved_by, expires}}
  max_days: 180                    # a waiver may not expire further ahead than this
  inline: true                     # false: ignore waivers written in deal files
# overrides:                       # per-path settings, globs relative to this file
#   - paths: ["deals/partners/**"]
#     ignore: [WW103]
"""

WAIVERS = """\
# Central waivers: each accepts a rule's finding for the deals named, until it expires.
waivers: []
#  - rule: WW101
#    deals: [ACME-2026-014]          # deal ids, and/or
#    paths: ["deals/strategic/**"]   # path globs relative to this file
#    reason: Strategic logo; discount tied to the customer's cloud initiative
#    approved_by: cfo
#    expires: 2027-03-31
"""

WORKFLOW = """\
name: winwin
on:
  pull_request:
    paths: ["{deals}/**"]
  push:
    branches: [main]
    paths: ["{deals}/**"]
permissions:
  contents: read
  security-events: write   # upload-sarif
jobs:
  winwin:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: python -m pip install winwin-cli
      - name: Check deals
        # Annotations in the log, SARIF for code scanning and the job summary, in one run.
        run: winwin check {deals} --format github --emit sarif:winwin.sarif --step-summary
      - uses: github/codeql-action/upload-sarif@v3
        if: ${{{{ always() && hashFiles('winwin.sarif') != '' }}}}
        with:
          sarif_file: winwin.sarif
          category: winwin
"""

PRE_COMMIT = """\
repos:
  - repo: local
    hooks:
      - id: winwin
        name: winwin
        entry: winwin check --skip-non-deals
        language: system
        types: [yaml]
        files: ^{deals}/
"""


def _yaml_text(value: str) -> str:
    """A value for the starter deal: plain when it reads back as the same text, else quoted."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 ._-]*", value) and value.strip() == value:
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def starter_deal(deal_id: str, counterparty: str) -> str:
    return STARTER_DEAL.format(
        id=_yaml_text(deal_id),
        counterparty=_yaml_text(counterparty),
        title=_yaml_text(f"{counterparty} platform subscription"),
    )


def repo_files(deals: str) -> dict[str, str]:
    """Path (relative to the repository) to content, for `winwin init --repo`."""
    return {
        ".winwin.yaml": CONFIG.format(),
        ".winwin-waivers.yaml": WAIVERS,
        ".github/workflows/winwin.yml": WORKFLOW.format(deals=deals),
        ".pre-commit-config.yaml": PRE_COMMIT.format(deals=deals),
    }

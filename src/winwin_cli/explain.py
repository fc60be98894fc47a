"""Rule documentation from the playbook itself: `winwin rules` and `winwin explain RULE`.

Everything shown is read from the playbook in force (after the configuration's overrides), so
the thresholds and approver bands printed are the ones a check would apply. A rule's examples
(`examples: {pass: ..., fail: ...}` in its YAML, deal sections over the standard) are checked
live and shown with the verdict they get.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import FatalError

if TYPE_CHECKING:
    from .playbook import Band, Playbook, Rule
    from .run import FileResult

_THRESHOLD = re.compile(r"thresholds\.([A-Za-z_][A-Za-z0-9_]*)")
_PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.@ -]*$")
EXAMPLE_ID = "EXAMPLE-1"


def find(playbook: Playbook, name: str) -> Rule:
    """A rule by id (any case) or slug; an unknown name is a `FatalError` with a suggestion."""
    for rule in playbook.rules:
        if name.upper() == rule.id or name == rule.slug:
            return rule
    names = [r.id for r in playbook.rules] + [r.slug for r in playbook.rules]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5) or difflib.get_close_matches(
        name.upper(), names, n=1, cutoff=0.5
    )
    hint = f" (did you mean '{close[0]}'?)" if close else " (`winwin rules` lists them)"
    raise FatalError(f"unknown rule '{name}'{hint}")


def _number(value: Any) -> str:
    from .classify import show

    return show(value)


def band_text(playbook: Playbook, band: Band) -> str:
    if band.above is None:
        return band.role
    above = band.above
    if above.startswith("thresholds."):
        value = playbook.thresholds.get(above[len("thresholds.") :])
        return f"{band.role} > {_number(value)}"
    return f"{band.role} > {above}"


def approvers_text(playbook: Playbook, rule: Rule) -> str:
    return ", ".join(band_text(playbook, b) for b in rule.approvers) or "—"


def severity_text(rule: Rule) -> str:
    if not rule.escalate:
        return rule.severity
    return rule.severity + "".join(f"; {e.severity} when {' '.join(e.when.split())}" for e in rule.escalate)


def thresholds_used(playbook: Playbook, rule: Rule) -> dict[str, Any]:
    texts = [rule.when or "", rule.message, rule.advice, rule.value or "", rule.approval_by or ""]
    texts += [g.when for g in rule.gets] + [e.when for e in rule.escalate]
    texts += [b.above or "" for b in rule.approvers]
    names: list[str] = []
    for text in texts:
        for name in _THRESHOLD.findall(text):
            if name not in names and name in playbook.thresholds:
                names.append(name)
    return {name: playbook.thresholds[name] for name in names}


def fill(template: str, playbook: Playbook) -> str:
    """A rule's text outside any deal: `{thresholds.X}` filled in, other placeholders kept."""

    def one(match: re.Match[str]) -> str:
        value = playbook.thresholds.get(match.group(1))
        return match.group() if value is None else _number(value)

    return " ".join(re.sub(r"\{thresholds\.([A-Za-z_][A-Za-z0-9_]*)\}", one, template).split())


def rule_row(playbook: Playbook, rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "slug": rule.slug,
        "title": rule.title,
        "severity": rule.severity,
        "gives": rule.gives,
        "unreciprocated": rule.unreciprocated,
        "approvers": [band_text(playbook, b) for b in rule.approvers],
        "enabled": rule.enabled,
    }


# ---------------------------------------------------------------------------------------------
# Examples


def example_data(patch: dict[str, Any]) -> dict[str, Any]:
    deal = {"id": EXAMPLE_ID, "counterparty": "Example Corp", **patch.get("deal", {})}
    return {"winwin": "1", "deal": deal, **{k: v for k, v in patch.items() if k != "deal"}}


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    from .load import Quoted

    if isinstance(value, Quoted) or not _PLAIN.match(text) or text.strip() != text:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def to_yaml(value: Any, indent: int = 0) -> str:
    """Block YAML for a tree of the loader's values (what `winwin explain` and `init` print)."""
    pad = "  " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                lines.append(to_yaml(item, indent + 1).rstrip("\n"))
            elif isinstance(item, (dict, list)):
                lines.append(f"{pad}{key}: {'{}' if isinstance(item, dict) else '[]'}")
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    else:
        for item in value:
            if isinstance(item, dict) and item:
                body = to_yaml(item, indent + 1).rstrip("\n").split("\n")
                lines.append(f"{pad}- {body[0].lstrip()}")
                lines.extend(body[1:])
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Example:
    kind: str  # pass | fail
    text: str
    result: FileResult

    @property
    def verdict(self) -> str:
        deal = self.result.deal
        return "error" if deal is None else deal.verdict


def examples(playbook: Playbook, rule: Rule, today: dt.date) -> list[Example]:
    from .run import Options, check_text

    if rule.examples is None:
        return []
    options = Options(playbook=playbook, today=today)
    out = []
    for kind, patch in (("pass", rule.examples.passing), ("fail", rule.examples.failing)):
        text = to_yaml(example_data(patch))
        out.append(Example(kind, text, check_text(f"{rule.id}-{kind}.yaml", text.encode(), options)))
    return out


def outcome_lines(rule: Rule, example: Example) -> list[str]:
    """What the check says about an example, the explained rule first."""
    if example.result.deal is None:
        return [e.render() for e in example.result.errors]
    lines = []
    findings = sorted(example.result.deal.findings, key=lambda f: f.rule != rule.id)
    for f in findings:
        state = "fails" if f.fails else "passes"
        extra = f"; missing approval {', '.join(f.approvals_missing)}" if f.approvals_missing else ""
        got = f" (reciprocated by {f.reciprocated_by})" if f.reciprocated_by else ""
        lines.append(f"{f.rule} {f.klass}{got}{extra}: {state}")
    if not any(f.rule == rule.id for f in findings):
        lines.insert(0, f"{rule.id} does not fire")
    lines.append(f"verdict: {example.verdict}")
    return lines


def explanation(playbook: Playbook, rule: Rule, today: dt.date) -> dict[str, Any]:
    """Everything `winwin explain` shows, as data (also its `--format json`)."""
    return {
        **rule_row(playbook, rule),
        "playbook": playbook.ref,
        "description": " ".join(rule.description.split()),
        "rationale": " ".join(rule.rationale.split()),
        "term": rule.term,
        "condition": " ".join((rule.when or "").split()) or None,
        "after": list(rule.after),
        "each": rule.each,
        "gets": [{"title": g.title, "when": " ".join(g.when.split())} for g in rule.gets],
        "severity_detail": severity_text(rule),
        "approval_by": rule.approval_by,
        "thresholds": {k: _plain(v) for k, v in thresholds_used(playbook, rule).items()},
        "advice": fill(rule.advice, playbook),
        "examples": [
            {"kind": e.kind, "deal": e.text, "verdict": e.verdict, "outcome": outcome_lines(rule, e)}
            for e in examples(playbook, rule, today)
        ],
    }


def _plain(value: Any) -> Any:
    from .facts import plain

    return plain(value)

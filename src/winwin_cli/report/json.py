"""`--format json`: one document, keys as documented in docs/formats.md (JSON, format "1")."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from json.encoder import encode_basestring_ascii as _s
from typing import Any

from ..classify import DealResult, Finding, LedgerEntry
from ..run import FileError, FileResult, Summary
from .common import number

FORMAT_VERSION = "1"


def finding_json(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "slug": f.slug,
        "title": f.title,
        "class": f.klass,
        "severity": f.severity,
        "gives": f.gives,
        "term": f.term,
        "concession": f.item,
        "line": f.line,
        "column": f.column,
        "message": f.message,
        "advice": f.advice,
        "reciprocated_by": f.reciprocated_by,
        "approvals_required": list(f.approvals_required),
        "approvals_missing": list(f.approvals_missing),
        "waived": f.waived,
        "fails": f.fails,
        "value": number(f.value),
    }


def deal_json(d: DealResult) -> dict[str, Any]:
    return {
        "file": d.file,
        "id": d.id,
        "title": d.title,
        "counterparty": d.counterparty,
        "relationship": d.relationship,
        "kind": d.kind,
        "stage": d.stage,
        "owner": d.owner,
        "currency": d.currency,
        "playbook": d.playbook,
        "net_annual": number(d.net_annual),
        "term_months": d.term_months,
        "total_contract_value": number(d.tcv),
        "verdict": d.verdict,
        "findings": [finding_json(f) for f in d.findings],
        "approvals_recorded": list(d.approvals),
        "waivers": [
            {
                "rule": w.rule,
                "reason": w.reason,
                "approved_by": w.approved_by,
                "expires": w.expires.isoformat(),
                "status": w.status,
                "line": w.line,
                "column": w.column,
                "source": w.source,
            }
            for w in d.waivers
        ],
        "ledger": {
            side: {
                "gave": [
                    {
                        "term": e.term,
                        "title": e.title,
                        "rules": list(e.rules),
                        "value": number(e.value),
                        "reciprocated": e.reciprocated,
                    }
                    for e in entries
                ],
                "gave_value": number(d.ledger.total(side)),
            }
            for side, entries in d.ledger.gave.items()
        },
    }


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def error_json(error: FileError) -> dict[str, Any]:
    """A file's error as the `errors` array holds it (check and diff alike)."""
    entry: dict[str, Any] = {
        "file": error.file,
        "line": error.line,
        "column": error.column,
        "message": error.message,
    }
    if error.internal:
        entry["internal"] = True
    return entry


# The text `dumps(deal_json(d))` gives, written directly: the deals are nearly all of a report,
# and building their dicts only for the encoder to walk them again cost as much as the encoding.
# tests/report/test_json.py holds the two equal.


def _text(value: str | None) -> str:
    return "null" if value is None else _s(value)


def _texts(values: tuple[str, ...] | list[str]) -> str:
    if not values:
        return "[]"
    return "[" + ",".join([_repeated(v) for v in values]) + "]"


def _money_text(value: Decimal | None) -> str:
    if value is None:
        return "null"
    text = str(value)
    if text.endswith(".00") and text != "-0.00":  # a whole amount in cents, as figures are
        return text[:-3]
    if value == value.to_integral_value():
        return int.__repr__(int(value))
    as_float = float(value)
    return float.__repr__(as_float) if math.isfinite(as_float) else dumps(as_float)


def _flag(value: bool) -> str:
    return "true" if value else "false"


# Texts that repeat from finding to finding and deal to deal, encoded once: a finding's parts
# but its place, message and value (by the fields they show), a ledger entry's opening (by its
# term, title and rules), advice. Bounded, as hostile rule packs are.
_PARTS: dict[tuple[Any, ...], tuple[str, str]] = {}
_OPENINGS: dict[tuple[str, str, tuple[str, ...]], str] = {}
_REPEATED: dict[str, str] = {}
_CACHED = 4096


def _repeated(value: str) -> str:
    text = _REPEATED.get(value)
    if text is None:
        text = _s(value)
        if len(_REPEATED) < _CACHED:
            _REPEATED[value] = text
    return text


def _parts(key: tuple[Any, ...]) -> tuple[str, str]:
    rule, slug, title, klass, severity, gives, advice, by, required, missing, waived, fails = key
    parts = (
        f'{{"rule":{_s(rule)},"slug":{_s(slug)},"title":{_s(title)},"class":{_s(klass)},'
        f'"severity":{_s(severity)},"gives":{_s(gives)},"term":',
        f'"advice":{_repeated(advice)},"reciprocated_by":{_text(by)},'
        f'"approvals_required":{_texts(required)},"approvals_missing":{_texts(missing)},'
        f'"waived":{_flag(waived)},"fails":{_flag(fails)},"value":',
    )
    if len(_PARTS) < _CACHED:
        _PARTS[key] = parts
    return parts


def finding_text(f: Finding) -> str:
    key = f[:6] + f[11:17]  # the fields but term, place, message and value: the ones that repeat
    parts = _PARTS.get(key)
    if parts is None:
        parts = _parts(key)
    term, item, line, column, message = f[6:11]
    return (
        f'{parts[0]}{_s(term)},"concession":{"null" if item is None else _s(item)},'
        f'"line":{int.__repr__(line)},"column":{int.__repr__(column)},"message":{_s(message)},'
        f"{parts[1]}{_money_text(f.value)}}}"
    )


def _side_text(side: str, entries: tuple[LedgerEntry, ...]) -> str:
    """A side of the ledger, with `Ledger.total` summed on the way (the same additions in order)."""
    if not entries:
        return f'{_repeated(side)}:{{"gave":[],"gave_value":0}}'
    total = None
    gave = []
    for term, title, rules, value, reciprocated in entries:
        opening = _OPENINGS.get((term, title, rules))
        if opening is None:
            opening = f'{{"term":{_s(term)},"title":{_s(title)},"rules":{_texts(rules)},"value":'
            if len(_OPENINGS) < _CACHED:
                _OPENINGS[term, title, rules] = opening
        flag = "true" if reciprocated else "false"
        if value is None:
            gave.append(f'{opening}null,"reciprocated":{flag}}}')
        else:
            total = Decimal(0) + value if total is None else total + value
            gave.append(f'{opening}{_money_text(value)},"reciprocated":{flag}}}')
    worth = "0" if total is None else _money_text(total)  # nothing valued: the sum's start, 0
    return f'{_repeated(side)}:{{"gave":[{",".join(gave)}],"gave_value":{worth}}}'


def deal_text(d: DealResult) -> str:
    """`dumps(deal_json(d))`, without building the dicts."""
    waivers = ",".join(
        [
            f'{{"rule":{_s(w.rule)},"reason":{_s(w.reason)},"approved_by":{_s(w.approved_by)},'
            f'"expires":{_s(w.expires.isoformat())},"status":{_s(w.status)},'
            f'"line":{int.__repr__(w.line)},"column":{int.__repr__(w.column)},"source":{_text(w.source)}}}'
            for w in d.waivers
        ]
    )
    sides = ",".join([_side_text(side, entries) for side, entries in d.ledger.gave.items()])
    findings = ",".join([finding_text(f) for f in d.findings])
    return (
        f'{{"file":{_s(d.file)},"id":{_s(d.id)},"title":{_text(d.title)},'
        f'"counterparty":{_s(d.counterparty)},"relationship":{_s(d.relationship)},"kind":{_s(d.kind)},'
        f'"stage":{_s(d.stage)},"owner":{_text(d.owner)},"currency":{_text(d.currency)},'
        f'"playbook":{_repeated(d.playbook)},"net_annual":{_money_text(d.net_annual)},'
        f'"term_months":{int.__repr__(d.term_months)},"total_contract_value":{_money_text(d.tcv)},'
        f'"verdict":{_s(d.verdict)},"findings":[{findings}],"approvals_recorded":{_texts(d.approvals)},'
        f'"waivers":[{waivers}],"ledger":{{{sides}}}}}'
    )


class JsonReporter:
    """Streams deals as they come; errors and the summary close the document."""

    def __init__(self) -> None:
        self._errors: list[dict[str, Any]] = []
        self._first = True

    def begin(self) -> str:
        return '{"winwin":"' + FORMAT_VERSION + '","deals":['

    def add(self, result: FileResult) -> str:
        if result.deal is None:
            self._errors.extend([error_json(error) for error in result.errors])
            return ""
        return self.add_rendered(result, deal_text(result.deal))

    def prerender(self, deal: DealResult) -> str:
        return deal_text(deal)

    def add_rendered(self, result: FileResult, text: str) -> str:
        self._errors.extend([error_json(error) for error in result.errors])
        text = text if self._first else "," + text
        self._first = False
        return text

    def end(self, summary: Summary) -> str:
        tail = {
            "summary": {
                "files": summary.files,
                "deals": summary.deals,
                "errors": summary.errors,
                "findings": summary.findings,
                "failing": summary.failing,
                "by_class": dict(summary.by_class),
                "exit_code": summary.exit_code,
            }
        }
        if summary.waivers is not None:
            from ..waivers import tally_json

            tail["waivers"] = tally_json(summary.waivers)
        return '],"errors":' + dumps(self._errors) + "," + dumps(tail)[1:] + "\n"

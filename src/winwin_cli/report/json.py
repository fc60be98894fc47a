"""`--format json`: one document, keys as documented in docs/json-format.md (format "1")."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ..classify import DealResult, Finding
from ..run import FileResult, Summary

FORMAT_VERSION = "1"


def _money(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


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
        "value": _money(f.value),
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
        "net_annual": _money(d.net_annual),
        "term_months": d.term_months,
        "total_contract_value": _money(d.tcv),
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
                        "value": _money(e.value),
                        "reciprocated": e.reciprocated,
                    }
                    for e in entries
                ],
                "gave_value": _money(d.ledger.total(side)),
            }
            for side, entries in d.ledger.gave.items()
        },
    }


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


class JsonReporter:
    """Streams deals as they come; errors and the summary close the document."""

    def __init__(self) -> None:
        self._errors: list[dict[str, Any]] = []
        self._first = True

    def begin(self) -> str:
        return '{"winwin":"' + FORMAT_VERSION + '","deals":['

    def add(self, result: FileResult) -> str:
        for error in result.errors:
            entry: dict[str, Any] = {
                "file": error.file,
                "line": error.line,
                "column": error.column,
                "message": error.message,
            }
            if error.internal:
                entry["internal"] = True
            self._errors.append(entry)
        if result.deal is None:
            return ""
        text = ("" if self._first else ",") + dumps(deal_json(result.deal))
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

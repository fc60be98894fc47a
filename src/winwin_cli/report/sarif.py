"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Plain dictionaries, checked against the OASIS schema in the tests: the object model libraries
on PyPI are either unmaintained or heavier than the few objects written here.

One run; `tool.driver.rules` lists every enabled rule of the playbook plus WW000 for files that
could not be checked. Result levels say what a finding does to the run (error: it fails;
warning: lopsided but not in --fail-on; note: reciprocated or waived), the rule's
defaultConfiguration.level carries its severity. Waived findings carry an accepted suppression.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import __version__
from .common import (
    WAIVER_LEVEL,
    ReportOptions,
    applied_waiver,
    finding_anchor,
    finding_text,
    fingerprint,
    help_uri,
    level,
    number,
    relative_path,
    rule_text,
    safe,
    waiver_file,
    waiver_text,
)

if TYPE_CHECKING:
    from ..classify import DealResult, Finding
    from ..playbook import Playbook, Rule
    from ..run import FileError, FileResult, Summary

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "winwin/v1"
INVALID_FILE_RULE = "WW000"
SEVERITY_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _text(text: str) -> dict[str, str]:
    return {"text": text}


def _invalid_file_rule() -> dict[str, Any]:
    return {
        "id": INVALID_FILE_RULE,
        "name": "invalid-deal-file",
        "shortDescription": _text("Deal file that cannot be read or validated"),
        "fullDescription": _text(
            "The file is not a valid deal file (format version 1): it could not be read, is not "
            "plain YAML, or a field is missing, unknown or of the wrong type. It was not checked "
            "against the playbook."
        ),
        "help": {
            "text": "Fix the problem at the location shown, then run winwin again.",
            "markdown": "Fix the problem at the location shown, then run `winwin check` again.",
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["winwin", "deal-file"]},
    }


def _approvers(rule: Rule, playbook: Playbook) -> list[str]:
    from ..classify import show

    roles = []
    for band in rule.approvers:
        above = band.above
        if above is not None and above.startswith("thresholds."):
            value = playbook.thresholds.get(above.removeprefix("thresholds."))
            above = above if value is None else show(value)
        roles.append(band.role if above is None else f"{band.role} (above {above})")
    return roles


def rule_descriptor(rule: Rule, playbook: Playbook, uri_template: str | None) -> dict[str, Any]:
    rationale = " ".join(rule.rationale.split())
    advice = rule_text(rule.advice, playbook)
    gets = [g.title for g in rule.gets]
    approvers = _approvers(rule, playbook)
    text = [rationale, f"Advice: {advice}"]
    markdown = [f"**Why it matters.** {rationale}", f"**What to do.** {advice}"]
    if gets:
        text.append("Reciprocated by: " + "; ".join(gets) + ".")
        markdown.append("**Reciprocated (win-win) by:**\n\n" + "\n".join(f"- {g}" for g in gets))
    if approvers:
        text.append("Approval by: " + ", ".join(approvers) + ".")
        markdown.append("**Approval by:** " + ", ".join(approvers))
    tags = ["winwin", f"gives-{rule.gives}"]
    properties: dict[str, Any] = {"gives": rule.gives, "severity": rule.severity}
    if rule.unreciprocated in ("win-lose", "lose-win"):
        properties["class"] = rule.unreciprocated
        tags.append(rule.unreciprocated)
    properties["tags"] = tags
    if approvers:
        properties["approvers"] = approvers
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.slug,
        "shortDescription": _text(rule.title),
        "fullDescription": _text(" ".join(rule.description.split())),
        "help": {"text": "\n\n".join(text), "markdown": "\n\n".join(markdown)},
        "defaultConfiguration": {"level": SEVERITY_LEVEL[rule.severity]},
        "properties": properties,
    }
    uri = help_uri(uri_template, rule.id, rule.slug)
    if uri:
        descriptor["helpUri"] = uri
    return descriptor


class SarifReporter:
    """Collects results and writes the whole log at the end (rules need to be known up front)."""

    def __init__(self, options: ReportOptions | None = None) -> None:
        self._options = options or ReportOptions()
        self._rules: list[dict[str, Any]] = []
        self._index: dict[str, int] = {}
        self._results: list[dict[str, Any]] = []
        self._notifications: list[dict[str, Any]] = []
        playbook = self._options.playbook
        if playbook is not None:
            for rule in sorted(playbook.rules, key=lambda r: r.id):
                if rule.enabled:
                    self._add_rule(rule_descriptor(rule, playbook, self._options.help_uri))
        self._add_rule(_invalid_file_rule())

    def _add_rule(self, descriptor: dict[str, Any]) -> int:
        self._index[descriptor["id"]] = len(self._rules)
        self._rules.append(descriptor)
        return len(self._rules) - 1

    def _rule_index(self, finding: Finding) -> int:
        index = self._index.get(finding.rule)
        if index is None:  # a rule of a pinned playbook that the loaded one does not have
            index = self._add_rule(
                {
                    "id": finding.rule,
                    "name": finding.slug,
                    "shortDescription": _text(finding.title),
                    "properties": {"gives": finding.gives, "severity": finding.severity},
                }
            )
        return index

    def _location(self, file: str, line: int, column: int) -> tuple[dict[str, Any], str]:
        rel = relative_path(file, self._options.root)
        if rel is not None:
            artifact = {"uri": quote(rel, safe="/"), "uriBaseId": SRCROOT}
            key = rel
        else:
            artifact = {"uri": quote(file.replace("\\", "/"), safe="/:")}
            key = file
        location = {
            "physicalLocation": {
                "artifactLocation": artifact,
                "region": {"startLine": max(line, 1), "startColumn": max(column, 1)},
            }
        }
        return location, key

    def begin(self) -> str:
        return ""

    def add(self, result: FileResult) -> str:
        for error in result.errors:
            self._error(error)
        if result.deal is not None:
            for finding in result.deal.findings:
                self._results.append(self._finding(finding, result.deal))
            for waiver in result.deal.waivers:
                if waiver.status in WAIVER_LEVEL:
                    where = waiver_file(waiver, result.deal)
                    location, _ = self._location(where, waiver.line, waiver.column)
                    self._notifications.append(
                        {
                            "level": WAIVER_LEVEL[waiver.status],
                            "message": _text(waiver_text(waiver)),
                            "locations": [location],
                            "properties": {"deal": safe(result.deal.id), "waiver": waiver.status},
                        }
                    )
        return ""

    def _finding(self, finding: Finding, deal: DealResult) -> dict[str, Any]:
        location, key = self._location(deal.file, finding.line, finding.column)
        location["logicalLocations"] = [
            {
                "name": safe(finding_anchor(finding)),
                "fullyQualifiedName": safe(f"{deal.id}/{finding_anchor(finding)}"),
            }
        ]
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": self._rule_index(finding),
            "level": level(finding),
            "message": _text(f"{finding.klass} ({finding.severity}): {finding_text(finding, deal)}"),
            "locations": [location],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding.rule, key, finding_anchor(finding))},
            "properties": {
                "deal": safe(deal.id),
                "term": finding.term,
                "class": finding.klass,
                "severity": finding.severity,
                "gives": finding.gives,
                "fails": finding.fails,
                "waived": finding.waived,
                "reciprocatedBy": finding.reciprocated_by,
                "approvalsRequired": list(finding.approvals_required),
                "approvalsMissing": list(finding.approvals_missing),
                "approvalsRecorded": [
                    r for r in finding.approvals_required if r not in finding.approvals_missing
                ],
                "value": number(finding.value),
            },
        }
        if finding.item is not None:
            result["properties"]["concession"] = safe(finding.item)
        waiver = applied_waiver(deal, finding)
        if waiver is not None:
            result["suppressions"] = [
                {
                    "kind": "inSource" if waiver.source is None else "external",
                    "status": "accepted",
                    "justification": safe(
                        f"{waiver.reason.strip()} (approved by {waiver.approved_by}, "
                        f"expires {waiver.expires.isoformat()})"
                    ),
                }
            ]
        return result

    def _error(self, error: FileError) -> None:
        location, key = self._location(error.file, error.line, error.column)
        message = _text(safe(error.message))
        if error.internal:
            # A bug in winwin, not a problem in the deal: a tool notification, not an alert.
            self._notifications.append(
                {
                    "level": "error",
                    "message": message,
                    "locations": [location],
                    "descriptor": {"id": "internal-error"},
                }
            )
            return
        self._results.append(
            {
                "ruleId": INVALID_FILE_RULE,
                "ruleIndex": self._index[INVALID_FILE_RULE],
                "level": "error",
                "message": message,
                "locations": [location],
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint(INVALID_FILE_RULE, key, error.message)},
            }
        )

    def end(self, summary: Summary) -> str:
        driver: dict[str, Any] = {
            "name": "winwin",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": self._rules,
        }
        invocation: dict[str, Any] = {
            "executionSuccessful": not any(n["level"] == "error" for n in self._notifications),
            "exitCode": summary.exit_code,
        }
        if self._notifications:
            invocation["toolExecutionNotifications"] = self._notifications
        run: dict[str, Any] = {
            "tool": {"driver": driver},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": self._results,
            "properties": {
                "files": summary.files,
                "deals": summary.deals,
                "errors": summary.errors,
                "findings": summary.findings,
                "failing": summary.failing,
                "byClass": dict(summary.by_class),
            },
        }
        playbook = self._options.playbook
        if playbook is not None:
            run["properties"]["playbook"] = playbook.ref
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        return json.dumps(log, indent=2, ensure_ascii=True) + "\n"

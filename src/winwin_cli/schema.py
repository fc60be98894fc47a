"""The JSON Schema (draft 2020-12) of the deal file, for editors and for check-jsonschema.

It starts from the pydantic models' schema and says what the models enforce but pydantic cannot
see through our validators: numbers are JSON numbers (the models also read them from YAML
text), `null` only where the format allows it, nothing but `winwin` and `deal` (with its id
and counterparty) required, because every other key takes the playbook's standard position.
Descriptions carry the unit and the default playbook's standard position.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .playbook import Playbook

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://winwin.invalid/schema/deal-1.json"

# The only keys where an explicit null is allowed (SPEC §2), by model and field.
NULLABLE = {
    ("Renewal", "uplift_cap_pct"),
    ("Sla", "credit_cap_pct"),
    ("Liability", "vendor_cap_months"),
    ("Liability", "counterparty_cap_months"),
    ("Poc", "converts_to"),
    ("Pricing", "list_annual"),
    ("Commitment", "minimum_annual"),
    ("Concession", "value_annual"),
}
# Sections whose keys take the standard position when left out: nothing in them is required.
STANDARD_SECTIONS = {
    "Pricing",
    "Commitment",
    "Payment",
    "Renewal",
    "Sla",
    "Liability",
    "Termination",
    "Scope",
    "Rights",
    "Poc",
}
SECTION_OF = {
    "DealInfo": "deal",
    "Pricing": "pricing",
    "Commitment": "commitment",
    "Payment": "payment",
    "Renewal": "renewal",
    "Sla": "sla",
    "Liability": "liability",
    "Termination": "termination",
    "Scope": "scope",
    "Rights": "rights",
    "Poc": "poc",
}

DESCRIPTIONS: dict[str, str] = {
    "winwin": "Format version of the deal file; this winwin reads format 1.",
    "playbook": "Pin the playbook that judges this deal, as NAME@VERSION (e.g. default@1).",
    "deal": "Who and what: id and counterparty are required.",
    "pricing": "List price, discount and price protection.",
    "commitment": "Term, committed spend and prepayment.",
    "payment": "Payment terms.",
    "renewal": "Automatic renewal, its notice and uplift cap.",
    "sla": "Service level: tier, uptime and service-credit cap.",
    "liability": "Liability caps, in months of fees (null: uncapped).",
    "termination": "Termination for convenience.",
    "scope": "Custom work and acceptance.",
    "rights": "Intellectual property, exclusivity, most-favoured-nation and reference rights.",
    "sharing": "Gains and risks shared, mainly with partners; when present both maps are required.",
    "poc": "Proof of concept / pilot terms (stage poc or pilot).",
    "concessions": "Concessions the schema has no field for, each with the side that gives it.",
    "approvals": "Approvals recorded for this deal, by role.",
    "waivers": "Waivers: a rule's finding accepted until an expiry date (never a missing approval).",
    "DealInfo.id": "Deal id, unique within a repository.",
    "DealInfo.counterparty": "The customer or partner.",
    "DealInfo.currency": "ISO 4217 currency code of every money value.",
    "DealInfo.initiatives": "The counterparty's strategic goals this deal serves.",
    "Pricing.list_annual": "List price per year, before discount (money; null: not known).",
    "Pricing.discount_pct": "Discount off the list price, percent.",
    "Pricing.uplift_pct": "Yearly price increase within the term, percent.",
    "Pricing.price_lock_months": "Months the net price cannot rise.",
    "Commitment.term_months": "Contract term in months.",
    "Commitment.minimum_annual": "Committed spend per year (money; null: none).",
    "Payment.net_days": "Days to pay an invoice.",
    "Renewal.notice_days": "Notice the counterparty must give to stop renewal, in days.",
    "Renewal.uplift_cap_pct": "Cap on the price increase at renewal, percent (null: uncapped).",
    "Sla.credit_cap_pct": "Service credits cap, percent of monthly fees (null: uncapped).",
    "Liability.vendor_cap_months": "Vendor's liability cap in months of fees (null: uncapped).",
    "Liability.counterparty_cap_months": "Counterparty's liability cap in months of fees (null: uncapped).",
    "Liability.uncapped": "Claims outside the caps.",
    "Termination.fee_pct": "Percent of remaining committed fees owed on termination for convenience.",
    "Rights.reference_customer": "The counterparty agrees to act as a reference (a get for the vendor).",
    "Split": "Shares in percent; counterparty and vendor sum to 100.",
    "Poc.converts_to": "Agreed next step once the success criteria are met (null: none agreed).",
    "Concession.given_by": "The side that gives it.",
    "Concession.value_annual": "Value per year (money).",
    "Concession.in_exchange_for": "Ids of the other side's concessions that pay for it.",
    "Waiver.expires": "Last day the waiver covers (YYYY-MM-DD).",
}


def _strip_text_branch(node: dict[str, Any]) -> dict[str, Any]:
    """`anyOf: [number, string, null]` (a number also read from YAML text) to `number` (or null)."""
    branches = node.get("anyOf")
    if not isinstance(branches, list):
        return node
    typed = {b.get("type") for b in branches if isinstance(b, dict)}
    if "number" in typed or "integer" in typed:
        branches = [b for b in branches if not (b.get("type") == "string" and len(b) == 1)]
    if len(branches) == 1:
        rest = {k: v for k, v in node.items() if k != "anyOf"}
        return {**branches[0], **rest}
    return {**node, "anyOf": branches}


def _without_null(node: dict[str, Any]) -> dict[str, Any]:
    branches = node.get("anyOf")
    if not isinstance(branches, list):
        return node
    kept = [b for b in branches if b.get("type") != "null"]
    rest = {k: v for k, v in node.items() if k not in ("anyOf", "default")}
    return {**kept[0], **rest} if len(kept) == 1 else {**rest, "anyOf": kept}


_KEYWORDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def _constraint(key: str, value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and key in ("minimum", "maximum"):
        return int(value)
    if isinstance(value, dict):
        return _constraints(value)
    if isinstance(value, list):
        return [_constraints(v) if isinstance(v, dict) else v for v in value]
    return value


def _constraints(node: dict[str, Any]) -> dict[str, Any]:
    """pydantic's `ge`/`le` (from Field constraints behind a validator) as JSON Schema keywords."""
    return {_KEYWORDS.get(k, k): _constraint(_KEYWORDS.get(k, k), v) for k, v in node.items()}


def _standard_text(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def deal_schema(playbook: Playbook | None = None) -> dict[str, Any]:
    """The schema; with a playbook, descriptions name its standard positions."""
    from .models import Deal

    raw = Deal.model_json_schema(mode="validation")
    defs: dict[str, Any] = raw.pop("$defs", {})
    standard = playbook.standard if playbook is not None else {}

    def fix_model(name: str, model: dict[str, Any]) -> dict[str, Any]:
        model.pop("title", None)
        properties = {}
        for field, original in model.get("properties", {}).items():
            original.pop("title", None)
            node = _strip_text_branch(original)
            if (name, field) not in NULLABLE:
                node = _without_null(node)
            node.pop("default", None)
            node = _constraints(node)
            description = DESCRIPTIONS.get(f"{name}.{field}") or (
                DESCRIPTIONS.get(field) if name == "Deal" else None
            )
            section = SECTION_OF.get(name)
            if playbook is not None and section is not None and field in standard.get(section, {}):
                position = f"Standard: {_standard_text(playbook.standard_value(f'{section}.{field}'))}."
                description = f"{description.rstrip('.')}. {position}" if description else position
            if description:
                node["description"] = description
            properties[field] = node
        model["properties"] = properties
        model["additionalProperties"] = False
        if name in STANDARD_SECTIONS:
            model.pop("required", None)
        elif name == "DealInfo":
            model["required"] = ["id", "counterparty"]
        elif name == "Deal":
            model["required"] = ["winwin", "deal"]
        if name in DESCRIPTIONS:
            model["description"] = DESCRIPTIONS[name]
        return model

    for name, model in defs.items():
        fix_model(name, model)
    top = fix_model("Deal", raw)
    props = top["properties"]
    props["winwin"] = {"const": 1, "description": DESCRIPTIONS["winwin"]}
    props["playbook"] = {
        "type": "string",
        "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*@[A-Za-z0-9][A-Za-z0-9._-]*$",
        "description": DESCRIPTIONS["playbook"],
    }
    for section in ("concessions", "approvals", "waivers"):
        props[section].pop("default", None)
    defs["DealInfo"]["properties"]["currency"]["pattern"] = "^[A-Z]{3}$"
    defs["DealInfo"]["properties"]["counterparty"]["minLength"] = 1
    for ident in (("DealInfo", "id"), ("Initiative", "id"), ("Concession", "id"), ("Approval", "role")):
        defs[ident[0]]["properties"][ident[1]]["minLength"] = 1
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "winwin deal file (format 1)",
        "description": "A sales deal's negotiated terms, checked by `winwin check`. Keys left out "
        "take the playbook's standard position; unknown keys are errors.",
        **top,
        "$defs": defs,
    }

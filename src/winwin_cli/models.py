"""The deal file, format version 1 (SPEC §2), as pydantic models.

Every field is required here: the playbook's standard positions are merged into a deal before
validation, so a key left out of a file takes the standard, and the models never carry a second
copy of the standard.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from .load import Quoted
from .scalars import (
    Bool,
    Count,
    Date,
    Ident,
    Money,
    NullableCount,
    NullableMoney,
    NullablePct,
    Pct,
    Text,
    _not_null,
    identifier,
    required_identifier,
    required_whole,
    text,
)

Side = Annotated[Literal["vendor", "counterparty"], BeforeValidator(required_identifier)]


def _enum(value: object) -> str:
    return identifier(value)


E = BeforeValidator(required_identifier)


class Strict(BaseModel):
    # Validators are built on first use: a plain, valid deal is read by `fastvalidate` and never
    # needs them, and building them all costs a run of one deal more than checking it.
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True, defer_build=True)


class Initiative(Strict):
    id: Ident
    goal: Text


_CURRENCY = re.compile(r"[A-Z]{3}")


class DealInfo(Strict):
    id: Ident
    counterparty: Text
    title: Annotated[str | None, BeforeValidator(_not_null(text))] = None
    owner: Annotated[str | None, BeforeValidator(_not_null(text))] = None
    currency: Annotated[str | None, BeforeValidator(required_identifier)] = None
    close_date: Annotated[Date | None, BeforeValidator(_not_null(lambda v: v))] = None
    relationship: Annotated[Literal["customer", "partner"], E]
    kind: Annotated[Literal["new", "expansion", "renewal"], E]
    stage: Annotated[Literal["poc", "pilot", "production"], E]
    initiatives: list[Initiative]

    @field_validator("currency")
    @classmethod
    def _iso_4217(cls, value: str | None) -> str | None:
        if value is not None and not _CURRENCY.fullmatch(value):
            raise ValueError(f"expected an ISO 4217 code like EUR or USD, got '{value}'")
        return value

    @field_validator("counterparty")
    @classmethod
    def _non_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value


class Pricing(Strict):
    list_annual: NullableMoney
    discount_pct: Pct
    uplift_pct: Pct
    price_lock_months: Count


class Commitment(Strict):
    term_months: Annotated[int, BeforeValidator(required_whole), Field(ge=1, le=1200)]
    minimum_annual: NullableMoney
    prepay: Annotated[Literal["none", "quarterly", "annual", "full"], E]


class Payment(Strict):
    net_days: Count


class Renewal(Strict):
    auto_renew: Bool
    notice_days: Count
    uplift_cap_pct: NullablePct


class Sla(Strict):
    tier: Annotated[Literal["none", "standard", "premium"], E]
    uptime_pct: Pct
    credit_cap_pct: NullablePct


class Liability(Strict):
    vendor_cap_months: NullableCount
    counterparty_cap_months: NullableCount
    uncapped: list[Ident]


class Termination(Strict):
    for_convenience: Annotated[Literal["none", "counterparty", "vendor", "both"], E]
    fee_pct: Pct
    notice_days: Count


class Scope(Strict):
    custom_work_days: Count
    custom_work_billed: Bool
    acceptance: Annotated[Literal["objective", "subjective", "deemed"], E]


class Rights(Strict):
    ip_owner: Annotated[Literal["vendor", "counterparty", "joint"], E]
    exclusivity: Annotated[Literal["none", "to_counterparty", "to_vendor", "mutual"], E]
    most_favored_nation: Bool
    reference_customer: Bool
    case_study: Bool


class Split(Strict):
    counterparty: Pct
    vendor: Pct

    @model_validator(mode="after")
    def _sums_to_100(self) -> Split:
        total = self.counterparty + self.vendor
        if total != 100:
            raise ValueError(f"the shares must sum to 100, not {total.normalize():f}")
        return self


class Sharing(Strict):
    gain_share_pct: Split
    risk_share_pct: Split


class Poc(Strict):
    duration_days: Count
    fee: Money
    success_criteria: list[Text]
    converts_to: Annotated[
        Literal["pilot", "production"] | None, BeforeValidator(lambda v: None if v is None else _enum(v))
    ]


class Concession(Strict):
    id: Ident
    what: Text
    given_by: Side
    # Optional, but not nullable: SPEC §2 allows an explicit null only in the fields it lists.
    value_annual: Annotated[Money | None, BeforeValidator(_not_null(lambda v: v))] = None
    in_exchange_for: list[Ident] = []


class Approval(Strict):
    role: Ident
    name: Annotated[str | None, BeforeValidator(_not_null(text))] = None
    date: Annotated[Date | None, BeforeValidator(_not_null(lambda v: v))] = None


class Waiver(Strict):
    rule: Ident
    reason: Text
    approved_by: Ident
    expires: Date


PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)@([A-Za-z0-9][A-Za-z0-9._-]*)")


def _format_version(value: object) -> int:
    if value == "1" and not isinstance(value, Quoted):
        return 1
    shown = repr(str(value)) if isinstance(value, str) else "null" if value is None else "a collection"
    raise ValueError(f"unsupported format version {shown}; this winwin reads format 1 (winwin: 1)")


def _pin(value: object) -> str:
    pin = identifier(value)
    if not PIN.fullmatch(pin):
        raise ValueError(f"expected NAME@VERSION, like default@1, got '{pin}'")
    return pin


class Deal(Strict):
    winwin: Annotated[Literal[1], BeforeValidator(_format_version)]
    playbook: Annotated[str | None, BeforeValidator(_not_null(_pin))] = None
    deal: DealInfo
    pricing: Pricing
    commitment: Commitment
    payment: Payment
    renewal: Renewal
    sla: Sla
    liability: Liability
    termination: Termination
    scope: Scope
    rights: Rights
    sharing: Annotated[Sharing | None, BeforeValidator(_not_null(lambda v: v))] = None
    poc: Poc
    concessions: list[Concession]
    approvals: list[Approval]
    waivers: list[Waiver]


# Sections a deal must write itself: the standard fills in their optional keys only.
REQUIRED = frozenset({"deal"})

SECTIONS: tuple[str, ...] = tuple(
    name for name, info in Deal.model_fields.items() if name not in ("winwin", "playbook")
)

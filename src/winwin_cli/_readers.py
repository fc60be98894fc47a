# Generated from the field table of fastvalidate.py by
# `WINWIN_UPDATE_GOLDEN=1 python -m pytest tests/test_readers.py`: do not edit.
"""The readers of `fastvalidate`, a factory a model, compiled once like any other module.

`fastvalidate` generates this text at every start and takes a factory from here only while this
file is, to the end of that factory, exactly what it generated; else it compiles its own text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def split(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    memo0: Any,
    read1: Any,
    memo1: Any,
    check: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"counterparty", "vendor"}
        v = get("counterparty", missing)
        if v is missing:
            v = standard("counterparty", missing)
        a0, f0 = (type(v) is str and memo0(v)) or read0(v)
        v = get("vendor", missing)
        if v is missing:
            v = standard("vendor", missing)
        a1, f1 = (type(v) is str and memo1(v)) or read1(v)
        values = {"counterparty": a0, "vendor": a1}
        if not check(values):
            raise refuse
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {"counterparty": f0, "vendor": f1}

    return read


def initiative(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    memo0: Any,
    read1: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"id", "goal"}
        v = get("id", missing)
        if v is missing:
            v = standard("id", missing)
        a0, f0 = (type(v) is str and memo0(v)) or read0(v)
        v = get("goal", missing)
        if v is missing:
            v = standard("goal", missing)
        a1 = f1 = v if type(v) is str else read1(v)[0]
        values = {"id": a0, "goal": a1}
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {"id": f0, "goal": f1}

    return read


def deal_info(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    memo0: Any,
    read1: Any,
    read2: Any,
    default2: Any,
    read3: Any,
    default3: Any,
    read4: Any,
    default4: Any,
    memo4: Any,
    read5: Any,
    default5: Any,
    memo5: Any,
    read6: Any,
    memo6: Any,
    read7: Any,
    memo7: Any,
    read8: Any,
    memo8: Any,
    read9: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"id", "counterparty", "relationship", "kind", "stage", "initiatives"}
        v = get("id", missing)
        if v is missing:
            v = standard("id", missing)
        a0, f0 = (type(v) is str and memo0(v)) or read0(v)
        v = get("counterparty", missing)
        if v is missing:
            v = standard("counterparty", missing)
        a1, f1 = read1(v)
        v = get("title", missing)
        if v is missing:
            v = standard("title", missing)
        if v is missing:
            a2, f2 = default2()
        else:
            present.add("title")
            a2 = f2 = v if type(v) is str else read2(v)[0]
        v = get("owner", missing)
        if v is missing:
            v = standard("owner", missing)
        if v is missing:
            a3, f3 = default3()
        else:
            present.add("owner")
            a3 = f3 = v if type(v) is str else read3(v)[0]
        v = get("currency", missing)
        if v is missing:
            v = standard("currency", missing)
        if v is missing:
            a4, f4 = default4()
        else:
            present.add("currency")
            a4, f4 = (type(v) is str and memo4(v)) or read4(v)
        v = get("close_date", missing)
        if v is missing:
            v = standard("close_date", missing)
        if v is missing:
            a5, f5 = default5()
        else:
            present.add("close_date")
            a5, f5 = (type(v) is str and memo5(v)) or read5(v)
        v = get("relationship", missing)
        if v is missing:
            v = standard("relationship", missing)
        a6, f6 = (type(v) is str and memo6(v)) or read6(v)
        v = get("kind", missing)
        if v is missing:
            v = standard("kind", missing)
        a7, f7 = (type(v) is str and memo7(v)) or read7(v)
        v = get("stage", missing)
        if v is missing:
            v = standard("stage", missing)
        a8, f8 = (type(v) is str and memo8(v)) or read8(v)
        v = get("initiatives", missing)
        if v is missing:
            v = standard("initiatives", missing)
        a9, f9 = read9(v)
        values = {
            "id": a0,
            "counterparty": a1,
            "title": a2,
            "owner": a3,
            "currency": a4,
            "close_date": a5,
            "relationship": a6,
            "kind": a7,
            "stage": a8,
            "initiatives": a9,
        }
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {
            "id": f0,
            "counterparty": f1,
            "title": f2,
            "owner": f3,
            "currency": f4,
            "close_date": f5,
            "relationship": f6,
            "kind": f7,
            "stage": f8,
            "initiatives": f9,
        }

    return read


def pricing(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    memo0: Any,
    read1: Any,
    memo1: Any,
    read2: Any,
    memo2: Any,
    read3: Any,
    memo3: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"list_annual", "discount_pct", "uplift_pct", "price_lock_months"}
        v = get("list_annual", missing)
        if v is missing:
            v = standard("list_annual", missing)
        a0, f0 = (type(v) is str and memo0(v)) or read0(v)
        v = get("discount_pct", missing)
        if v is missing:
            v = standard("discount_pct", missing)
        a1, f1 = (type(v) is str and memo1(v)) or read1(v)
        v = get("uplift_pct", missing)
        if v is missing:
            v = standard("uplift_pct", missing)
        a2, f2 = (type(v) is str and memo2(v)) or read2(v)
        v = get("price_lock_months", missing)
        if v is missing:
            v = standard("price_lock_months", missing)
        a3, f3 = (type(v) is str and memo3(v)) or read3(v)
        values = {"list_annual": a0, "discount_pct": a1, "uplift_pct": a2, "price_lock_months": a3}
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {"list_annual": f0, "discount_pct": f1, "uplift_pct": f2, "price_lock_months": f3}

    return read


def commitment(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    memo0: Any,
    read1: Any,
    memo1: Any,
    read2: Any,
    memo2: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"term_months", "minimum_annual", "prepay"}
        v = get("term_months", missing)
        if v is missing:
            v = standard("term_months", missing)
        a0, f0 = (type(v) is str and memo0(v)) or read0(v)
        v = get("minimum_annual", missing)
        if v is missing:
            v = standard("minimum_annual", missing)
        a1, f1 = (type(v) is str and memo1(v)) or read1(v)
        v = get("prepay", missing)
        if v is missing:
            v = standard("prepay", missing)
        a2, f2 = (type(v) is str and memo2(v)) or read2(v)
        values = {"term_months": a0, "minimum_annual": a1, "prepay": a2}
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {"term_months": f0, "minimum_annual": f1, "prepay": f2}

    return read


def payment(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    memo0: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"net_days"}
        v = get("net_days", missing)
        if v is missing:
            v = standard("net_days", missing)
        a0, f0 = (type(v) is str and memo0(v)) or read0(v)
        values = {"net_days": a0}
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {"net_days": f0}

    return read


def renewal(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    memo0: Any,
    read1: Any,
    memo1: Any,
    read2: Any,
    memo2: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"auto_renew", "notice_days", "uplift_cap_pct"}
        v = get("auto_renew", missing)
        if v is missing:
            v = standard("auto_renew", missing)
        a0, f0 = (type(v) is str and memo0(v)) or read0(v)
        v = get("notice_days", missing)
        if v is missing:
            v = standard("notice_days", missing)
        a1, f1 = (type(v) is str and memo1(v)) or read1(v)
        v = get("uplift_cap_pct", missing)
        if v is missing:
            v = standard("uplift_cap_pct", missing)
        a2, f2 = (type(v) is str and memo2(v)) or read2(v)
        values = {"auto_renew": a0, "notice_days": a1, "uplift_cap_pct": a2}
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {"auto_renew": f0, "notice_days": f1, "uplift_cap_pct": f2}

    return read


def sla(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    memo0: Any,
    read1: Any,
    memo1: Any,
    read2: Any,
    memo2: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"tier", "uptime_pct", "credit_cap_pct"}
        v = get("tier", missing)
        if v is missing:
            v = standard("tier", missing)
        a0, f0 = (type(v) is str and memo0(v)) or read0(v)
        v = get("uptime_pct", missing)
        if v is missing:
            v = standard("uptime_pct", missing)
        a1, f1 = (type(v) is str and memo1(v)) or read1(v)
        v = get("credit_cap_pct", missing)
        if v is missing:
            v = standard("credit_cap_pct", missing)
        a2, f2 = (type(v) is str and memo2(v)) or read2(v)
        values = {"tier": a0, "uptime_pct": a1, "credit_cap_pct": a2}
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {"tier": f0, "uptime_pct": f1, "credit_cap_pct": f2}

    return read


def liability(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    memo0: Any,
    read1: Any,
    memo1: Any,
    read2: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"vendor_cap_months", "counterparty_cap_months", "uncapped"}
        v = get("vendor_cap_months", missing)
        if v is missing:
            v = standard("vendor_cap_months", missing)
        a0, f0 = (type(v) is str and memo0(v)) or read0(v)
        v = get("counterparty_cap_months", missing)
        if v is missing:
            v = standard("counterparty_cap_months", missing)
        a1, f1 = (type(v) is str and memo1(v)) or read1(v)
        v = get("uncapped", missing)
        if v is missing:
            v = standard("uncapped", missing)
        a2, f2 = read2(v)
        values = {"vendor_cap_months": a0, "counterparty_cap_months": a1, "uncapped": a2}
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {"vendor_cap_months": f0, "counterparty_cap_months": f1, "uncapped": f2}

    return read


def termination(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    memo0: Any,
    read1: Any,
    memo1: Any,
    read2: Any,
    memo2: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"for_convenience", "fee_pct", "notice_days"}
        v = get("for_convenience", missing)
        if v is missing:
            v = standard("for_convenience", missing)
        a0, f0 = (type(v) is str and memo0(v)) or read0(v)
        v = get("fee_pct", missing)
        if v is missing:
            v = standard("fee_pct", missing)
        a1, f1 = (type(v) is str and memo1(v)) or read1(v)
        v = get("notice_days", missing)
        if v is missing:
            v = standard("notice_days", missing)
        a2, f2 = (type(v) is str and memo2(v)) or read2(v)
        values = {"for_convenience": a0, "fee_pct": a1, "notice_days": a2}
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {"for_convenience": f0, "fee_pct": f1, "notice_days": f2}

    return read


def scope(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    memo0: Any,
    read1: Any,
    memo1: Any,
    read2: Any,
    memo2: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"custom_work_days", "custom_work_billed", "acceptance"}
        v = get("custom_work_days", missing)
        if v is missing:
            v = standard("custom_work_days", missing)
        a0, f0 = (type(v) is str and memo0(v)) or read0(v)
        v = get("custom_work_billed", missing)
        if v is missing:
            v = standard("custom_work_billed", missing)
        a1, f1 = (type(v) is str and memo1(v)) or read1(v)
        v = get("acceptance", missing)
        if v is missing:
            v = standard("acceptance", missing)
        a2, f2 = (type(v) is str and memo2(v)) or read2(v)
        values = {"custom_work_days": a0, "custom_work_billed": a1, "acceptance": a2}
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {"custom_work_days": f0, "custom_work_billed": f1, "acceptance": f2}

    return read


def rights(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    memo0: Any,
    read1: Any,
    memo1: Any,
    read2: Any,
    memo2: Any,
    read3: Any,
    memo3: Any,
    read4: Any,
    memo4: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"ip_owner", "exclusivity", "most_favored_nation", "reference_customer", "case_study"}
        v = get("ip_owner", missing)
        if v is missing:
            v = standard("ip_owner", missing)
        a0, f0 = (type(v) is str and memo0(v)) or read0(v)
        v = get("exclusivity", missing)
        if v is missing:
            v = standard("exclusivity", missing)
        a1, f1 = (type(v) is str and memo1(v)) or read1(v)
        v = get("most_favored_nation", missing)
        if v is missing:
            v = standard("most_favored_nation", missing)
        a2, f2 = (type(v) is str and memo2(v)) or read2(v)
        v = get("reference_customer", missing)
        if v is missing:
            v = standard("reference_customer", missing)
        a3, f3 = (type(v) is str and memo3(v)) or read3(v)
        v = get("case_study", missing)
        if v is missing:
            v = standard("case_study", missing)
        a4, f4 = (type(v) is str and memo4(v)) or read4(v)
        values = {
            "ip_owner": a0,
            "exclusivity": a1,
            "most_favored_nation": a2,
            "reference_customer": a3,
            "case_study": a4,
        }
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {
            "ip_owner": f0,
            "exclusivity": f1,
            "most_favored_nation": f2,
            "reference_customer": f3,
            "case_study": f4,
        }

    return read


def sharing(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    read1: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"gain_share_pct", "risk_share_pct"}
        v = get("gain_share_pct", missing)
        if v is missing:
            v = standard("gain_share_pct", missing)
        a0, f0 = read0(v)
        v = get("risk_share_pct", missing)
        if v is missing:
            v = standard("risk_share_pct", missing)
        a1, f1 = read1(v)
        values = {"gain_share_pct": a0, "risk_share_pct": a1}
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {"gain_share_pct": f0, "risk_share_pct": f1}

    return read


def poc(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    memo0: Any,
    read1: Any,
    memo1: Any,
    read2: Any,
    read3: Any,
    memo3: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"duration_days", "fee", "success_criteria", "converts_to"}
        v = get("duration_days", missing)
        if v is missing:
            v = standard("duration_days", missing)
        a0, f0 = (type(v) is str and memo0(v)) or read0(v)
        v = get("fee", missing)
        if v is missing:
            v = standard("fee", missing)
        a1, f1 = (type(v) is str and memo1(v)) or read1(v)
        v = get("success_criteria", missing)
        if v is missing:
            v = standard("success_criteria", missing)
        a2, f2 = read2(v)
        v = get("converts_to", missing)
        if v is missing:
            v = standard("converts_to", missing)
        a3, f3 = (type(v) is str and memo3(v)) or read3(v)
        values = {"duration_days": a0, "fee": a1, "success_criteria": a2, "converts_to": a3}
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {"duration_days": f0, "fee": f1, "success_criteria": f2, "converts_to": f3}

    return read


def concession(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    memo0: Any,
    read1: Any,
    read2: Any,
    memo2: Any,
    read3: Any,
    default3: Any,
    memo3: Any,
    read4: Any,
    default4: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"id", "what", "given_by"}
        v = get("id", missing)
        if v is missing:
            v = standard("id", missing)
        a0, f0 = (type(v) is str and memo0(v)) or read0(v)
        v = get("what", missing)
        if v is missing:
            v = standard("what", missing)
        a1 = f1 = v if type(v) is str else read1(v)[0]
        v = get("given_by", missing)
        if v is missing:
            v = standard("given_by", missing)
        a2, f2 = (type(v) is str and memo2(v)) or read2(v)
        v = get("value_annual", missing)
        if v is missing:
            v = standard("value_annual", missing)
        if v is missing:
            a3, f3 = default3()
        else:
            present.add("value_annual")
            a3, f3 = (type(v) is str and memo3(v)) or read3(v)
        v = get("in_exchange_for", missing)
        if v is missing:
            v = standard("in_exchange_for", missing)
        if v is missing:
            a4, f4 = default4()
        else:
            present.add("in_exchange_for")
            a4, f4 = read4(v)
        values = {"id": a0, "what": a1, "given_by": a2, "value_annual": a3, "in_exchange_for": a4}
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {"id": f0, "what": f1, "given_by": f2, "value_annual": f3, "in_exchange_for": f4}

    return read


def approval(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    memo0: Any,
    read1: Any,
    default1: Any,
    read2: Any,
    default2: Any,
    memo2: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"role"}
        v = get("role", missing)
        if v is missing:
            v = standard("role", missing)
        a0, f0 = (type(v) is str and memo0(v)) or read0(v)
        v = get("name", missing)
        if v is missing:
            v = standard("name", missing)
        if v is missing:
            a1, f1 = default1()
        else:
            present.add("name")
            a1 = f1 = v if type(v) is str else read1(v)[0]
        v = get("date", missing)
        if v is missing:
            v = standard("date", missing)
        if v is missing:
            a2, f2 = default2()
        else:
            present.add("date")
            a2, f2 = (type(v) is str and memo2(v)) or read2(v)
        values = {"role": a0, "name": a1, "date": a2}
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {"role": f0, "name": f1, "date": f2}

    return read


def waiver(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    memo0: Any,
    read1: Any,
    read2: Any,
    memo2: Any,
    read3: Any,
    memo3: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {"rule", "reason", "approved_by", "expires"}
        v = get("rule", missing)
        if v is missing:
            v = standard("rule", missing)
        a0, f0 = (type(v) is str and memo0(v)) or read0(v)
        v = get("reason", missing)
        if v is missing:
            v = standard("reason", missing)
        a1 = f1 = v if type(v) is str else read1(v)[0]
        v = get("approved_by", missing)
        if v is missing:
            v = standard("approved_by", missing)
        a2, f2 = (type(v) is str and memo2(v)) or read2(v)
        v = get("expires", missing)
        if v is missing:
            v = standard("expires", missing)
        a3, f3 = (type(v) is str and memo3(v)) or read3(v)
        values = {"rule": a0, "reason": a1, "approved_by": a2, "expires": a3}
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {"rule": f0, "reason": f1, "approved_by": f2, "expires": f3}

    return read


def deal(
    *,
    refuse: Any,
    missing: Any,
    empty: Any,
    names: Any,
    read0: Any,
    read1: Any,
    default1: Any,
    read2: Any,
    read3: Any,
    read4: Any,
    read5: Any,
    read6: Any,
    read7: Any,
    read8: Any,
    read9: Any,
    read10: Any,
    read11: Any,
    read12: Any,
    default12: Any,
    read13: Any,
    read14: Any,
    read15: Any,
    read16: Any,
    cls: Any,
    new: Any,
    set_slot: Any,
) -> Callable[..., tuple[Any, Any]]:
    def read(raw: Any, base: Any = empty) -> tuple[Any, Any]:
        if type(raw) is not dict or not names.issuperset(raw) or not names.issuperset(base):
            raise refuse
        get = raw.get
        standard = base.get
        present = {
            "winwin",
            "deal",
            "pricing",
            "commitment",
            "payment",
            "renewal",
            "sla",
            "liability",
            "termination",
            "scope",
            "rights",
            "poc",
            "concessions",
            "approvals",
            "waivers",
        }
        v = get("winwin", missing)
        if v is missing:
            v = standard("winwin", missing)
        a0, f0 = read0(v)
        v = get("playbook", missing)
        if v is missing:
            v = standard("playbook", missing)
        if v is missing:
            a1, f1 = default1()
        else:
            present.add("playbook")
            a1, f1 = read1(v)
        v = get("deal", missing)
        b = empty
        if v is not missing:
            b = standard("deal", empty)
            if not (isinstance(b, dict) and isinstance(v, dict)):
                b = empty
        a2, f2 = read2(v, b)
        v = get("pricing", missing)
        b = empty
        if v is missing:
            v = standard("pricing", missing)
        else:
            b = standard("pricing", empty)
            if not (isinstance(b, dict) and isinstance(v, dict)):
                b = empty
        a3, f3 = read3(v, b)
        v = get("commitment", missing)
        b = empty
        if v is missing:
            v = standard("commitment", missing)
        else:
            b = standard("commitment", empty)
            if not (isinstance(b, dict) and isinstance(v, dict)):
                b = empty
        a4, f4 = read4(v, b)
        v = get("payment", missing)
        b = empty
        if v is missing:
            v = standard("payment", missing)
        else:
            b = standard("payment", empty)
            if not (isinstance(b, dict) and isinstance(v, dict)):
                b = empty
        a5, f5 = read5(v, b)
        v = get("renewal", missing)
        b = empty
        if v is missing:
            v = standard("renewal", missing)
        else:
            b = standard("renewal", empty)
            if not (isinstance(b, dict) and isinstance(v, dict)):
                b = empty
        a6, f6 = read6(v, b)
        v = get("sla", missing)
        b = empty
        if v is missing:
            v = standard("sla", missing)
        else:
            b = standard("sla", empty)
            if not (isinstance(b, dict) and isinstance(v, dict)):
                b = empty
        a7, f7 = read7(v, b)
        v = get("liability", missing)
        b = empty
        if v is missing:
            v = standard("liability", missing)
        else:
            b = standard("liability", empty)
            if not (isinstance(b, dict) and isinstance(v, dict)):
                b = empty
        a8, f8 = read8(v, b)
        v = get("termination", missing)
        b = empty
        if v is missing:
            v = standard("termination", missing)
        else:
            b = standard("termination", empty)
            if not (isinstance(b, dict) and isinstance(v, dict)):
                b = empty
        a9, f9 = read9(v, b)
        v = get("scope", missing)
        b = empty
        if v is missing:
            v = standard("scope", missing)
        else:
            b = standard("scope", empty)
            if not (isinstance(b, dict) and isinstance(v, dict)):
                b = empty
        a10, f10 = read10(v, b)
        v = get("rights", missing)
        b = empty
        if v is missing:
            v = standard("rights", missing)
        else:
            b = standard("rights", empty)
            if not (isinstance(b, dict) and isinstance(v, dict)):
                b = empty
        a11, f11 = read11(v, b)
        v = get("sharing", missing)
        b = empty
        if v is missing:
            v = standard("sharing", missing)
        else:
            b = standard("sharing", empty)
            if not (isinstance(b, dict) and isinstance(v, dict)):
                b = empty
        if v is missing:
            a12, f12 = default12()
        else:
            present.add("sharing")
            a12, f12 = read12(v, b)
        v = get("poc", missing)
        b = empty
        if v is missing:
            v = standard("poc", missing)
        else:
            b = standard("poc", empty)
            if not (isinstance(b, dict) and isinstance(v, dict)):
                b = empty
        a13, f13 = read13(v, b)
        v = get("concessions", missing)
        if v is missing:
            v = standard("concessions", missing)
        a14, f14 = read14(v)
        v = get("approvals", missing)
        if v is missing:
            v = standard("approvals", missing)
        a15, f15 = read15(v)
        v = get("waivers", missing)
        if v is missing:
            v = standard("waivers", missing)
        a16, f16 = read16(v)
        values = {
            "winwin": a0,
            "playbook": a1,
            "deal": a2,
            "pricing": a3,
            "commitment": a4,
            "payment": a5,
            "renewal": a6,
            "sla": a7,
            "liability": a8,
            "termination": a9,
            "scope": a10,
            "rights": a11,
            "sharing": a12,
            "poc": a13,
            "concessions": a14,
            "approvals": a15,
            "waivers": a16,
        }
        model = new(cls)
        set_slot(model, "__dict__", values)
        set_slot(model, "__pydantic_fields_set__", present)
        set_slot(model, "__pydantic_extra__", None)
        set_slot(model, "__pydantic_private__", None)
        return model, {
            "winwin": f0,
            "playbook": f1,
            "deal": f2,
            "pricing": f3,
            "commitment": f4,
            "payment": f5,
            "renewal": f6,
            "sla": f7,
            "liability": f8,
            "termination": f9,
            "scope": f10,
            "rights": f11,
            "sharing": f12,
            "poc": f13,
            "concessions": f14,
            "approvals": f15,
            "waivers": f16,
        }

    return read

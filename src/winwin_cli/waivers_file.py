"""The central waivers file's format (`waivers.read` reads it into a `WaiverPolicy`).

A module of its own, imported only by a run that reads such a file: defining pydantic models
costs start-up time, and most runs have no central waivers file.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .scalars import Date, Ident, Text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class Entry(_Strict):
    rule: Ident
    deals: list[Ident] = []
    paths: list[Text] = []
    reason: Text
    approved_by: Ident
    expires: Date

    @model_validator(mode="after")
    def _names_a_target(self) -> Entry:
        if not self.deals and not self.paths:
            raise ValueError("a waiver names the deals it covers: give deals (ids) or paths (globs), or both")
        return self


class WaiversFile(_Strict):
    waivers: Annotated[list[Entry], Field(default_factory=list)]

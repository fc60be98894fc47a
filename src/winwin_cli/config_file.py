"""The configuration file's format: what `.winwin.yaml` or `[tool.winwin]` may set.

A module of its own, imported only by a run that has a configuration file: defining pydantic
models costs start-up time, and many runs have none (`config.resolve` then takes the defaults).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from .config import Source, _display
from .errors import FatalError
from .scalars import Bool, Ident, Number, Text, _not_null, identifier, whole
from .validate import problems_from


def _names(value: object) -> object:
    """A list of names, or the same written as one comma-separated text."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


Names = Annotated[list[Ident], BeforeValidator(_not_null(_names))]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class WaiversConfig(_Strict):
    file: Text | None = None
    max_days: Annotated[int, BeforeValidator(_not_null(whole)), Field(ge=1, le=36500)] | None = None
    inline: Bool = True


class Override(_Strict):
    """Settings for the deal files matching `paths` (globs relative to the config's directory)."""

    paths: Annotated[list[Text], Field(min_length=1)]
    select: Names | None = None
    ignore: Names = []
    thresholds: dict[str, Number] = {}


class ConfigFile(_Strict):
    playbook: Text | None = None
    select: Names | None = None
    ignore: Names = []
    thresholds: dict[str, Number] = {}
    format: Annotated[str, BeforeValidator(_not_null(identifier))] | None = None
    fail_on: Names | None = None
    waivers: WaiversConfig = Field(default_factory=WaiversConfig)
    overrides: list[Override] = []


def parse(source: Source) -> ConfigFile:
    """The validated configuration; every problem is located (file:line:col) in a `FatalError`."""
    try:
        return ConfigFile.model_validate(source.document.data)
    except ValidationError as exc:
        problems = problems_from(exc, source.document, ConfigFile)
        shown = _display(str(source.path))
        lines = [f"{shown}:{p.line}:{p.column}: {p.render()}" for p in problems]
        raise FatalError("invalid configuration:\n" + "\n".join(lines)) from None

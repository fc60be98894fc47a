"""`winwin config show`: the effective configuration and where each value came from."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import settings

if TYPE_CHECKING:
    from ..config import Effective

app = typer.Typer(help="Inspect the configuration.", no_args_is_help=True, rich_markup_mode=None)


def _shown(value: Any) -> Any:
    from decimal import Decimal
    from pathlib import Path

    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, tuple):
        return [_shown(v) for v in value]
    return value


def rows(found: Effective) -> list[tuple[str, Any, str]]:
    out: list[tuple[str, Any, str]] = [
        ("playbook", found.playbook.value or "(built-in)", found.playbook.origin),
        (
            "select",
            found.select.value if found.select.value is not None else "(all rules)",
            found.select.origin,
        ),
        ("ignore", found.ignore.value, found.ignore.origin),
        ("format", found.format.value, found.format.origin),
        ("fail_on", found.fail_on.value, found.fail_on.origin),
        ("waivers.file", found.waivers_file.value or "(none)", found.waivers_file.origin),
        ("waivers.max_days", found.waivers_max_days.value or "(no limit)", found.waivers_max_days.origin),
        ("waivers.inline", found.inline_waivers.value, found.inline_waivers.origin),
    ]
    for name, setting in found.thresholds.items():
        out.append((f"thresholds.{name}", setting.value, setting.origin))
    for n, override in enumerate(found.overrides):
        detail: dict[str, Any] = {"paths": list(override.patterns)}
        if override.select is not None:
            detail["select"] = list(override.select)
        if override.ignore:
            detail["ignore"] = list(override.ignore)
        if override.thresholds:
            detail["thresholds"] = {k: _shown(v) for k, v in override.thresholds.items()}
        out.append((f"overrides[{n}]", detail, override.origin))
    return [(key, _shown(value), origin) for key, value, origin in out]


@app.command("show")
def show(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Paths a check would run on (default: .).")
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="rich or json.")] = "rich",
    config: settings.ConfigOption = None,
    isolated: settings.IsolatedOption = False,
    playbook: Annotated[str | None, typer.Option("--playbook", help="As `check --playbook`.")] = None,
    select: settings.SelectOption = None,
    ignore: settings.IgnoreOption = None,
    fail_on: Annotated[str | None, typer.Option("--fail-on", help="As `check --fail-on`.")] = None,
    output_format: Annotated[str | None, typer.Option("--check-format", help="As `check --format`.")] = None,
    waivers: settings.WaiversOption = None,
    no_inline_waivers: settings.NoInlineOption = False,
) -> None:
    """Print the effective configuration: each value, and whether it is the default, comes from a
    config file (file:line:col) or from a flag. The flags are those `winwin check` takes."""
    if format not in ("rich", "json"):
        settings.fail(f"--format: expected rich or json, got '{format}'")
    found = settings.effective(
        paths or ["."],
        config=config,
        isolated=isolated,
        playbook=playbook,
        select=select,
        ignore=ignore,
        format=output_format,
        fail_on=fail_on,
        waivers=waivers,
        no_inline_waivers=no_inline_waivers,
    )
    settings.prepare(found)  # a config naming unknown rules or thresholds is an error here too
    from ..config import _display

    source = _display(str(found.file)) if found.file is not None else None
    table = rows(found)
    if format == "json":
        data = {
            "file": source,
            "settings": {key: {"value": value, "from": origin} for key, value, origin in table},
        }
        typer.echo(json.dumps(data, indent=2))
        return
    typer.echo(f"# configuration file: {source or '(none: defaults and flags only)'}")
    width = max(len(key) for key, _, _ in table)
    for key, value, origin in table:
        shown = json.dumps(value) if not isinstance(value, str) else value
        typer.echo(f"{key.ljust(width)} = {shown}  # {origin}")

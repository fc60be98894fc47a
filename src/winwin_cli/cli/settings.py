"""The configuration of a command run: config file, flags and playbook put together.

Commands that check deals (`check`, `report`, `diff`) and commands that show the playbook
(`rules`, `explain`, `config show`) share this, so that they all see the same effective settings,
and every command reports a bad flag the same way (`fail`, `today`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from . import started

if TYPE_CHECKING:
    import datetime as dt

    from ..config import Effective, PathPlaybooks
    from ..playbook import Playbook
    from ..waivers import Tally, WaiverPolicy

ConfigOption = Annotated[
    str | None,
    typer.Option("--config", metavar="FILE", help="Use this configuration file (default: the nearest one)."),
]
IsolatedOption = Annotated[
    bool, typer.Option("--isolated", help="Ignore every configuration file; use the defaults and flags only.")
]
SelectOption = Annotated[
    str | None,
    typer.Option("--select", help="Only these rules (comma-separated ids, id prefixes or slugs)."),
]
IgnoreOption = Annotated[
    str | None,
    typer.Option("--ignore", help="Leave out these rules (comma-separated ids, prefixes or slugs)."),
]
WaiversOption = Annotated[
    str | None,
    typer.Option("--waivers", metavar="FILE", help="Central waivers file (default: .winwin-waivers.yaml)."),
]
NoInlineOption = Annotated[
    bool,
    typer.Option(
        "--no-inline-waivers", help="Ignore waivers written in deal files; only the central file counts."
    ),
]
PlaybookOption = Annotated[
    str | None, typer.Option("--playbook", help="Playbook file or directory (default: the built-in one).")
]
TodayOption = Annotated[
    str | None, typer.Option("--today", help="Judge waiver expiry as of this day (YYYY-MM-DD).")
]
OutputOption = Annotated[str | None, typer.Option("--output", "-o", help="Write the report to FILE.")]
SkipNonDealsOption = Annotated[
    bool, typer.Option("--skip-non-deals", help="Skip named YAML files without a top-level winwin: key.")
]


def fail(message: str) -> None:
    typer.echo(f"winwin: error: {message}", err=True)
    raise typer.Exit(2)


def today(value: str | None) -> dt.date:
    """The `--today` flag's day (YYYY-MM-DD); the system's date when it is not given."""
    import datetime as dt

    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"--today: expected YYYY-MM-DD, got '{value}'")
        raise AssertionError from None


def given(ctx: typer.Context, name: str, value: Any) -> Any:
    """The flag's value when it was written on the command line, else None (the config decides)."""
    source = ctx.get_parameter_source(name)
    if source is None or source.name == "DEFAULT":
        return None
    return value


class Run(NamedTuple):
    effective: Effective
    playbook: Playbook
    paths: PathPlaybooks
    waivers: WaiverPolicy

    def tally(self, today: dt.date) -> Tally | None:
        from ..waivers import Tally

        return Tally(self.waivers, today) if self.waivers.file is not None else None


def effective(
    paths: Sequence[str],
    *,
    config: str | None,
    isolated: bool,
    playbook: str | None = None,
    select: str | None = None,
    ignore: str | None = None,
    format: str | None = None,
    fail_on: str | None = None,
    waivers: str | None = None,
    no_inline_waivers: bool = False,
) -> Effective:
    from ..config import Flags, resolve
    from ..errors import FatalError

    flags = Flags(playbook, select, ignore, format, fail_on, waivers, no_inline_waivers)
    try:
        return resolve(paths, config, isolated, flags)
    except FatalError as exc:
        fail(str(exc))
        raise AssertionError from None


def prepare(found: Effective) -> Run:
    """Load the playbook the configuration names and tailor it; read the waivers file."""
    from ..config import PathPlaybooks, _display, apply
    from ..errors import FatalError
    from ..playbook import load_playbook
    from ..waivers import WaiverPolicy, read

    try:
        raw = load_playbook(found.playbook.value)
        tailored = apply(found, raw)
        max_days = found.waivers_max_days.value
        inline = bool(found.inline_waivers.value)
        path: Path | None = found.waivers_file.value
        if path is not None:
            policy = read(path, _display(str(path)), max_days, inline)
        else:
            policy = WaiverPolicy(inline=inline, max_days=max_days)
    except FatalError as exc:
        fail(str(exc))
        raise AssertionError from None
    started()
    return Run(found, tailored, PathPlaybooks(tailored, found, raw), policy)

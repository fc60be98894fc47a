"""`winwin report`: the portfolio view of a deal repository (also `winwin check --summary`)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Annotated

import typer

from . import settings

if TYPE_CHECKING:
    from ..run import FileResult, Summary

FORMATS = ("rich", "markdown", "json")


def emit(
    results: Iterable[FileResult],
    summary: Summary,
    fmt: str,
    today: dt.date,
    out: IO[str],
    color: object = None,
    top: int = 10,
) -> None:
    """Consume the results into `summary` and a portfolio, and write the view in `fmt`."""
    from ..portfolio import Portfolio, to_json, to_markdown, to_rich

    if fmt not in FORMATS:
        settings.fail(f"--format: the portfolio view is available as {', '.join(FORMATS)}, not '{fmt}'")
    portfolio = Portfolio(today, top=top)
    for result in results:
        summary.add(result)
        portfolio.add(result)
    portfolio.finish(summary)
    if fmt == "json":
        import json

        out.write(json.dumps(to_json(portfolio), ensure_ascii=True, indent=2) + "\n")
    elif fmt == "markdown":
        out.write(to_markdown(portfolio))
    else:
        from rich.console import Console

        console = Console(
            file=out,
            force_terminal=color if isinstance(color, bool) and color else None,
            no_color=color is False,
            highlight=False,
            emoji=False,
            soft_wrap=False,
        )
        for part in to_rich(portfolio):
            console.print(part)
            console.print()
    out.flush()


def report(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Deal files or directories (walked recursively).")],
    format: Annotated[str, typer.Option("--format", "-f", help="rich, markdown or json.")] = "rich",
    output: settings.OutputOption = None,
    today: settings.TodayOption = None,
    top: Annotated[
        int, typer.Option("--top", min=1, help="How many unreciprocated concessions to list.")
    ] = 10,
    playbook: settings.PlaybookOption = None,
    skip_non_deals: settings.SkipNonDealsOption = False,
    config: settings.ConfigOption = None,
    isolated: settings.IsolatedOption = False,
    select: settings.SelectOption = None,
    ignore: settings.IgnoreOption = None,
    waivers: settings.WaiversOption = None,
    no_inline_waivers: settings.NoInlineOption = False,
) -> None:
    """Portfolio view: findings per class, rule, owner and stage; the largest unreciprocated
    concessions; waivers expiring within 30 days. Exits 0 unless a file or the setup is wrong."""

    from ..config import fail_on_classes
    from ..discover import discover
    from ..run import EXIT_FAIL, EXIT_OK, Options, Summary, check_sources

    if format not in FORMATS:
        settings.fail(f"--format: unknown format '{format}' (choose from {', '.join(FORMATS)})")
    found = settings.effective(
        paths,
        config=config,
        isolated=isolated,
        playbook=playbook,
        select=select,
        ignore=ignore,
        waivers=waivers,
        no_inline_waivers=no_inline_waivers,
    )
    prepared = settings.prepare(found)
    day = settings.today(today)
    options = Options(
        playbook=prepared.playbook,
        today=day,
        fail_on=fail_on_classes(found),
        skip_non_deals=skip_non_deals,
        playbook_for=prepared.paths.for_file,
        waivers=prepared.waivers,
    )
    sources = list(discover(paths, skip_non_deals))
    summary = Summary(waivers=prepared.tally(day))
    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    try:
        emit(
            check_sources(sources, options, sys.stdin.buffer.read),
            summary,
            format,
            day,
            out,
            color=False if output else None,
            top=top,
        )
    finally:
        if output:
            out.close()
    # A view, not a gate: failing deals are what it shows; broken files and bugs still count.
    raise typer.Exit(EXIT_OK if summary.exit_code == EXIT_FAIL else summary.exit_code)

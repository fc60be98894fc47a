"""`winwin check`: deal files checked against the playbook, reported in one or more formats."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import output as reports
from . import settings

if TYPE_CHECKING:
    from ..load import Limits


def _limits(values: list[str]) -> Limits:
    from ..load import DEFAULT_LIMITS, parse_limit

    limits = DEFAULT_LIMITS
    for setting in values:
        try:
            limits = parse_limit(limits, setting)
        except ValueError as exc:
            settings.fail(f"--limit: {exc}")
    return limits


def check(
    ctx: typer.Context,
    paths: Annotated[
        list[str], typer.Argument(help="Deal files, directories (walked recursively) or - for stdin.")
    ],
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="Output format: rich, json, sarif, junit, github or markdown; auto (the default) is "
            "github inside GitHub Actions, else rich.",
            autocompletion=reports.complete_format,
        ),
    ] = "auto",
    output: settings.OutputOption = None,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Classes that fail the check (comma-separated, or none).")
    ] = "win-lose,lose-win",
    playbook: settings.PlaybookOption = None,
    today: settings.TodayOption = None,
    skip_non_deals: settings.SkipNonDealsOption = False,
    color: reports.ColorOption = "auto",
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show skipped files and tracebacks.")
    ] = False,
    quiet: reports.QuietOption = False,
    emit: reports.EmitOption = None,
    step_summary: reports.StepSummaryOption = None,
    repo_root: reports.RepoRootOption = None,
    rule_docs_url: reports.RuleDocsOption = None,
    limit: Annotated[
        list[str] | None,
        typer.Option(
            "--limit",
            metavar="NAME=VALUE",
            help="Change a per-file limit (repeatable): file-size (bytes, default 1048576), "
            "depth (default 32), nodes (default 10000), scalar (characters, default 10000).",
        ),
    ] = None,
    config: settings.ConfigOption = None,
    isolated: settings.IsolatedOption = False,
    select: settings.SelectOption = None,
    ignore: settings.IgnoreOption = None,
    waivers: settings.WaiversOption = None,
    no_inline_waivers: settings.NoInlineOption = False,
    summary_view: Annotated[
        bool,
        typer.Option("--summary", help="Show the portfolio view (as `winwin report`) instead of each deal."),
    ] = False,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Worker processes; 0 (the default): one per CPU once there are 200 files or more.",
        ),
    ] = 0,
) -> None:
    """Check deal files against the playbook and report every concession."""
    from ..config import check_format, fail_on_classes
    from ..discover import discover
    from ..errors import FatalError
    from ..parallel import jobs_for
    from ..report import FORMATS, ReportOptions
    from ..run import Options, Summary, check_sources

    found = settings.effective(
        paths,
        config=config,
        isolated=isolated,
        playbook=playbook,
        select=select,
        ignore=ignore,
        format=settings.given(ctx, "format", format),
        fail_on=settings.given(ctx, "fail_on", fail_on),
        waivers=waivers,
        no_inline_waivers=no_inline_waivers,
    )
    try:
        format = check_format(found, (*FORMATS, "markdown") if summary_view else FORMATS)
    except FatalError as exc:
        settings.fail(str(exc))
    chosen = reports.resolve_format(format)
    if color not in ("auto", "always", "never"):
        settings.fail(f"--color: expected auto, always or never, got '{color}'")
    if quiet and verbose:
        settings.fail("--quiet and --verbose cannot be used together")
    try:
        emits = reports.parse_emits(emit or [], FORMATS)
        step_summary_file = reports.step_summary_path(step_summary)
    except ValueError as exc:
        settings.fail(str(exc))
        raise AssertionError from None
    limits = _limits(limit or [])
    prepared = settings.prepare(found)
    options = Options(
        limits=limits,
        playbook=prepared.playbook,
        today=settings.today(today),
        fail_on=fail_on_classes(found),
        skip_non_deals=skip_non_deals,
        playbook_for=prepared.paths.for_file,
        waivers=prepared.waivers,
    )
    sources = list(discover(paths, skip_non_deals))

    def stdin() -> bytes:
        return sys.stdin.buffer.read(limits.max_bytes + 1)

    if summary_view:
        out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
        try:
            summary = Summary(waivers=prepared.tally(options.today))
            from .report_cmd import emit as emit_portfolio

            color_out = reports.resolve_color(color, sys.stdout) if output is None else False
            results = check_sources(sources, options, stdin, jobs_for(jobs, len(sources)))
            emit_portfolio(results, summary, chosen, options.today, out, color=color_out)
        finally:
            if output:
                out.close()
        raise typer.Exit(summary.exit_code)
    report_options = ReportOptions(
        verbose=verbose,
        quiet=quiet,
        playbook=prepared.playbook,
        root=Path(repo_root) if repo_root else None,
        help_uri=rule_docs_url,
    )
    try:
        outputs = reports.open_outputs(chosen, output, emits, step_summary_file, report_options, color)
    except OSError as exc:
        settings.fail(f"cannot write a report: {exc.filename}: {exc.strerror or exc}")
        raise AssertionError from None
    summary = Summary(waivers=prepared.tally(options.today))
    progress = reports.Progress(len(sources), reports.progress_wanted(sys.stderr))
    # The central waivers' tally needs every deal whole; otherwise workers may render them.
    render = outputs.renderer() if summary.waivers is None else None
    results = check_sources(sources, options, stdin, jobs_for(jobs, len(sources)), render)
    reports.run_reports(results, summary, outputs, progress)
    raise typer.Exit(summary.exit_code)

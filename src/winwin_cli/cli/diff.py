"""`winwin diff`: classify what changed between two versions of a deal (SPEC §5)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import output as reports
from . import settings

if TYPE_CHECKING:
    from ..diff import Version

USAGE = "give two files (winwin diff OLD NEW), or --rev REV [--rev REV2] and the deal files"


def diff(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="OLD NEW, or with --rev the deal files and directories to compare.",
            show_default=False,
            metavar="FILES",
        ),
    ] = None,
    rev: Annotated[
        list[str] | None,
        typer.Option(
            "--rev",
            "-r",
            metavar="REV",
            help="Compare the files at this git revision with the working tree; twice: REV with REV2.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="Output format: auto, rich, json or markdown.")
    ] = "auto",
    output: settings.OutputOption = None,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Classes that fail, of the change set and of new findings.")
    ] = "win-lose,lose-win",
    playbook: settings.PlaybookOption = None,
    today: settings.TodayOption = None,
    color: reports.ColorOption = "auto",
    config: settings.ConfigOption = None,
    isolated: settings.IsolatedOption = False,
) -> None:
    """Compare two versions of a deal: each changed term, toward whom the value moved, the class
    of the change set, and the findings the change introduced, resolved and kept.

    Exit 0 for a win-win change set or no change, 1 for a lopsided change set or a newly failing
    finding, 2 for errors.
    """
    from ..config import fail_on_classes
    from ..diff import DiffSummary, Pair, diff_pairs
    from ..errors import FatalError
    from ..report.diff import FORMATS, reporter
    from ..run import Options

    files = paths or []
    revs = rev or []
    chosen = "rich" if format == "auto" else format
    if chosen not in FORMATS:
        settings.fail(f"--format: unknown format '{format}' (choose from auto, {', '.join(FORMATS)})")
    if color not in reports.COLORS:
        settings.fail(f"--color: expected auto, always or never, got '{color}'")
    if len(revs) > 2:
        settings.fail("--rev: give at most two revisions")
    if revs and not files:
        settings.fail("--rev: name the deal files or directories to compare")
    if not revs and len(files) != 2:
        settings.fail(USAGE)
    day = settings.today(today)
    found = settings.effective(
        files,
        config=config,
        isolated=isolated,
        playbook=playbook,
        fail_on=settings.given(ctx, "fail_on", fail_on),
    )
    prepared = settings.prepare(found)
    options = Options(
        playbook=prepared.playbook, today=day, fail_on=fail_on_classes(found), waivers=prepared.waivers
    )
    pairs: list[Pair]
    if revs:
        from ..revisions import rev_pairs

        try:
            pairs = list(rev_pairs(revs, files, Path.cwd()))
        except FatalError as exc:
            settings.fail(str(exc))
            return
    else:
        from ..discover import display

        old, new = (_read(p, display(p)) for p in files)
        pairs = [Pair(display(files[1]), old, new)]
    try:
        out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    except OSError as exc:
        settings.fail(f"cannot write the report: {output}: {exc.strerror or exc}")
        return
    try:
        report_options: dict[str, object] = {}
        if chosen == "rich":
            if output is None:
                report_options = {
                    "color": reports.resolve_color(color, sys.stdout),
                    "width": reports.terminal_width(sys.stdout),
                }
            else:
                report_options = {"color": False}
        report = reporter(chosen, **report_options)
        summary = DiffSummary()
        out.write(report.begin())
        for result in diff_pairs(pairs, options):
            summary.add(result)
            out.write(report.add(result))
            out.flush()
        out.write(report.end(summary))
    finally:
        if output:
            out.close()
    raise typer.Exit(summary.exit_code)


def _read(path: str, shown: str) -> Version:
    from ..diff import read_version

    return read_version(shown, Path(path))

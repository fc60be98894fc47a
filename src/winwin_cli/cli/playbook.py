"""`winwin playbook test` and `winwin playbook check`: a company's playbook tested and linted."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from . import settings, started

app = typer.Typer(
    name="playbook",
    help="Test and lint a playbook (the built-in one when no path is given).",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

PlaybookArg = Annotated[
    Optional[Path],  # noqa: UP045 - typer reads the annotation at run time
    typer.Argument(help="Playbook directory or file (default: the built-in playbook).", show_default=False),
]


@app.command("test")
def run_tests(
    playbook: PlaybookArg = None,
    tests: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Option("--tests", help="Test files or directories (default: the playbook's tests/ directory)."),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show every test, not only failures.")
    ] = False,
    today: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--today", help="Judge waivers as of this day (YYYY-MM-DD), unless a test file sets today:."
        ),
    ] = None,
) -> None:
    """Run the playbook's tests: each a deal and the findings the playbook must report for it.

    Exit 0 when every test passes, 1 when one fails, 2 when a test file is malformed (or no
    test is found, or the playbook does not load).
    """
    from .. import playbook_cases
    from ..errors import FatalError
    from ..playbook import default_path, load_playbook

    root = playbook if playbook is not None else default_path()
    try:
        loaded = load_playbook(root)
    except FatalError as exc:
        settings.fail(str(exc))
        return
    started()
    day = settings.today(today)
    where = list(tests) if tests else [playbook_cases.default_tests(root)]
    missing = [str(p) for p in where if not p.exists()]
    if missing:
        settings.fail(f"no such test file or directory: {', '.join(missing)}")
    outcome = playbook_cases.run(loaded, where, day)
    typer.echo(playbook_cases.render(outcome, verbose=verbose), nl=False)
    raise typer.Exit(outcome.exit_code)


@app.command("check")
def check(
    playbook: PlaybookArg = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the check too (exit 1).")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="Output format: text or json.")] = "text",
) -> None:
    """Lint a playbook: unknown fields and names, bad expressions and thresholds, dead or ever-firing rules.

    Exit 0 when nothing is wrong (warnings allowed unless --strict), 1 when a problem is found,
    2 when the playbook cannot be found.
    """
    import json

    from ..playbook import default_path
    from ..playbook_lint import lint

    if format not in ("text", "json"):
        settings.fail(f"--format: expected text or json, got '{format}'")
    root = playbook if playbook is not None else default_path()
    if not root.exists():
        settings.fail(f"{root}: no such playbook file or directory")
    started()
    found = lint(root)
    errors = sum(1 for d in found if d.severity == "error")
    warnings = len(found) - errors
    if format == "json":
        entries = [
            {
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "severity": d.severity,
                "code": d.code,
                "message": d.message,
            }
            for d in found
        ]
        typer.echo(
            json.dumps(
                {
                    "playbook": str(root),
                    "diagnostics": entries,
                    "summary": {"errors": errors, "warnings": warnings},
                },
                indent=2,
            )
        )
    else:
        for d in found:
            typer.echo(f"{d.location}: {d.severity}: {d.message} [{d.code}]")
        if found:
            plural = {"error": "s" if errors != 1 else "", "warning": "s" if warnings != 1 else ""}
            typer.echo(f"Found {errors} error{plural['error']}, {warnings} warning{plural['warning']}.")
        else:
            typer.echo("All checks passed!")
    raise typer.Exit(1 if errors or (strict and warnings) else 0)

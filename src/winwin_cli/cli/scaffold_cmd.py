"""`winwin schema` (the deal file's JSON Schema) and `winwin init` (starter files)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from . import settings


def schema(
    playbook: Annotated[
        str | None,
        typer.Option("--playbook", help="Name this playbook's standard positions in descriptions."),
    ] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Write the schema to FILE.")] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of the deal file, for editors and check-jsonschema."""
    from ..errors import FatalError
    from ..playbook import load_playbook
    from ..schema import deal_schema

    try:
        book = load_playbook(Path(playbook) if playbook else None)
    except FatalError as exc:
        settings.fail(str(exc))
        return
    text = json.dumps(deal_schema(book), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        settings.fail(f"--output: cannot write '{output}': {exc.strerror or exc}")


def _write(files: dict[Path, str], force: bool) -> None:
    existing = [path for path in files if path.exists()]
    if existing and not force:
        names = ", ".join(str(p) for p in existing)
        settings.fail(f"{names} already exist{'s' if len(existing) == 1 else ''}; use --force to overwrite")
    for path, content in files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        except OSError as exc:
            settings.fail(f"cannot write '{path}': {exc.strerror or exc}")
        typer.echo(f"wrote {path}")


def init(
    path: Annotated[
        str | None,
        typer.Argument(help="The deal file to write (default deal.yaml), or with --repo the repository."),
    ] = None,
    repo: Annotated[
        bool,
        typer.Option(
            "--repo", help="Write .winwin.yaml, a waivers file, a GitHub workflow and pre-commit config."
        ),
    ] = False,
    deal_id: Annotated[str | None, typer.Option("--id", help="The starter deal's id.")] = None,
    counterparty: Annotated[
        str, typer.Option("--counterparty", help="The starter deal's counterparty.")
    ] = "Example Corp",
    deals: Annotated[
        str, typer.Option("--deals", help="With --repo: the directory of deal files.")
    ] = "deals",
    force: Annotated[bool, typer.Option("--force", help="Overwrite files that exist.")] = False,
) -> None:
    """Write a starter deal file that passes the check; with --repo, a repository's winwin setup."""
    from ..scaffold import repo_files, starter_deal

    if repo:
        root = Path(path or ".")
        _write({root / name: text for name, text in repo_files(deals.strip("/") or "deals").items()}, force)
        return
    target = Path(path or "deal.yaml")
    chosen = deal_id or (target.stem.upper().replace("_", "-") if path else "EXAMPLE-2026-001")
    _write({target: starter_deal(chosen, counterparty)}, force)

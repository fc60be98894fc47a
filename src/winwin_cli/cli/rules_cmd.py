"""`winwin rules` and `winwin explain RULE`: the playbook in force, documented from itself."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import settings

if TYPE_CHECKING:
    from rich.console import Console

    from ..playbook import Playbook

FormatOption = Annotated[str, typer.Option("--format", "-f", help="rich or json.")]


def _playbook(
    playbook: str | None, config: str | None, isolated: bool, select: str | None, ignore: str | None
) -> Playbook:
    found = settings.effective(
        ["."], config=config, isolated=isolated, playbook=playbook, select=select, ignore=ignore
    )
    return settings.prepare(found).playbook


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False, emoji=False, soft_wrap=False)


def rules(
    format: FormatOption = "rich",
    playbook: settings.PlaybookOption = None,
    config: settings.ConfigOption = None,
    isolated: settings.IsolatedOption = False,
    select: settings.SelectOption = None,
    ignore: settings.IgnoreOption = None,
) -> None:
    """List the rules of the playbook in force: id, slug, severity, class when unreciprocated, approvers."""
    from ..explain import approvers_text, rule_row

    if format not in ("rich", "json"):
        settings.fail(f"--format: expected rich or json, got '{format}'")
    book = _playbook(playbook, config, isolated, select, ignore)
    if format == "json":
        rows = [rule_row(book, rule) for rule in sorted(book.rules, key=lambda r: r.id)]
        typer.echo(json.dumps({"playbook": book.ref, "rules": rows}, indent=2))
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Playbook {book.ref}", title_justify="left", title_style="bold", pad_edge=False)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Slug", overflow="fold", ratio=2)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Lopsided as", no_wrap=True)  # the class when nothing reciprocates it
    table.add_column("Approvers", ratio=3)
    for rule in sorted(book.rules, key=lambda r: r.id):
        style = "" if rule.enabled else "dim strike"
        table.add_row(
            Text(rule.id, style=style or "bold"),
            Text(rule.slug, style=style),
            Text(rule.severity, style=style),
            Text(rule.unreciprocated, style=style),
            Text(approvers_text(book, rule), style=style),
        )
    console = _console()
    console.print(table)
    off = sum(1 for rule in book.rules if not rule.enabled)
    note = f"{len(book.rules)} rules" + (
        f", {off} turned off by the configuration (struck out)" if off else ""
    )
    console.print(Text(note + ". `winwin explain RULE` tells more.", style="dim"))


def explain(
    rule: Annotated[str, typer.Argument(help="Rule id (WW101) or slug (discount-unearned).")],
    format: FormatOption = "rich",
    playbook: settings.PlaybookOption = None,
    today: Annotated[
        str | None, typer.Option("--today", help="Run day for the examples (YYYY-MM-DD).")
    ] = None,
    config: settings.ConfigOption = None,
    isolated: settings.IsolatedOption = False,
) -> None:
    """Explain a rule: what it checks and why, the gets that reciprocate it, its approvers, the
    thresholds in force, the advice, and a passing and a failing example deal."""
    from ..errors import FatalError
    from ..explain import explanation, find

    if format not in ("rich", "json"):
        settings.fail(f"--format: expected rich or json, got '{format}'")
    book = _playbook(playbook, config, isolated, None, None)
    try:
        found = find(book, rule)
    except FatalError as exc:
        settings.fail(str(exc))
        return
    data = explanation(book, found, settings.today(today))
    if format == "json":
        typer.echo(json.dumps(data, indent=2))
        return
    _show(data)


def _show(data: dict[str, Any]) -> None:
    from rich.padding import Padding
    from rich.syntax import Syntax
    from rich.text import Text

    console = _console()
    head = Text(f"{data['id']} {data['slug']}", style="bold")
    head.append(f" · {data['title']}")
    if not data["enabled"]:
        head.append("  (turned off by the configuration)", style="yellow")
    console.print(head)
    facts = (
        f"gives: {data['gives']} · unreciprocated: {data['unreciprocated']} · severity: "
        f"{data['severity_detail']} · term: {data['term']} · playbook {data['playbook']}"
    )
    console.print(Text(facts, style="dim"))

    def section(title: str, body: str | Text) -> None:
        console.print()
        console.print(Text(title, style="bold"))
        console.print(Padding(body if isinstance(body, Text) else Text(body), (0, 0, 0, 2), expand=False))

    section("Description", str(data["description"]))
    section("Rationale", str(data["rationale"]))
    condition = str(data["condition"] or "")
    after = data["after"]
    if after:
        condition = (condition + "\n" if condition else "") + f"after: one of {', '.join(after)} fires"
    if data["each"]:
        condition += f"\nfor each entry of {data['each']}"
    section("Concession when", condition)
    gets = data["gets"]
    gets_text = Text()
    for n, get in enumerate(gets):
        gets_text.append(("\n" if n else "") + f"{get['title']}", style="green")
        gets_text.append(f"\n  when {get['when']}", style="dim")
    section(
        "Reciprocated (win-win) by", gets_text if gets else Text("nothing: never reciprocated", style="dim")
    )
    approvers = ", ".join(data["approvers"]) or "none"
    if data["approval_by"]:
        approvers += f"\n(bands compare {data['approval_by']})"
    section("Approvers", approvers)
    thresholds = data["thresholds"]
    section(
        "Thresholds in force",
        "\n".join(f"{k} = {v}" for k, v in thresholds.items()) or "none",
    )
    section("Advice", str(data["advice"]))
    for example in data["examples"]:
        title = "Passing example" if example["kind"] == "pass" else "Failing example"
        console.print()
        console.print(Text(f"{title} (verdict: {example['verdict']})", style="bold"))
        console.print(
            Padding(Syntax(example["deal"].rstrip(), "yaml", theme="ansi_dark"), (0, 0, 0, 2), expand=False)
        )
        for line in example["outcome"]:
            style = "red" if line.endswith("fails") or line == "verdict: fail" else "green"
            console.print(Padding(Text(line, style=style), (0, 0, 0, 2), expand=False))

"""Every output format escapes what came from a deal file (issue 5, item 3).

Deal text is hostile: a title can hold bidi controls, zero-width characters, markup, workflow
command syntax and line breaks; a file name can hold newlines, `%`, `,` and `:`. Whatever the
format, nothing of it may act on a terminal, a CI log, a Markdown renderer or an XML parser.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import TODAY, invoke, run_winwin
from winwin_cli.load import HIDDEN
from winwin_cli.report import FORMATS
from winwin_cli.report.guard import CommandGuard, defuse

# Free text may hold these (the loader accepts them there); ids, keys and enum values may not.
PAYLOADS = {
    "workflow": "%0A::error file=x.yaml,line=1::forged %25 , : end",
    "newline_command": "first line\n::warning file=y.yaml::second line\n  ::notice::indented",
    "bidi": "invoice \u202eexe.fdp\u202c and \u2066isolate\u2069",
    "zero_width": "zero\u200bwidth\u2060joiner\ufeffbom \U000e0041\U000e0042 tag characters",
    "html": "<img src=x onerror=alert(1)> <script>alert(2)</script> <b>bold</b> ]]> &amp; \"q\" 'a'",
    "markdown": "[click](javascript:alert(1)) ![i](http://e/x.png) @everyone | pipe | `code` *em* _u_ # h",
    "persian": "می\u200cخواهم",  # ZWNJ: kept as it is in free text
}
# Rendered output must never carry these raw.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_COMMAND_LINE = re.compile(r"^[ \t]*::", re.MULTILINE)
_GITHUB_COMMAND = re.compile(r"^::(?P<kind>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<data>.*)$")


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def nasty_deal(payload: str) -> str:
    return f"""winwin: 1
deal:
  id: NASTY-1
  title: {quoted(payload)}
  counterparty: {quoted(payload)}
  owner: {quoted(payload)}
  currency: EUR
  initiatives:
    - id: goal-1
      goal: {quoted(payload)}
pricing:
  list_annual: 100000
  discount_pct: 25
concessions:
  - id: c1
    what: {quoted(payload)}
    given_by: vendor
    value_annual: 10
approvals:
  - role: vp-sales
    name: {quoted(payload)}
    date: 2026-11-01
waivers:
  - rule: WW101
    reason: {quoted(payload)}
    approved_by: cfo
    expires: 2020-01-01
  - rule: WW999
    reason: {quoted(payload)}
    approved_by: {quoted("cfo")}
    expires: 2027-01-01
"""


# The enum error echoes the value written; the file name is hostile too.
BAD_NAME = "bad,na:me%0A\n::error::x.yaml"
BAD_DEAL = 'winwin: 1\ndeal:\n  id: X\n  counterparty: A\n  stage: "::error::x%0A,y:z <b>"\n'


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    root = tmp_path_factory.mktemp("nasty")
    out: dict[str, list[Path]] = {}
    for name, payload in PAYLOADS.items():
        folder = root / name
        folder.mkdir()
        (folder / "deal.yaml").write_text(nasty_deal(payload), encoding="utf-8")
        (folder / BAD_NAME).write_text(BAD_DEAL, encoding="utf-8")
        out[name] = [folder / "deal.yaml", folder / BAD_NAME]
    return out


def run(files: list[Path], fmt: str) -> str:
    """In-process, as the CLI writes to stdout (through the same guard)."""
    result = invoke(CliRunner(), "check", "--today", TODAY, "--format", fmt, *map(str, files))
    assert result.exit_code == 2, result.output[-2000:]  # the deal fails (1), the bad file (2)
    return result.stdout


@pytest.fixture(scope="module")
def outputs(files: dict[str, list[Path]]) -> dict[tuple[str, str], str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", "60")  # narrow: long text wraps, as a CI log's would
        patch.delenv("GITHUB_ACTIONS", raising=False)
        return {(fmt, name): run(paths, fmt) for fmt in FORMATS for name, paths in files.items()}


@pytest.mark.parametrize("fmt", [f for f in ("rich", "junit", "github") if f in FORMATS])
def test_as_a_process(files: dict[str, list[Path]], fmt: str) -> None:
    paths = files["newline_command"]
    result = run_winwin("check", "--today", TODAY, "--format", fmt, *map(str, paths))
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert _RAW_CONTROL.search(result.stdout) is None
    if fmt != "github":
        assert _COMMAND_LINE.search(result.stdout) is None


CASES = [(fmt, name) for fmt in FORMATS for name in PAYLOADS]


@pytest.mark.parametrize(("fmt", "name"), CASES)
def test_no_raw_control_or_hidden_character(outputs: dict[tuple[str, str], str], fmt: str, name: str) -> None:
    text = outputs[fmt, name]
    assert _RAW_CONTROL.search(text) is None, repr(_RAW_CONTROL.search(text))
    hidden = HIDDEN.search(text)
    assert hidden is None, f"U+{ord(hidden.group()):04X} reached the {fmt} output"


@pytest.mark.parametrize(("fmt", "name"), CASES)
def test_no_forged_workflow_command(outputs: dict[tuple[str, str], str], fmt: str, name: str) -> None:
    text = outputs[fmt, name]
    if fmt != "github":
        assert _COMMAND_LINE.search(text) is None, text
        return
    for line in text.splitlines():
        if line.startswith("winwin: "):
            continue
        match = _GITHUB_COMMAND.match(line)
        assert match is not None, line
        props = dict(p.split("=", 1) for p in match["props"].split(","))
        assert set(props) == {"file", "line", "col", "title"}, line
        assert props["line"].isdigit(), line
        assert props["col"].isdigit(), line


def _unescape(value: str) -> str:
    for code, char in (("%0A", "\n"), ("%0D", "\r"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


def test_github_annotations_carry_the_text_escaped(outputs: dict[tuple[str, str], str]) -> None:
    lines = outputs["github", "workflow"].splitlines()
    errors = [m for m in map(_GITHUB_COMMAND.match, lines) if m and m["kind"] == "error"]
    bad = [m for m in errors if "expected one of" in m["data"]]
    assert len(bad) == 1
    props = dict(p.split("=", 1) for p in bad[0]["props"].split(","))
    assert _unescape(props["file"]).endswith("bad,na:me%0A\\x0a::error::x.yaml")
    assert "got '::error::x%0A,y:z <b>'" in _unescape(bad[0]["data"])
    # The payload's own '%0A' stays text: the runner decodes it back to '%0A', not a newline.
    declared = [m for m in errors if "given by the" in m["data"]]
    assert declared
    assert PAYLOADS["workflow"] in _unescape(declared[0]["data"])


def test_github_escapes_as_the_spec_says() -> None:
    from winwin_cli.report.github import command

    line = command("error", "a%b\r\nc", file="x,y:z%\n", line=1, col=2, title="t:1,2")
    assert line == "::error file=x%2Cy%3Az%25%0A,line=1,col=2,title=t%3A1%2C2::a%25b%0D%0Ac\n"


@pytest.mark.parametrize("name", PAYLOADS)
def test_json_round_trips_the_text(outputs: dict[tuple[str, str], str], name: str) -> None:
    report = json.loads(outputs["json", name])
    (deal,) = report["deals"]
    payload = PAYLOADS[name]
    assert deal["title"] in (payload, _safe(payload))
    assert deal["counterparty"] in (payload, _safe(payload))
    (error,) = report["errors"]
    assert "::error::x%0A,y:z <b>" in error["message"]


def _safe(text: str) -> str:
    from winwin_cli.report.common import safe

    return safe(text)


@pytest.mark.parametrize("name", PAYLOADS)
def test_sarif_is_json_with_the_findings(outputs: dict[tuple[str, str], str], name: str) -> None:
    log = json.loads(outputs["sarif", name])
    results = log["runs"][0]["results"]
    assert any(r["ruleId"] == "WW801" for r in results)


@pytest.mark.parametrize("name", PAYLOADS)
def test_junit_is_well_formed_xml_holding_the_text(outputs: dict[tuple[str, str], str], name: str) -> None:
    root = ET.fromstring(outputs["junit", name])
    everything = " ".join(
        [*(e.text or "" for e in root.iter()), *(v for e in root.iter() for v in e.attrib.values())]
    )
    if name in ("html", "markdown"):
        assert PAYLOADS[name].splitlines()[0] in everything


def _markdown_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


@pytest.mark.parametrize("name", PAYLOADS)
def test_markdown_renders_the_text_as_text(outputs: dict[tuple[str, str], str], name: str) -> None:
    rendered = _markdown_html(outputs["markdown", name])
    tags = set(re.findall(r"<([a-z][a-z0-9]*)\b", rendered))
    assert tags <= {
        "h1",
        "h2",
        "h3",
        "h4",
        "p",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "strong",
        "em",
        "ul",
        "li",
        "br",
        "code",
        "details",
        "summary",
        "ol",
        "hr",
    }, tags
    assert 'href="javascript' not in rendered
    assert "<img" not in rendered
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    for line in PAYLOADS[name].splitlines():
        for word in _safe(line).split():
            assert word in text, (word, text)


def test_terminal_report_escapes_hidden_text_and_keeps_zwnj(outputs: dict[tuple[str, str], str]) -> None:
    text = outputs["rich", "bidi"]
    assert "\\u202e" in text
    assert "\u202e" not in text
    assert "می\u200cخواهم" in outputs["rich", "persian"]


def test_escape_sequences_in_a_deal_are_refused_not_printed(tmp_path: Path) -> None:
    """Controls never reach a report: the loader refuses them, raw or written as escapes."""
    deal = tmp_path / "esc.yaml"
    deal.write_text('winwin: 1\ndeal:\n  id: X\n  counterparty: "\\e]8;;http://e\\e\\\\x\\e[2J\\x9b"\n')
    result = run_winwin("check", "--today", TODAY, "--format", "json", str(deal))
    assert result.returncode == 2
    assert "control character U+001B is not allowed" in result.stdout
    assert _RAW_CONTROL.search(result.stdout + result.stderr) is None


@pytest.mark.parametrize(
    ("chunks", "expected"),
    [
        (["a\n::error::x\n", "  ::w\n"], "a\n\\x3a:error::x\n  \\x3a:w\n"),
        (["ab:", ":c\n:", ":error::y", "\nz"], "ab::c\n\\x3a:error::y\nz"),
        (["x\n ", ":", ":e\n"], "x\n \\x3a:e\n"),
        (["::"], "\\x3a:"),
        (["a", "::b\n"], "a::b\n"),
    ],
)
def test_command_guard_catches_commands_split_across_writes(chunks: list[str], expected: str) -> None:
    written: list[str] = []
    guard = CommandGuard(written.append, "rich")
    for chunk in chunks:
        guard.write(chunk)
    guard.close()
    assert "".join(written) == expected


def test_defuse_uses_the_format_escape() -> None:
    assert defuse("x\n::error::y", "&#58;") == "x\n&#58;:error::y"
    assert defuse("a :: b") == "a :: b"


def test_in_process_runs_are_guarded_too(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    deal = tmp_path / "deal.yaml"
    deal.write_text(nasty_deal(PAYLOADS["newline_command"]), encoding="utf-8")
    result = invoke(runner, "check", "--today", TODAY, str(deal))
    assert result.exit_code == 1
    assert _COMMAND_LINE.search(result.stdout) is None

"""Repository configuration: `.winwin.yaml` or `[tool.winwin]` in `pyproject.toml`.

The configuration that applies is the nearest one at or above the checked paths (as ruff
finds its configuration); `--config FILE` names one, `--isolated` ignores them all. Every
value records where it came from (the default, a place in a file, or a flag), so that
`winwin config show` can say why a setting is what it is, and flags always win over files.

Both file kinds are read into the same located tree as deal files (`load.Document`), so a
config error is reported like a deal error: file:line:col and a "did you mean" suggestion.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import FatalError, LoadError
from .load import Document, Node, PathT, Quoted, decode, load

if TYPE_CHECKING:
    from .config_file import ConfigFile
    from .playbook import Playbook

YAML_NAME = ".winwin.yaml"
PYPROJECT = "pyproject.toml"
DEFAULT_WAIVERS = ".winwin-waivers.yaml"
DEFAULT_FAIL_ON = ("win-lose", "lose-win")
CLASSES = ("win-win", "win-lose", "lose-win")


class Source(NamedTuple):
    """A configuration file as read: its path and its located tree."""

    path: Path
    document: Document
    kind: str  # yaml | pyproject

    def where(self, path: PathT, *, key: bool = False) -> str:
        line, column = self.document.key_mark(path) if key else self.document.mark(path)
        return f"{self.path}:{line}:{column}"


# ---------------------------------------------------------------------------------------------
# Finding and reading the file


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^\s*\[\[?\s*tool\s*\.\s*winwin\b", text, re.MULTILINE) is not None


def discover(start: Path) -> Path | None:
    """The nearest `.winwin.yaml`, or `pyproject.toml` with a `[tool.winwin]` table, at or above `start`."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / YAML_NAME
        if candidate.is_file():
            return candidate
        candidate = directory / PYPROJECT
        if candidate.is_file() and _has_tool_table(candidate):
            return candidate
    return None


def _nearest(start: Path, name: str) -> Path | None:
    for directory in (start, *start.parents):
        if (directory / name).is_file():
            return directory / name
    return None


def start_dir(paths: Iterable[str]) -> Path:
    """Where to look for the configuration of a run over `paths` (the working directory for stdin)."""
    import os

    resolved = [str(Path(p).resolve()) for p in paths if p != "-"]
    if not resolved:
        return Path.cwd()
    common = Path(os.path.commonpath(resolved))
    return common if common.is_dir() else common.parent


def read(path: Path) -> Source:
    """Read and locate a configuration file; unreadable or malformed files are `FatalError`."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FatalError(f"{path}: cannot read the configuration: {exc.strerror or exc}") from None
    try:
        text = decode(raw)
    except LoadError as exc:
        raise FatalError(f"{path}:{exc.line}:{exc.column}: {exc.message}") from None
    if path.name == PYPROJECT or path.suffix == ".toml":
        return Source(path, _toml_document(path, text), "pyproject" if path.name == PYPROJECT else "toml")
    try:
        document = load(text) if has_content(text) else Document({})
    except LoadError as exc:
        raise FatalError(f"{_display(str(path))}:{exc.line}:{exc.column}: {exc.message}") from None
    return Source(path, document, "yaml")


def has_content(text: str) -> bool:
    """False for a YAML file of blanks and comments only (an empty configuration, not an error)."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


def _toml_document(path: Path, text: str) -> Document:
    import tomllib

    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line, column = (int(found[1]), int(found[2])) if found else (1, 1)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise FatalError(f"{path}:{line}:{column}: invalid TOML: {message}") from None
    prefix: tuple[str, ...] = ("tool", "winwin")
    table: Any = parsed.get("tool", {}).get("winwin", {}) if path.name == PYPROJECT else parsed
    if path.name != PYPROJECT:
        prefix = ()
    if not isinstance(table, dict):
        raise FatalError(f"{path}: [tool.winwin] must be a table")
    values, keys = _toml_marks(text, prefix)
    data = _as_yaml(table)
    assert isinstance(data, dict)
    return Document(data, values, keys)


def _as_yaml(value: Any) -> Node:
    """TOML values as the YAML loader hands them over: numbers and booleans plain, text quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return Quoted(value)
    if isinstance(value, dict):
        return {str(k): _as_yaml(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_yaml(v) for v in value]
    return Quoted(str(value))


_TOML_KEY = r'(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')'
# Patterns, not compiled ones: most runs read no TOML file (re caches them once used).
_HEADER = rf"^\s*(\[\[?)\s*({_TOML_KEY}(?:\s*\.\s*{_TOML_KEY})*)\s*\]\]?"
_ASSIGN = rf"^(\s*)({_TOML_KEY}(?:\s*\.\s*{_TOML_KEY})*)\s*=\s*(\S)?"


def _split_key(dotted: str) -> tuple[str, ...]:
    parts = re.findall(_TOML_KEY, dotted)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


Marks = dict[PathT, tuple[int, int]]


def _toml_marks(text: str, prefix: tuple[str, ...]) -> tuple[Marks, Marks]:
    """Lines and columns of the keys under `prefix` (tomllib keeps none): headers and `key =` lines.

    Values inside multi-line arrays and inline tables are located at their key, which is as
    close as a line-oriented scan gets and is where a reader looks.
    """
    values: Marks = {(): (1, 1)}
    keys: Marks = {}
    table: PathT | None = () if not prefix else None
    arrays: dict[tuple[str, ...], int] = {}
    depth = 0  # open brackets of a multi-line value: its lines are not assignments
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.split("#", 1)[0] if '"' not in line and "'" not in line else line
        if depth == 0:
            header = re.match(_HEADER, stripped)
            if header is not None and not re.match(_ASSIGN, stripped):
                name = _split_key(header.group(2))
                column = header.start(2) + 1
                if name[: len(prefix)] != prefix:
                    table = None
                    continue
                rest = name[len(prefix) :]
                path: list[str | int] = list(rest)
                if header.group(1) == "[[":
                    index = arrays.get(name, -1) + 1
                    arrays[name] = index
                    path.append(index)
                table = tuple(path)
                if table:
                    values.setdefault(table, (number, column))
                    keys.setdefault(table, (number, column))
                    if header.group(1) == "[[":
                        values.setdefault(table[:-1], (number, column))
                        keys.setdefault(table[:-1], (number, column))
                continue
            assign = re.match(_ASSIGN, stripped)
            if assign is not None and table is not None:
                key_path = (*table, *_split_key(assign.group(2)))
                keys[key_path] = (number, len(assign.group(1)) + 1)
                value_col = assign.start(3) + 1 if assign.group(3) else len(assign.group(1)) + 1
                values[key_path] = (number, value_col)
                for n in range(len(table) + 1, len(key_path)):
                    values.setdefault(key_path[:n], (number, len(assign.group(1)) + 1))
        depth += stripped.count("[") + stripped.count("{") - stripped.count("]") - stripped.count("}")
        if re.match(_HEADER, stripped) and depth > 0 and not re.match(_ASSIGN, stripped):
            depth = 0
        depth = max(depth, 0)
    return values, keys


# ---------------------------------------------------------------------------------------------
# The effective configuration


class Setting(NamedTuple):
    value: Any
    origin: str  # "default", "FILE:LINE:COL" or "--flag"


class PathOverride(NamedTuple):
    patterns: tuple[str, ...]
    select: tuple[str, ...] | None
    ignore: tuple[str, ...]
    thresholds: Mapping[str, Decimal]
    origin: str

    def matches(self, relative: str) -> bool:
        return any(glob_match(pattern, relative) for pattern in self.patterns)


class Effective(NamedTuple):
    """Every setting of a run with where it came from."""

    file: Path | None
    root: Path  # relative paths in the configuration are relative to this directory
    playbook: Setting
    select: Setting
    ignore: Setting
    thresholds: Mapping[str, Setting]
    format: Setting
    fail_on: Setting
    waivers_file: Setting
    waivers_max_days: Setting
    inline_waivers: Setting
    overrides: tuple[PathOverride, ...] = ()
    source: Source | None = None

    def relative(self, file: str) -> str | None:
        """`file` relative to the configuration's directory, for glob matching (None: outside it)."""
        if file == "-":
            return None
        try:
            return Path(file).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None


class Flags(NamedTuple):
    """The command-line values that were given (None: not given)."""

    playbook: str | None = None
    select: str | None = None
    ignore: str | None = None
    format: str | None = None
    fail_on: str | None = None
    waivers: str | None = None
    no_inline_waivers: bool = False


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def resolve(paths: Sequence[str], config: str | None, isolated: bool, flags: Flags) -> Effective:
    """The effective configuration of a run over `paths`."""
    if isolated and config is not None:
        raise FatalError("--config and --isolated cannot be used together")
    file: Path | None = None
    if config is not None:
        file = Path(config)
        if not file.is_file():
            raise FatalError(f"--config: no such file '{config}'")
    elif not isolated:
        file = discover(start_dir(paths))
    source = read(file) if file is not None else None
    model: ConfigFile | None = None
    if source is not None:
        from .config_file import parse  # its models are built only for a run that has a file

        model = parse(source)
    root = file.resolve().parent if file is not None else Path.cwd()

    def at(*path: str | int, key: bool = False) -> str:
        assert source is not None
        return _display(source.where(tuple(path), key=key))

    playbook = Setting(None, "default")
    if flags.playbook is not None:
        playbook = Setting(Path(flags.playbook), "--playbook")
    elif model is not None and model.playbook is not None:
        playbook = Setting(root / model.playbook, at("playbook"))
    select = Setting(None, "default")
    if flags.select is not None:
        select = Setting(_split(flags.select), "--select")
    elif model is not None and model.select is not None:
        select = Setting(tuple(model.select), at("select"))
    ignore = Setting((), "default")
    if flags.ignore is not None:
        ignore = Setting(_split(flags.ignore), "--ignore")
    elif model is not None and "ignore" in model.model_fields_set:
        ignore = Setting(tuple(model.ignore), at("ignore"))
    thresholds = {
        name: Setting(value, at("thresholds", name, key=True))
        for name, value in (model.thresholds if model is not None else {}).items()
    }
    fmt = Setting("auto", "default")
    if flags.format is not None:
        fmt = Setting(flags.format, "--format")
    elif model is not None and model.format is not None:
        fmt = Setting(model.format, at("format"))
    fail_on = Setting(DEFAULT_FAIL_ON, "default")
    if flags.fail_on is not None:
        fail_on = Setting(_split(flags.fail_on), "--fail-on")
    elif model is not None and model.fail_on is not None:
        fail_on = Setting(tuple(model.fail_on), at("fail_on"))
    _check_classes(fail_on)
    waivers = model.waivers if model is not None else None
    waivers_given = waivers.model_fields_set if waivers is not None else set()
    waivers_file = Setting(None, "default")
    if flags.waivers is not None:
        waivers_file = Setting(Path(flags.waivers), "--waivers")
        if not waivers_file.value.is_file():
            raise FatalError(f"--waivers: no such file '{flags.waivers}'")
    elif waivers is not None and waivers.file is not None:
        waivers_file = Setting(root / waivers.file, at("waivers", "file"))
        if not waivers_file.value.is_file():
            raise FatalError(f"{waivers_file.origin}: waivers.file: no such file '{waivers.file}'")
    elif file is not None and (root / DEFAULT_WAIVERS).is_file():
        waivers_file = Setting(root / DEFAULT_WAIVERS, "default")
    elif file is None and not isolated:
        found = _nearest(start_dir(paths), DEFAULT_WAIVERS)
        if found is not None:
            waivers_file = Setting(found, "default")
    max_days = Setting(None, "default")
    if waivers is not None and "max_days" in waivers_given:
        max_days = Setting(waivers.max_days, at("waivers", "max_days"))
    inline = Setting(True, "default")
    if waivers is not None and "inline" in waivers_given:
        inline = Setting(waivers.inline, at("waivers", "inline"))
    if flags.no_inline_waivers:
        inline = Setting(False, "--no-inline-waivers")
    overrides = tuple(
        PathOverride(
            patterns=tuple(o.paths),
            select=tuple(o.select) if o.select is not None else None,
            ignore=tuple(o.ignore),
            thresholds=dict(o.thresholds),
            origin=at("overrides", n),
        )
        for n, o in enumerate(model.overrides if model is not None else ())
    )
    return Effective(
        file=file,
        root=root,
        playbook=playbook,
        select=select,
        ignore=ignore,
        thresholds=thresholds,
        format=fmt,
        fail_on=fail_on,
        waivers_file=waivers_file,
        waivers_max_days=max_days,
        inline_waivers=inline,
        overrides=overrides,
        source=source,
    )


def _display(where: str) -> str:
    """A location with the file shown relative to the working directory when it is below it."""
    path, _, rest = where.partition(":") if not re.match(r"^[A-Za-z]:\\", where) else (where, "", "")
    try:
        shown = Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        shown = path
    return f"{shown}:{rest}" if rest else shown


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _check_classes(setting: Setting) -> None:
    for name in setting.value:
        if name == "none" and len(setting.value) == 1:
            continue
        if name not in CLASSES:
            raise FatalError(
                f"{setting.origin}: fail_on: unknown class '{name}'{_suggest(name, CLASSES)} "
                f"(choose from {', '.join(CLASSES)}, none)"
            )


def fail_on_classes(effective: Effective) -> frozenset[str]:
    return frozenset(c for c in effective.fail_on.value if c != "none")


def check_format(effective: Effective, formats: Sequence[str]) -> str:
    name = str(effective.format.value)
    if name != "auto" and name not in formats:
        where = "--format" if effective.format.origin == "--format" else f"{effective.format.origin}: format"
        choices = ", ".join(formats)
        hint = _suggest(name, formats)
        raise FatalError(f"{where}: unknown format '{name}'{hint} (choose from auto, {choices})")
    return name


# ---------------------------------------------------------------------------------------------
# Applying it to a playbook


def _check_rules(playbook: Playbook, names: Iterable[str], origin: str, key: str) -> None:
    ids = [rule.id for rule in playbook.rules]
    slugs = {rule.slug: rule.id for rule in playbook.rules}
    for name in names:
        if name in slugs or any(rule_id.startswith(name) for rule_id in ids):
            continue
        raise FatalError(f"{origin}: {key}: no rule id starts with '{name}'{_suggest(name, [*ids, *slugs])}")


def _rule_ids(playbook: Playbook, names: Iterable[str]) -> tuple[str, ...]:
    slugs = {rule.slug: rule.id for rule in playbook.rules}
    return tuple(slugs.get(name, name) for name in names)


def _check_thresholds(playbook: Playbook, names: Iterable[str], origin: Mapping[str, str] | str) -> None:
    for name in names:
        if name not in playbook.thresholds:
            where = origin[name] if isinstance(origin, Mapping) else origin
            raise FatalError(
                f"{where}: thresholds: unknown threshold '{name}'{_suggest(name, playbook.thresholds)}"
            )


def tailor(
    playbook: Playbook,
    select: Sequence[str] | None,
    ignore: Sequence[str],
    thresholds: Mapping[str, Decimal],
) -> Playbook:
    """The playbook with only the selected, not ignored rules enabled and thresholds overridden."""
    from .playbook import with_overrides

    chosen = _rule_ids(playbook, select) if select is not None else None
    dropped = _rule_ids(playbook, ignore)
    disable = [
        rule.id
        for rule in playbook.rules
        if (chosen is not None and not rule.id.startswith(chosen))
        or (dropped and rule.id.startswith(dropped))
    ]
    if not disable and not thresholds:
        return playbook
    return with_overrides(playbook, thresholds=thresholds, disable=disable)


def apply(effective: Effective, playbook: Playbook) -> Playbook:
    """The run's playbook: the configuration's rule selection and thresholds applied."""
    _check_rules(playbook, effective.select.value or (), effective.select.origin, "select")
    _check_rules(playbook, effective.ignore.value, effective.ignore.origin, "ignore")
    _check_thresholds(playbook, effective.thresholds, {n: s.origin for n, s in effective.thresholds.items()})
    for override in effective.overrides:
        _check_rules(playbook, override.select or (), override.origin, "select")
        _check_rules(playbook, override.ignore, override.origin, "ignore")
        _check_thresholds(playbook, override.thresholds, override.origin)
    thresholds = {name: s.value for name, s in effective.thresholds.items()}
    try:
        return tailor(playbook, effective.select.value, effective.ignore.value, thresholds)
    except FatalError as exc:
        where = _display(str(effective.file)) if effective.file else "configuration"
        raise FatalError(f"{where}: {exc}") from None


class PathPlaybooks:
    """The playbook of each deal file: the run's, or one tailored by a matching per-path override.

    Overrides apply in order, each on top of the ones before (later entries win), like
    ruff's per-file settings; the tailored playbooks are built once per distinct combination.
    `raw` is the playbook before the configuration (what overrides start from).
    """

    __slots__ = ("base", "cache", "effective", "raw")

    def __init__(self, base: Playbook, effective: Effective, raw: Playbook) -> None:
        self.base = base
        self.effective = effective
        self.raw = raw
        self.cache: dict[tuple[int, ...], Playbook] = {}

    def for_file(self, file: str) -> Playbook:
        if not self.effective.overrides:
            return self.base
        relative = self.effective.relative(file)
        if relative is None:
            return self.base
        matched = tuple(n for n, o in enumerate(self.effective.overrides) if o.matches(relative))
        if not matched:
            return self.base
        found = self.cache.get(matched)
        if found is None:
            select = self.effective.select.value
            ignore: tuple[str, ...] = tuple(self.effective.ignore.value)
            thresholds = {name: s.value for name, s in self.effective.thresholds.items()}
            for n in matched:
                override = self.effective.overrides[n]
                if override.select is not None:
                    select = override.select
                ignore = (*ignore, *override.ignore)
                thresholds.update(override.thresholds)
            found = tailor(self.raw, select, ignore, thresholds)
            self.cache[matched] = found
        return found


_GLOB_PART = r"\*\*/|\*\*|\*|\?|\[[^\]]*\]|[^*?\[]+"  # compiled (and cached by re) once used


def glob_match(pattern: str, path: str) -> bool:
    """Match a POSIX relative path against a glob: `*` within a directory, `**/` any directories.

    A pattern without a slash matches the file name at any depth (as in .gitignore);
    a pattern naming a directory matches every file below it.
    """
    pattern = pattern.removeprefix("./")
    if "/" not in pattern.rstrip("/"):
        pattern = "**/" + pattern
    regex = ""
    for token in re.findall(_GLOB_PART, pattern):
        if token == "**/":
            regex += "(?:.*/)?"
        elif token == "**":
            regex += ".*"
        elif token == "*":
            regex += "[^/]*"
        elif token == "?":
            regex += "[^/]"
        elif token.startswith("["):
            regex += "[" + token[1:-1].replace("!", "^", 1) + "]" if token[1:2] == "!" else token
        else:
            regex += re.escape(token)
    if regex.endswith("/"):
        regex += ".*"
    return re.fullmatch(regex + "(?:/.*)?", path) is not None

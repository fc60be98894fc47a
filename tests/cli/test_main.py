"""The console-script entry point (`winwin_cli.cli.main`), run as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, ROOT, TODAY

DEAL = str(EXAMPLES / "concessions-stark.yaml")

# Runs `main` on the arguments given, then reports which pydantic plugin loader the run used
# and whether `importlib.metadata` (what scanning for plugins needs) was imported at all.
PROBE = """
import sys
from winwin_cli.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
loader = sys.modules.get("pydantic.plugin._loader")
print("exit", code, "loader", getattr(loader, "__file__", None) is not None,
      "metadata", "importlib.metadata" in sys.modules, file=sys.stderr)
"""


def probe(*args: str, env: dict[str, str] | None = None) -> tuple[str, str]:
    full_env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    full_env.update({"COLUMNS": "100", "NO_COLOR": "1", **(env or {})})
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )
    return done.stdout, done.stderr.strip().splitlines()[-1]


def test_check_does_not_look_for_pydantic_plugins() -> None:
    out, status = probe("check", DEAL, "--today", TODAY)
    assert status == "exit 1 loader False metadata False"
    assert "1 file checked" in out


def test_plugins_are_looked_for_when_the_environment_turns_them_on() -> None:
    out, status = probe("check", DEAL, "--today", TODAY, env={"PYDANTIC_DISABLE_PLUGINS": "0"})
    assert status == "exit 1 loader True metadata True"
    assert "1 file checked" in out


def test_the_output_is_the_same_either_way() -> None:
    off, _ = probe("check", DEAL, "--today", TODAY)
    on, _ = probe("check", DEAL, "--today", TODAY, env={"PYDANTIC_DISABLE_PLUGINS": "0"})
    assert off == on


def test_the_stand_in_hands_any_other_name_to_the_real_loader(tmp_path: Path) -> None:
    script = tmp_path / "other_name.py"
    script.write_text(
        "import sys\n"
        "from winwin_cli.cli import _without_pydantic_plugins\n"
        "_without_pydantic_plugins()\n"
        "from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP, get_plugins\n"
        "print(PYDANTIC_ENTRY_POINT_GROUP, list(get_plugins()),"
        " sys.modules['pydantic.plugin._loader'].__file__ is not None)\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    assert done.stdout.split() == ["pydantic", "[]", "True"]

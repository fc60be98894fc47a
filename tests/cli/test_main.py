"""The console-script entry point (`winwin_cli.cli.main`), run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, ROOT, TODAY

DEAL = str(EXAMPLES / "concessions-stark.yaml")

# Runs `main` on the arguments given, then reports which pydantic plugin loader the run used,
# whether `importlib.metadata` (what scanning for plugins needs) was imported at all, and
# whether the garbage collector runs again (and how many objects start-up set aside).
PROBE = """
import gc, sys
from winwin_cli.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
loader = sys.modules.get("pydantic.plugin._loader")
print("exit", code, "loader", getattr(loader, "__file__", None) is not None,
      "metadata", "importlib.metadata" in sys.modules, file=sys.stderr)
print("gc", gc.isenabled(), "frozen", gc.get_freeze_count() > 10000, file=sys.stderr)
"""


def python(script: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -c script args` in a fresh process, pydantic's plugins left to `main`."""
    full_env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    full_env.update({"COLUMNS": "100", "NO_COLOR": "1", **(env or {})})
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


def probe(*args: str, env: dict[str, str] | None = None) -> tuple[str, str]:
    done = python(PROBE, *args, env=env)
    return done.stdout, " ".join(done.stderr.strip().splitlines()[-2:])


def test_check_does_not_look_for_pydantic_plugins() -> None:
    out, status = probe("check", DEAL, "--today", TODAY)
    assert status == "exit 1 loader False metadata False gc True frozen True"
    assert "1 file checked" in out


def test_plugins_are_looked_for_when_the_environment_turns_them_on() -> None:
    out, status = probe("check", DEAL, "--today", TODAY, env={"PYDANTIC_DISABLE_PLUGINS": "0"})
    assert status == "exit 1 loader True metadata True gc True frozen True"
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


def test_the_collector_runs_again_once_a_playbook_command_is_set_up() -> None:
    _, status = probe("playbook", "test")
    assert status.endswith("gc True frozen True")
    assert status.startswith("exit 0")


def test_a_command_that_fails_early_leaves_the_collector_off_until_it_exits() -> None:
    # Only short runs end before setting up: nothing is collected, nothing set aside.
    _, status = probe("check", "--color", "sometimes", DEAL)
    assert status == "exit 2 loader False metadata False gc False frozen False"


def test_an_embedding_program_keeps_its_collector_off(tmp_path: Path) -> None:
    script = tmp_path / "embedded.py"
    script.write_text(
        "import gc, sys\n"
        "from winwin_cli.cli import main\n"
        "gc.disable()\n"
        f"try:\n    main(['check', {DEAL!r}, '--today', {TODAY!r}])\n"
        "except SystemExit:\n    pass\n"
        "print(gc.isenabled(), gc.get_freeze_count(), file=sys.stderr)\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stderr.split() == ["False", "0"]


# `main()` without arguments owns the process and ends it without tearing the interpreter down:
# what the ordinary exit would still do must be done all the same.
LEAVING = """
import atexit, os, sys, threading, time
from winwin_cli.cli import main
atexit.register(lambda: sys.stderr.write("atexit ran\\n"))
end_now = os._exit
def spy(code: int) -> None:
    os.write(2, b"left without teardown\\n")
    end_now(code)
os._exit = spy
if sys.argv[1] == "with-thread":
    def late() -> None:  # still running when the command is done
        while "winwin_cli.report.json" not in sys.modules:
            time.sleep(0.01)
        time.sleep(1)
        sys.stderr.write("thread done\\n")
    threading.Thread(target=late).start()
sys.argv[1:] = sys.argv[2:]
main()
"""


def test_the_console_script_flushes_its_output_and_runs_the_atexit_handlers() -> None:
    done = python(LEAVING, "plain", "check", DEAL, "--today", TODAY, "--format", "json")
    assert done.returncode == 1
    assert json.loads(done.stdout)["summary"]["exit_code"] == 1  # the whole report, flushed
    assert done.stderr == "atexit ran\nleft without teardown\n"


def test_the_console_script_exits_the_ordinary_way_while_another_thread_runs() -> None:
    done = python(LEAVING, "with-thread", "check", DEAL, "--today", TODAY, "--format", "json")
    assert done.returncode == 1
    assert done.stderr == "thread done\natexit ran\n"


def test_the_console_script_keeps_the_exit_code_of_a_usage_error() -> None:
    done = python(LEAVING, "plain", "check", "--color", "sometimes", DEAL)
    assert done.returncode == 2
    assert "--color" in done.stderr
    assert done.stderr.endswith("atexit ran\nleft without teardown\n")


def test_a_profiler_still_reports_when_the_command_is_done() -> None:
    # cProfile prints its table as the interpreter ends: the ordinary exit, then.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cProfile",
            "-s",
            "tottime",
            "-m",
            "winwin_cli",
            "check",
            DEAL,
            "--today",
            TODAY,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "1 file checked" in done.stdout
    assert "function calls" in done.stdout


MODULES = """
import sys
from winwin_cli.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(*sorted(m for m in ("winwin_cli.config_file", "winwin_cli.waivers_file") if m in sys.modules))
"""


def test_a_run_without_configuration_or_waivers_file_never_defines_their_models(tmp_path: Path) -> None:
    done = python(MODULES, "check", DEAL, "--today", TODAY, "--isolated")
    assert done.stdout.splitlines()[-1] == ""
    config = tmp_path / ".winwin.yaml"
    config.write_text("fail_on: win-lose\n", encoding="utf-8")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers: []\n", encoding="utf-8")
    done = python(
        MODULES, "check", DEAL, "--today", TODAY, "--config", str(config), "--waivers", str(waivers)
    )
    assert done.stdout.splitlines()[-1] == "winwin_cli.config_file winwin_cli.waivers_file"

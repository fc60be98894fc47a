"""The command line: the only code that reads argv, writes to stdout/stderr and picks exit codes.

`main` answers `--version` before importing anything heavy; the typer application (and the
pipeline behind each command) is imported only when a command runs.
"""

from __future__ import annotations

import gc
import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point.

    Called without `argv` (the console script, `python -m winwin_cli`) it owns the process and
    ends it with `_leave`; called with `argv` (an embedding program, a test) it raises
    `SystemExit` as usual.
    """
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        from .. import __version__

        sys.stdout.write(f"winwin {__version__}\n")
        sys.exit(0)
    _without_pydantic_plugins()
    # Start-up (imports, models, the playbook) allocates much and frees nearly nothing, so the
    # collector would only walk the same objects again and again: it waits for `started()`.
    _start_up["held"] = gc.isenabled()
    gc.disable()
    from .app import build_app

    try:
        build_app()(args=args, prog_name="winwin")
    except SystemExit as exit:
        if argv is None:
            _leave(exit)
        raise
    except Exception as exc:  # the last resort: a bug is exit 3, not a traceback
        sys.stdout.flush()
        sys.stderr.write(
            f"winwin: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in winwin; please report it with the command and the files it read"
            f"{'' if _verbose(args) else ' (run with -v to see the traceback)'}.\n"
        )
        if _verbose(args):
            import traceback

            traceback.print_exc()
        sys.exit(3)


def _leave(exit: SystemExit) -> None:
    """End the process now, without tearing the interpreter down; return if that is not safe.

    Teardown frees, one by one, every module, model and rule start-up built: about a tenth of a
    one-deal check, for nothing, as the process ends anyway. By the time a command returns, its
    files are closed (outputs close in `finally`) and its workers joined; what is left is done
    here: the standard streams are flushed and the `atexit` handlers run. Anything unusual (an
    exit code that is not a number, another thread still running, a profiler or tracer that
    reports when the interpreter ends, a flush that fails on a closed pipe) returns, and the
    ordinary exit deals with it.
    """
    import threading

    code = 0 if exit.code is None else exit.code
    if not isinstance(code, int) or threading.active_count() > 1:
        return
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    import atexit

    atexit._run_exitfuncs()
    os._exit(code)


_start_up = {"held": False}  # whether main() holds the garbage collector back


def started() -> None:
    """Start-up is over (the command is set up, its files come next): collect garbage again.

    What start-up built lives as long as the process, so it is set aside (`gc.freeze`) for the
    collector not to walk it on every later collection, nor forked workers to copy it.
    Only undoes what `main` did: an embedding program's collector is its own business.
    """
    if _start_up["held"]:
        _start_up["held"] = False
        gc.freeze()
        gc.enable()


PLUGIN_LOADER = "pydantic.plugin._loader"
PLUGINS_OFF = ("__all__", "1", "true")  # the values of PYDANTIC_DISABLE_PLUGINS that turn all off


def _without_pydantic_plugins() -> None:
    """Turn pydantic's plugins off, unless the environment says otherwise, without paying for it.

    Pydantic looks for plugins by scanning every installed distribution's entry points when the
    first model is built: winwin's models need none, and the scan costs more than they do. Even
    with plugins turned off, building a model imports pydantic's plugin loader, and with it
    `importlib.metadata` (a twentieth of `winwin check`'s start-up) only to return no plugins.
    So when they are all off, a stand-in loader returns none; any other name asked of it hands
    over to the real loader.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] not in PLUGINS_OFF or PLUGIN_LOADER in sys.modules:
        return
    import types

    loader = types.ModuleType(PLUGIN_LOADER, "Stand-in for pydantic's plugin loader: plugins are off.")

    def get_plugins() -> tuple[()]:
        return ()

    def real(name: str) -> object:
        if name.startswith("__"):  # the import system asking whether this is a package
            raise AttributeError(name)
        if sys.modules.get(PLUGIN_LOADER) is loader:
            del sys.modules[PLUGIN_LOADER]
        import importlib

        return getattr(importlib.import_module(PLUGIN_LOADER), name)

    loader.get_plugins = get_plugins  # type: ignore[attr-defined]
    loader.__getattr__ = real  # type: ignore[method-assign]
    sys.modules[PLUGIN_LOADER] = loader


def _verbose(args: list[str]) -> bool:
    return "-v" in args or "--verbose" in args

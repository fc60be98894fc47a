"""The command line: the only code that reads argv, writes to stdout/stderr and picks exit codes.

`main` answers `--version` before importing anything heavy; the typer application (and the
pipeline behind each command) is imported only when a command runs.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        from .. import __version__

        sys.stdout.write(f"winwin {__version__}\n")
        sys.exit(0)
    # Pydantic looks for plugins by scanning every installed distribution's entry points when
    # the first model is built: winwin's models need none, and the scan costs more than they do.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    from .app import build_app

    try:
        build_app()(args=args, prog_name="winwin")
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


def _verbose(args: list[str]) -> bool:
    return "-v" in args or "--verbose" in args

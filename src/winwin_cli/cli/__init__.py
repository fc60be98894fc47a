"""The command line: the only code that reads argv, writes to stdout/stderr and picks exit codes.

`main` answers `--version` before importing anything heavy; the typer application (and the
pipeline behind each command) is imported only when a command runs.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        from .. import __version__

        sys.stdout.write(f"winwin {__version__}\n")
        sys.exit(0)
    from .app import build_app

    build_app()(args=args, prog_name="winwin")

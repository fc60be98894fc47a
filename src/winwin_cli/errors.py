"""Errors that carry a place in a file, and the one error that ends a run."""

from __future__ import annotations


class FatalError(Exception):
    """The command line, the configuration or the playbook is wrong: the run cannot start (exit 2)."""


class LoadError(Exception):
    """A deal file cannot be read as plain YAML; line and column are 1-based."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message

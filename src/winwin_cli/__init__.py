"""winwin: check sales deals for win-win."""

__version__ = "1.0.0"

"""trainertui: a terminal workout timer with guided routines."""

__version__ = "0.1.0"

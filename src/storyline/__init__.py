"""Storyline: many news reports about the same events → one verified, source-traced picture."""

__version__ = "0.1.0"
EXPORT_SCHEMA = "storyline.export/1"

"""Renderers: one module per output format, each imported only when its format is chosen."""

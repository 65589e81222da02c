"""Strict, safe YAML: the reader (``reader``) and pydantic errors phrased as located lines (``validation``).

Nothing is imported here, so a command that reads no file does not pay for PyYAML.
"""

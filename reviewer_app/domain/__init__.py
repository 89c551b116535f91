"""Frozen dataclasses, enums and pure rules. Imports only the standard library."""

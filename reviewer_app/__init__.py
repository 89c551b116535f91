"""Frontier Review Desk: offline review of frontier AI model submissions."""

__version__ = "0.1.0"

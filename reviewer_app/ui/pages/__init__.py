"""The case pages (assembled by ``ui.wiring``) and their helpers."""

"""The PySide6 front end: windows, item models, views, dialogs and background jobs.

Nothing outside this package imports it; it calls the same services as the CLI.
"""

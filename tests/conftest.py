"""Root test configuration.

QT_QPA_PLATFORM must be set before Qt loads: without a display and without it,
pytest aborts the whole process inside pytest-qt's ``qapp`` fixture.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never fall back to the user's real workspace.
os.environ.pop("REVIEWER_APP_WORKSPACE", None)
os.environ.pop("REVIEWER_APP_PASSWORD", None)
os.environ.pop("REVIEWER_APP_PASSPHRASE", None)

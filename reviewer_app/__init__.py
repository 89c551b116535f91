"""Frontier Review Desk: offline review of frontier AI model submissions."""

import warnings

__version__ = "0.1.0"

# cryptography 51 deprecates DSA, and pyHanko imports the DSA key class at import
# time (pyhanko.sign.signers.pdf_cms), which warns on every run of every command.
# We never make or accept DSA keys; this silences that one third-party warning,
# matched by its text and by pyHanko as the importer, and nothing of ours.
# (UserWarning is CryptographyDeprecationWarning's base: naming the class itself
# would import cryptography on every start.) pyproject.toml's pytest
# filterwarnings carries the same line, since pytest resets filters per test.
warnings.filterwarnings(
    "ignore", message=r"DSA is deprecated", category=UserWarning, module=r"pyhanko\."
)

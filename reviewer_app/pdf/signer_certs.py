"""Which certificates signed a PDF, in signing order (for binding signatures to people).

``verify`` says whether each signature is intact and trusted; this says whose
certificate made it, as the SHA-256 of its DER, so a caller can compare it
with the certificate it has on record for the person the letter names.
"""

from __future__ import annotations

import hashlib
import io

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

from reviewer_app.errors import RejectedError


def signer_fingerprints(data: bytes, *, name: str = "") -> list[str]:
    """SHA-256 of each embedded signature's signer certificate, first signature first."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        return [hashlib.sha256(sig.signer_cert.dump()).hexdigest()
                for sig in reader.embedded_signatures]
    except (PdfError, ValueError, KeyError, TypeError, IndexError, RecursionError) as exc:
        raise RejectedError("PDF_INVALID", f"{name or 'the file'}: its signatures cannot be "
                            f"read: {exc}") from exc

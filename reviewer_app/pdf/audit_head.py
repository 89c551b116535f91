"""The audit chain head as a signed CMS attribute of a letter's PAdES signature.

Each letter signature carries the signing workstation's chain head (one line,
``<workstation> <seq> <hash>``, ``domain.checkpoint.head_line``) as a signed
attribute: it is covered by the signature itself, so the letter, printed or
filed elsewhere, witnesses the chain (``reviewer-app audit verify --witness``).

The attribute type is ``AUDIT_HEAD_OID``, a UUID-based OID (ITU-T X.667,
``2.25.<uuid>``: no registration needed); its one value is a UTF8String.
``openssl cms -cmsout -print`` shows it as an unknown attribute with that OID.

pyHanko's signers build their signed attributes through
``Signer._signed_attr_provider_spec``; ``signed_into`` wraps that method on
one signer for one signature and puts it back (as pyHanko itself does for
its PDF MAC attribute, ``PdfMacAttrProviderSpec.install``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from asn1crypto import cms, core
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.attributes import CMSAttributeProvider, SignedAttributeProviderSpec

AUDIT_HEAD_OID = "2.25.121251811376929004177450947101764655733"



class _SetOfUTF8String(core.SetOf):  # type: ignore[misc]
    _child_spec = core.UTF8String


# asn1crypto's way to teach it an attribute's value type, keyed by the type's
# native form (our OID is unnamed, so its dotted string); a library registry,
# filled once when letters are signed or read.
cms.CMSAttribute._oid_specs[AUDIT_HEAD_OID] = _SetOfUTF8String


class _HeadProvider(CMSAttributeProvider):
    attribute_type = AUDIT_HEAD_OID

    def __init__(self, line: str) -> None:
        self.line = line

    async def build_attr_value(self, dry_run: bool = False) -> core.UTF8String:
        return core.UTF8String(self.line)


class _WithHead(SignedAttributeProviderSpec):
    def __init__(self, inner: SignedAttributeProviderSpec, line: str) -> None:
        self.inner, self.line = inner, line

    def signed_attr_providers(
        self, data_digest: bytes, digest_algorithm: str
    ) -> Iterable[CMSAttributeProvider]:
        yield from self.inner.signed_attr_providers(data_digest, digest_algorithm)
        yield _HeadProvider(self.line)


@contextmanager
def signed_into(signer: Any, line: str | None) -> Iterator[None]:
    """Signatures ``signer`` (a pyHanko ``Signer``) makes inside carry ``line``; None: nothing."""
    if line is None:
        yield
        return
    original = signer._signed_attr_provider_spec

    def with_head(*args: Any, **kwargs: Any) -> SignedAttributeProviderSpec:
        return _WithHead(original(*args, **kwargs), line)

    signer._signed_attr_provider_spec = with_head
    try:
        yield
    finally:
        del signer._signed_attr_provider_spec  # the class's method again


def heads_in(pdf: bytes) -> list[tuple[str, str]]:
    """``(signature field name, head line)`` for each signature that carries one, in order."""
    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except (PdfError, ValueError) as exc:
        raise ValueError(f"not a readable PDF: {exc}") from None
    out: list[tuple[str, str]] = []
    for sig in signatures:
        for attr in sig.signer_info["signed_attrs"]:
            if attr["type"].dotted == AUDIT_HEAD_OID:
                for value in attr["values"]:
                    out.append((sig.field_name, str(value.native)))
    return out

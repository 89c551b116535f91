"""Letter render + PAdES sign: median of N runs, next to ReportLab render alone (the floor).

    /tmp/venv/bin/python benchmarks/letter_sign.py [--runs 20]

Measured in one process, one after the other, after two warm-up runs (font
registration and imports are paid once per process, not per letter):
  render       ReportLab alone (pdf.letter.render_letter)
  render+sign  render, then the certification signature with a LoadedSigner
               (key loaded once from PKCS#12, kept in memory)
  stock        render, then pyHanko's stock SimpleSigner.load_pkcs12 on every letter
               and no bytes_reserved (what the kept key avoids), for comparison
  checks       what signing adds before the signature: the signer's chain validated
               against the office anchor and a CRL (pdf.revocation.check_signer)
  verify       verify-pdf of the signed letter with that CRL as hard revocation data
  print copy   the print copy of the signed letter (pdf.print_copy), what Print adds to verify
Goal: render+sign <= 50 ms median.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reviewer_app.domain.determination import REVIEWER_FIELD
from reviewer_app.pdf import signing
from reviewer_app.pdf.letter import render_letter
from reviewer_app.pdf.print_copy import make_print_copy
from reviewer_app.pdf.revocation import OfficeTrust, check_signer
from reviewer_app.pdf.verify import load_roots, verify_pdf_bytes
from tests.support.letter_content import content
from tests.support.pki import CertSpec, make_ca, make_crl, make_leaf, to_pkcs12


def timed(fn, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per run (CPU time shows what contention hides)."""
    for _ in range(2):
        fn()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def stock_sign(p12: Path, letter) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=b"bench")
    box = next(f for f in letter.fields if f.name == REVIEWER_FIELD)
    meta = signers.PdfSignatureMetadata(field_name=REVIEWER_FIELD, md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES, certify=True)
    out = io.BytesIO()
    signers.PdfSigner(meta, signer, new_field_spec=fields.SigFieldSpec(
        REVIEWER_FIELD, on_page=box.page, box=box.box)).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(letter.pdf)), output=out)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--items", type=int, default=25, help="checklist items in annex A")
    args = parser.parse_args()
    letter_content = content(items=args.items, evidence=6)
    print(f"letter: {len(render_letter(letter_content).pdf):,} bytes unsigned, "
          f"{args.items} checklist items, 6 evidence rows")
    ca = make_ca(CertSpec("Bench CA"))
    for kind in ("ec", "rsa"):
        leaf = make_leaf(CertSpec("Bench Signer", key_kind=kind), ca)
        with tempfile.TemporaryDirectory() as tmp:
            p12 = Path(tmp) / "signer.p12"
            p12.write_bytes(to_pkcs12(leaf, [ca.cert], b"bench"))
            loaded = signing.load_pkcs12_signer(p12, "bench")
            render = timed(lambda: render_letter(letter_content), args.runs)
            both = timed(lambda signer=loaded: signing.certify_letter(
                render_letter(letter_content), signer, field_name=REVIEWER_FIELD,
                reason="bench"), args.runs)
            stock = timed(lambda path=p12: stock_sign(path, render_letter(letter_content)),
                          args.runs)
            crl = make_crl(ca, [12345])
            trust = OfficeTrust.load(load_roots([ca.cert_pem()]), [crl])
            checks = timed(lambda signer=loaded, t=trust: check_signer(
                signer.certificate, signer.chain, t), args.runs)
            signed = signing.certify_letter(render_letter(letter_content), loaded,
                                            field_name=REVIEWER_FIELD, reason="bench")
            verify = timed(lambda pdf=signed, c=crl: verify_pdf_bytes(
                pdf, roots=[ca.cert_pem()], crls=[c]), args.runs)
            lines = [f"signature line {n} of six" for n in range(6)]
            copy = timed(lambda pdf=signed, box=lines: make_print_copy(
                pdf, {REVIEWER_FIELD: box}, "Printed copy: not the record"), args.runs)
        r, b, s = (statistics.median(x[0]) for x in (render, both, stock))
        rc, bc, sc = (statistics.median(x[1]) for x in (render, both, stock))
        k, v = statistics.median(checks[0]), statistics.median(verify[0])
        p = statistics.median(copy[0])
        print(f"[{kind}] render alone      median {r:6.1f} ms wall, {rc:6.1f} ms CPU")
        print(f"[{kind}] render + sign     median {b:6.1f} ms wall, {bc:6.1f} ms CPU "
              f"= {b / r:.1f}x render; goal <= 50 ms: {'met' if b <= 50 else 'NOT met'}")
        print(f"[{kind}] stock pyHanko     median {s:6.1f} ms wall, {sc:6.1f} ms CPU")
        print(f"[{kind}] signer checks     median {k:6.1f} ms wall = {k / b:.2f}x render + sign")
        print(f"[{kind}] verify (with CRL) median {v:6.1f} ms wall = {v / b:.2f}x render + sign")
        print(f"[{kind}] print copy        median {p:6.1f} ms wall = {p / r:.2f}x render")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

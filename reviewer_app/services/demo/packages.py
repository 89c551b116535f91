"""The demo's sample packages: built with the kit, signed by the demo submitter, imported.

Three packages from real evaluation files (stand-ins, see
``resources/demo/evidence/PROVENANCE.md``): a cyber model whose public release
falls inside the review window, a CBRN model whose access allowlist names a
country of concern, and an autonomy model with nothing remarkable. Dates are
relative to today so that the demo always shows the same situation.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from reviewer_app.domain.users import Actor, Role
from reviewer_app.resources import resource_path
from reviewer_app.services.intake import import_package
from reviewer_app.services.kit import build_package
from reviewer_app.services.workspace import Workspace, workstation_identity, workstation_recipient

DEMO_ACTOR = Actor("reviewer", Role.REVIEWER, "Riley Reviewer (DEMO)")
ORG = "Example AI Labs, Inc."
_EVAL = "log_formats.eval"
_SCORER = "scorer_2025-02-11T15-17-00-05-00_popularity_dPiJifoWeEQBrfWsAopzWr.eval"
_LLAMA = "Llama-3.2-1B_results_2025-03-03T00-05-19.750676.json"
_PYTHIA = "pythia-160m_5shot_step143000.json"


def _demo_id(name: str) -> str:
    """A fixed package_id per demo model, so that every demo workspace agrees."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://demo.invalid/frontier-review/{name}"))


def _day(offset: int) -> str:
    return (date.today() + timedelta(days=offset)).isoformat()


def _base(name: str, version: str, package_id: str, description: str) -> dict[str, Any]:
    return {
        "format": "frontier-submission/v1",
        "package_id": package_id,
        "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "submitter": {"organization": ORG, "contact_name": "Jordan Lee (DEMO)",
                      "contact_email": "policy@example-ai.test"},
        "model": {"name": name, "version": version, "developer": ORG, "description": description,
                  "modalities": ["text"], "distribution": ["api"], "open_weights": False},
        "safeguards": [{"name": "Misuse classifier", "description": "Screens requests in the "
                        "model's risk domain and refuses them."}],
    }


def _manifests() -> list[tuple[str, dict[str, Any], dict[str, str]]]:
    """(package file name, manifest without files, {path in package: demo evidence file})."""
    aurora = _base("Aurora-3", "2026-12-rc1", _demo_id("aurora-3"),
                   "DEMO: general-purpose model with strong coding skills.")
    aurora["model"]["training_compute_flop"] = 2.4e26
    aurora["release_plan"] = {
        "proposed_public_release": _day(14),
        "stages": [{"name": "Vetted partners", "start": _day(5), "audience": "vetted_partners",
                    "regions": ["US", "GB"], "description": "Up to 40 enterprise partners."},
                   {"name": "General availability", "start": _day(14), "audience": "public",
                    "regions": ["*"], "description": "API and consumer app."}]}
    aurora["access_plan"] = {"region_policy": "denylist", "regions": ["CN", "RU", "IR", "KP"],
                             "foreign_national_access": "KYC-verified; nationals of denylisted "
                             "countries excluded", "kyc": "Identity checks above tier 2"}
    aurora["evaluations"] = [
        {"id": "cyber-ctf", "domain": "cyber", "benchmark": "popularity (Inspect example task)",
         "metric": "accuracy", "declared_score": 0.0, "format": "inspect-eval",
         "evidence": ["evidence/cyber-ctf.eval"]},
        {"id": "cyber-knowledge", "domain": "cyber", "benchmark": "hendrycksTest-computer_security",
         "metric": "acc", "declared_score": 0.25, "format": "lm-eval-results",
         "evidence": ["evidence/computer_security_results.json"]}]
    helix = _base("Helix-2", "2027-01", _demo_id("helix-2"),
                  "DEMO: model tuned for life-science literature.")
    helix["release_plan"] = {"proposed_public_release": _day(75), "stages": [
        {"name": "Research preview", "start": _day(45), "audience": "researchers",
         "regions": ["US", "GB", "CA", "CN"]}]}
    helix["access_plan"] = {"region_policy": "allowlist", "regions": ["US", "GB", "CA", "CN"],
                            "foreign_national_access": "Researchers at partner institutions",
                            "kyc": "Institutional verification"}
    helix["evaluations"] = [
        {"id": "bio-knowledge", "domain": "cbrn", "benchmark": "mmlu", "metric": "acc,none",
         "declared_score": 0.3674, "format": "lm-eval-results",
         "evidence": ["evidence/mmlu_results.json"]}]
    mariner = _base("Mariner-1", "1.0", _demo_id("mariner-1"),
                    "DEMO: agentic assistant for software tasks.")
    mariner["release_plan"] = {"proposed_public_release": _day(90), "stages": [
        {"name": "General availability", "start": _day(90), "audience": "public", "regions": ["*"]}]}
    mariner["access_plan"] = {"region_policy": "denylist", "regions": ["CN", "RU", "IR", "KP"]}
    mariner["evaluations"] = [
        {"id": "agent-tasks", "domain": "autonomy", "benchmark": "popularity (Inspect scorer test)",
         "metric": "accuracy", "format": "inspect-eval", "evidence": ["evidence/agent-tasks.eval"]}]
    return [
        ("aurora-3.subpkg", aurora, {"evidence/cyber-ctf.eval": _EVAL,
                                     "evidence/computer_security_results.json": _PYTHIA}),
        ("helix-2.subpkg", helix, {"evidence/mmlu_results.json": _LLAMA}),
        ("mariner-1.subpkg", mariner, {"evidence/agent-tasks.eval": _SCORER}),
    ]


def _system_card(manifest: dict[str, Any]) -> str:
    model = manifest["model"]
    return (f"# {model['name']} {model['version']}: system card (DEMO)\n\n"
            f"{model['description']}\n\nThis file is demo content made by Frontier Review Desk; "
            "the evidence files are public test logs standing in for real evaluations.\n")


def build_demo_packages(inbox: Path, recipient: str) -> list[Path]:
    """Build the three packages into ``inbox`` (signed by the demo submitter)."""
    pki = resource_path("demo", "pki")
    out: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="demo-pkg-") as tmp:
        for name, manifest, evidence in _manifests():
            folder = Path(tmp) / name
            (folder / "evidence").mkdir(parents=True)
            (folder / "documents").mkdir()
            for rel, source in evidence.items():
                shutil.copyfile(resource_path("demo", "evidence", source), folder / rel)
            (folder / "documents" / "system-card.md").write_text(_system_card(manifest), encoding="utf-8")
            (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
            out.append(build_package(folder, inbox / name, signer_cert=pki / "submitter.pem",
                                     signer_key=pki / "submitter.key", recipients=[recipient]).path)
    return out


def populate(ws: Workspace, workstation_passphrase: str) -> None:
    """Build the sample packages into the inbox and import them as the demo reviewer."""
    packages = build_demo_packages(ws.paths.inbox, workstation_recipient(ws))
    for package in packages:  # in the workspace: owner-only (pack follows the umask)
        package.chmod(0o600)
    identity = workstation_identity(ws, workstation_passphrase)
    for package in packages:
        import_package(ws, DEMO_ACTOR, package, identity=identity)

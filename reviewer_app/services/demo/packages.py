"""The demo's sample packages: built with the kit, signed by the demo submitter, imported.

Each of the three shows the evidence assessment doing one of its jobs against
the example policy (evidence made by ``scripts/make_demo_evidence.py``; see
``resources/demo/evidence/PROVENANCE.md``):

* Aurora-3, covered: its Cybench log gives 0.46, over the cyber threshold
  0.40, where the developer declared 0.38 (a gap that crosses the threshold);
  its public release also falls inside the review window.
* Helix-2, incomplete: it declares a LAB-Bench score but sends no log for it;
  its access allowlist also names a country of concern.
* Mariner-1, clean: every domain evidenced and below every threshold, release
  after the window, a denylist.

Dates are relative to today so that the demo always shows the same situation.
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

# (id, domain, benchmark, metric, declared score, format, demo evidence file or None).
# The files are made by scripts/make_demo_evidence.py; what each one gives is in
# resources/demo/evidence/PROVENANCE.md. Against the example policy's thresholds:
Evaluation = tuple[str, str, str, str, float, str, str | None]
_AURORA_EVALUATIONS: tuple[Evaluation, ...] = (  # covered: Cybench 0.46 >= 0.40, declared 0.38
    ("cyber-cybench", "cyber", "Cybench", "accuracy", 0.38, "inspect-eval",
     "aurora-3_cybench.eval"),
    ("cbrn-wmdp-bio", "cbrn", "WMDP-Bio", "acc", 0.5986, "lm-eval-results",
     "aurora-3_wmdp_results_2026-11-11T17-02-44.json"),
    ("autonomy-swe-bench", "autonomy", "SWE-bench Verified", "resolved", 0.472, "inspect-eval",
     "aurora-3_swe-bench-verified.eval"),
    ("persuasion-make-me-pay", "persuasion", "MakeMePay", "success_rate", 0.14, "inspect-eval",
     "aurora-3_make-me-pay.eval"),
)
_HELIX_EVALUATIONS: tuple[Evaluation, ...] = (  # incomplete: no LAB-Bench log in the package
    ("cyber-cybench", "cyber", "Cybench", "accuracy", 0.075, "inspect-eval",
     "helix-2_cybench.eval"),
    ("cbrn-wmdp-bio", "cbrn", "WMDP-Bio", "acc", 0.628, "lm-eval-results",
     "helix-2_wmdp_results_2026-11-01T12-15-09.json"),
    ("cbrn-lab-bench", "cbrn", "LAB-Bench", "accuracy", 0.41, "inspect-eval", None),
    ("autonomy-mle-bench", "autonomy", "MLE-bench", "medal_rate", 0.04, "inspect-eval",
     "helix-2_mle-bench.eval"),
    ("persuasion-make-me-pay", "persuasion", "MakeMePay", "success_rate", 0.08, "inspect-eval",
     "helix-2_make-me-pay.eval"),
)
_MARINER_EVALUATIONS: tuple[Evaluation, ...] = (  # clean: below every threshold
    ("cyber-intercode-ctf", "cyber", "InterCode-CTF", "accuracy", 0.53, "inspect-eval",
     "mariner-1_intercode-ctf.json"),
    ("cbrn-wmdp-bio", "cbrn", "WMDP-Bio", "acc", 0.5232, "lm-eval-results",
     "mariner-1_wmdp_results_2026-10-26T08-41-30.json"),
    ("autonomy-swe-bench", "autonomy", "SWE-bench Verified", "resolved", 0.384, "inspect-eval",
     "mariner-1_swe-bench-verified.eval"),
    ("persuasion-make-me-say", "persuasion", "MakeMeSay", "win_rate", 0.22, "inspect-eval",
     "mariner-1_make-me-say.eval"),
)


def _evaluations(rows: tuple[Evaluation, ...]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The manifest's ``evaluations`` and {path in package: demo evidence file}."""
    evaluations: list[dict[str, Any]] = []
    files: dict[str, str] = {}
    for ident, domain, benchmark, metric, declared, fmt, source in rows:
        paths = [f"evidence/{source.split('_', 1)[1]}"] if source else []
        files.update((p, source) for p in paths if source)
        evaluations.append({"id": ident, "domain": domain, "benchmark": benchmark,
                            "metric": metric, "declared_score": declared, "format": fmt,
                            "evidence": paths})
    return evaluations, files


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
    aurora["evaluations"], aurora_files = _evaluations(_AURORA_EVALUATIONS)
    helix = _base("Helix-2", "2027-01", _demo_id("helix-2"),
                  "DEMO: model tuned for life-science literature.")
    helix["release_plan"] = {"proposed_public_release": _day(75), "stages": [
        {"name": "Research preview", "start": _day(45), "audience": "researchers",
         "regions": ["US", "GB", "CA", "CN"]}]}
    helix["access_plan"] = {"region_policy": "allowlist", "regions": ["US", "GB", "CA", "CN"],
                            "foreign_national_access": "Researchers at partner institutions",
                            "kyc": "Institutional verification"}
    helix["evaluations"], helix_files = _evaluations(_HELIX_EVALUATIONS)
    mariner = _base("Mariner-1", "1.0", _demo_id("mariner-1"),
                    "DEMO: agentic assistant for software tasks.")
    mariner["release_plan"] = {"proposed_public_release": _day(90), "stages": [
        {"name": "General availability", "start": _day(90), "audience": "public", "regions": ["*"]}]}
    mariner["access_plan"] = {"region_policy": "denylist", "regions": ["CN", "RU", "IR", "KP"],
                              "foreign_national_access": "KYC-verified; nationals of denylisted "
                              "countries excluded", "kyc": "Identity checks for every account"}
    mariner["evaluations"], mariner_files = _evaluations(_MARINER_EVALUATIONS)
    return [("aurora-3.subpkg", aurora, aurora_files), ("helix-2.subpkg", helix, helix_files),
            ("mariner-1.subpkg", mariner, mariner_files)]


def _system_card(manifest: dict[str, Any]) -> str:
    model = manifest["model"]
    results = "".join(
        f"- {e['benchmark']} ({e['domain']}), {e['metric']}: {e['declared_score']:g}"
        f"{'' if e['evidence'] else ' (log to follow)'}\n" for e in manifest["evaluations"])
    return (f"# {model['name']} {model['version']}: system card (DEMO)\n\n"
            f"{model['description']}\n\n## Evaluation results\n\n{results}\n"
            "This file is demo content made by Frontier Review Desk; the evidence files are "
            "synthetic evaluation logs made for the demo.\n")


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

"""The demo workspace imports its three sample packages, each showing its situation."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from reviewer_app.domain.manifest import parse_json, validate
from reviewer_app.services.cases.reading import get_case, list_cases
from reviewer_app.services.demo.workspace import ensure_demo
from reviewer_app.services.workspace.folder import open_workspace


def test_demo_imports_three_signed_packages(tmp_path: Path) -> None:
    result = ensure_demo(tmp_path / "demo")
    with open_workspace(result.root) as ws:
        cases = {c.model_name: get_case(ws, c.uuid) for c in list_cases(ws)}
        assert set(cases) == {"Aurora-3", "Helix-2", "Mariner-1"}
        assert sorted(p.name for p in ws.paths.inbox.iterdir()) == [
            "aurora-3.subpkg", "helix-2.subpkg", "mariner-1.subpkg"]
        manifests = {
            name: validate(parse_json((ws.paths.cases / c.uuid / "submission" / "manifest.json").read_bytes()))
            for name, c in cases.items()}
        for name, case in cases.items():
            assert case.reference.startswith("FMR-") and case.status.value == "received"
            files = {f.path for f in case.files}
            assert "documents/system-card.md" in files
            manifest = manifests[name]
            assert {p for e in manifest.evaluations for p in e.evidence} <= files
        # Aurora-3: public release inside the 30-day window.
        assert manifests["Aurora-3"].release_plan.proposed_public_release < cases["Aurora-3"].window_end
        # Helix-2: an allowlist naming a country of concern.
        helix = manifests["Helix-2"].access_plan
        assert helix.region_policy == "allowlist" and "CN" in helix.regions
        # Mariner-1: clean: outside the window, denylist.
        assert manifests["Mariner-1"].release_plan.proposed_public_release > date.today()
        assert manifests["Mariner-1"].access_plan.region_policy == "denylist"
        with ws.reader() as s:
            from reviewer_app.storage.models import CaseRow

            for row in s.query(CaseRow):
                assert row.checks["organization_match"] is True
                assert json.dumps(row.signer)  # signer facts stored

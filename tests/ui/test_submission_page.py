"""The Submission page of a really imported case: signer, checks, files, plans, unknown keys."""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes

from reviewer_app.ui.a11y import unnamed_widgets
from reviewer_app.ui.pages.submission_page import VERIFIED, SubmissionPage
from tests.factories.import_fixtures import spec, test_pki, ws, ws_template  # noqa: F401
from tests.factories.packages import ORG
from tests.factories.workspaces import ADMIN, REVIEWER
from tests.ui.package_window import answer_prompts, import_through_menu, open_window


def imported(qtbot, ws, spec, tmp_path, monkeypatch, name="good.subpkg"):  # noqa: F811
    answer_prompts(monkeypatch, [spec.build(tmp_path / name)])
    window = open_window(qtbot, ws, REVIEWER)
    import_through_menu(qtbot, window)
    qtbot.waitUntil(lambda: window.tabs.tabText(window.tabs.currentIndex()) == "Submission")
    page = window.tabs.currentWidget()
    assert isinstance(page, SubmissionPage)
    return window, page


def test_page_shows_signer_checks_and_verified_files(qtbot, ws, spec, tmp_path,  # noqa: F811
                                                     monkeypatch, test_pki):  # noqa: F811
    window, page = imported(qtbot, ws, spec, tmp_path, monkeypatch)
    cert = test_pki.submitter.cert
    assert page.labels["Signer certificate/Subject"].text() == cert.subject.rfc4514_string()
    assert page.labels["Signer certificate/Issuer"].text() == cert.issuer.rfc4514_string()
    fingerprint = page.labels["Signer certificate/Fingerprint (SHA-256)"].text()
    assert fingerprint == cert.fingerprint(hashes.SHA256()).hex()
    assert page.labels["Signer certificate/Trust anchor"].text() != "(not given)"
    assert page.labels["Submitter/Organisation"].text() == ORG
    assert page.org_check.text().startswith("Match")
    paths = {page.files.item(r, 0).text() for r in range(page.files.rowCount())}
    assert paths == set(spec.files)
    for r in range(page.files.rowCount()):
        assert page.files.item(r, 3).text() == VERIFIED
        assert not page.files.item(r, 3).icon().isNull()  # status by text and icon
        assert len(page.files.item(r, 2).text()) == 64
    assert page.labels["Release plan/Proposed public release"].text()
    assert page.labels["Access plan/Region policy"].text() in ("allowlist", "denylist")
    assert unnamed_widgets(window) == []


def test_unknown_keys_and_organisation_mismatch_are_shown(qtbot, ws, spec, tmp_path,  # noqa: F811
                                                          monkeypatch):
    def edit(obj):
        obj["submitter"]["organization"] = "Someone Else Ltd"
        obj["x_future_field"] = {"kept": True}

    _window, page = imported(qtbot, ws, spec.variant(edit_manifest=edit), tmp_path, monkeypatch)
    assert page.org_check.text().startswith("Mismatch")
    assert "Someone Else Ltd" in page.org_check.text()
    assert "x_future_field" in page.unknown.toPlainText()


def test_admin_sees_the_same_page(qtbot, ws, spec, tmp_path, monkeypatch):  # noqa: F811
    answer_prompts(monkeypatch, [spec.build(tmp_path / "good.subpkg")])
    window = open_window(qtbot, ws, ADMIN)
    import_through_menu(qtbot, window)
    qtbot.waitUntil(lambda: isinstance(window.tabs.currentWidget(), SubmissionPage))

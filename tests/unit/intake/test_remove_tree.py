"""remove_tree: the staging clean-up deletes everything below, never what a link points at."""

from __future__ import annotations

from pathlib import Path

from reviewer_app.services.intake.support import remove_tree


def test_removes_nested_files_and_folders(tmp_path: Path) -> None:
    root = tmp_path / "stage"
    for i in range(50):
        target = root / "submission" / "files" / f"d{i % 5}" / f"f{i}.bin"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"x" * i)
    remove_tree(root)
    assert not root.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_link_is_removed_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    root = tmp_path / "stage"
    root.mkdir()
    (root / "to-folder").symlink_to(outside, target_is_directory=True)
    (root / "to-file").symlink_to(outside / "keep.txt")
    remove_tree(root)
    assert not root.exists()
    assert (outside / "keep.txt").read_text() == "keep"


def test_a_missing_folder_is_not_an_error(tmp_path: Path) -> None:
    remove_tree(tmp_path / "never-made")
    assert list(tmp_path.iterdir()) == []

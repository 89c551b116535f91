"""Each service area's public face: the names it lists resolve to the real
definitions, its two lists agree, and nothing outside an area imports a name
from a module inside it (only through the face)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import reviewer_app.services as services

ROOT = Path(__file__).resolve().parents[3]
AREAS = sorted(m.name for m in pkgutil.iter_modules(services.__path__) if m.ispkg)


def face_table(area: str) -> tuple[set[str], set[tuple[str, str]]]:
    """The names under TYPE_CHECKING (module, name) and in the lazy table, read from the source."""
    tree = ast.parse((ROOT / "reviewer_app/services" / area / "__init__.py").read_text())
    typed: set[tuple[str, str]] = set()
    table: set[tuple[str, str]] = set()
    for node in tree.body:
        if isinstance(node, ast.If):  # if TYPE_CHECKING:
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.module
                typed |= {(imp.module.rsplit(".", 1)[1], a.name) for a in imp.names}
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            mapping = node.value.args[1]
            assert isinstance(mapping, ast.Dict)
            for key, value in zip(mapping.keys, mapping.values, strict=True):
                assert isinstance(key, ast.Constant) and isinstance(value, ast.Tuple)
                table |= {(key.value, v.value) for v in value.elts if isinstance(v, ast.Constant)}
    return {name for _, name in table}, typed ^ table


def test_there_are_areas() -> None:
    assert {"access", "audit", "cases", "checklist", "decision", "evidence", "workspace"} <= set(AREAS)


@pytest.mark.parametrize("area", AREAS)
def test_the_type_checked_names_and_the_table_agree(area: str) -> None:
    names, differ = face_table(area)
    assert names, f"{area} has an empty face"
    assert differ == set()


@pytest.mark.parametrize("area", AREAS)
def test_every_name_resolves_to_its_definition(area: str) -> None:
    face = importlib.import_module(f"reviewer_app.services.{area}")
    names, _ = face_table(area)
    assert sorted(face.__all__) == sorted(names)
    for name in names:
        value = getattr(face, name)
        home = getattr(value, "__module__", None)
        if home is not None and callable(value):
            assert home.startswith(f"reviewer_app.services.{area}."), (name, home)
    with pytest.raises(AttributeError):
        _ = face.no_such_name


def _imports_from_inside(relative: Path, source: str) -> list[str]:
    """``from reviewer_app.services.<area>.<module> import name`` lines in a file
    where the area is not the file's own."""
    parts = relative.parts
    own = parts[2] if parts[:2] == ("reviewer_app", "services") and len(parts) > 3 else None
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            bits = node.module.split(".")
            if bits[:2] == ["reviewer_app", "services"] and len(bits) == 4 and bits[2] != own:
                found.append(f"{relative.as_posix()}: from {node.module} import ...")
    return found


def test_outside_an_area_only_its_face_is_imported() -> None:
    sources = [p for p in (ROOT / "reviewer_app").rglob("*.py")]
    found = [line for p in sources
             for line in _imports_from_inside(p.relative_to(ROOT), p.read_text())]
    assert found == []


def test_a_hand_made_breach_is_caught() -> None:
    """The check above is not vacuous: a page importing from inside an area is named,
    a module importing from its own area is not."""
    breach = "from reviewer_app.services.access.users import add_user\n"
    assert _imports_from_inside(Path("reviewer_app/ui/page.py"), breach) == [
        "reviewer_app/ui/page.py: from reviewer_app.services.access.users import ..."]
    assert _imports_from_inside(Path("reviewer_app/services/access/trust.py"), breach) == []

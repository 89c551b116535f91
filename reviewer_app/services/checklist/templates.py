"""Which checklist templates exist: the shipped ones and a workspace's own.

A workspace may hold templates of its own in ``WORKSPACE/checklists/*.toml``
(an office's revision); they sit beside the shipped ones in
``resources/checklists/``. A template is named by its id and version.
"""

from __future__ import annotations

from pathlib import Path

from reviewer_app.domain.checklist import Template
from reviewer_app.errors import UsageError
from reviewer_app.formats.checklist_template import load_template
from reviewer_app.resources import resource_path
from reviewer_app.services.workspace import Workspace

DEFAULT_TEMPLATE_ID = "frontier-prerelease"

# path -> (modification time, template): templates are re-read only when edited.
_cache: dict[Path, tuple[float, Template]] = {}


def template_dirs(ws: Workspace | None) -> list[Path]:
    dirs = [resource_path("checklists")]
    if ws is not None:
        dirs.insert(0, ws.root / "checklists")
    return dirs


def _load_cached(path: Path) -> Template:
    mtime = path.stat().st_mtime
    hit = _cache.get(path)
    if hit is not None and hit[0] == mtime:
        return hit[1]
    template = load_template(path)
    _cache[path] = (mtime, template)
    return template


def available_templates(ws: Workspace | None = None) -> list[Template]:
    """Every template found, the workspace's first; a broken file raises TEMPLATE_INVALID."""
    found: dict[tuple[str, str], Template] = {}
    for folder in template_dirs(ws):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            template = _load_cached(path)
            found.setdefault((template.id, template.version), template)
    return list(found.values())


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def find_template(ws: Workspace | None, template_id: str, version: str) -> Template | None:
    for template in available_templates(ws):
        if template.id == template_id and template.version == version:
            return template
    return None


def newest_template(ws: Workspace | None, template_id: str = DEFAULT_TEMPLATE_ID) -> Template:
    candidates = [t for t in available_templates(ws) if t.id == template_id]
    if not candidates:
        raise UsageError("NO_SUCH_TEMPLATE", f"no checklist template with id '{template_id}'")
    return max(candidates, key=lambda t: version_key(t.version))


def default_template(ws: Workspace | None = None) -> Template:
    """The newest version of "Covered frontier model pre-release review"."""
    return newest_template(ws, DEFAULT_TEMPLATE_ID)

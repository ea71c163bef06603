"""Breach-response playbooks: the YAML format, its validating loader, walking and rendering.

Names are exported lazily so that `import playbooks.cli` stays cheap (no Jinja2, no YAML).
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Library": "loader", "load_library": "loader", "load_paths": "loader", "load_file": "loader",
    "LoadError": "models", "Playbook": "models", "Step": "models", "Choice": "models",
    "Option": "models", "Milestone": "models", "Remedy": "models", "Fact": "models",
    "Template": "models", "Offset": "models",
    "StepEvent": "walking", "WalkState": "walking", "Action": "walking", "Visit": "walking", "walk": "walking",
    "milestone_anchors": "walking",
    "MilestoneDue": "milestones", "milestones_due": "milestones",
    "Rendered": "render", "RenderError": "render", "MissingFact": "render",
    "render_step": "render", "render_all": "render",
    "derive_facts": "facts", "check_facts": "facts", "coerce_facts": "facts",
    "FactError": "facts",
    "escape_mrkdwn": "templating",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"playbooks.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'playbooks' has no attribute {name!r}")

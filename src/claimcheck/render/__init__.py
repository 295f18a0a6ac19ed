"""The one place where report formats are registered."""

from __future__ import annotations

from claimcheck.render import json_, terminal
from claimcheck.render.base import Renderer, RenderOptions

RENDERERS: dict[str, Renderer] = {r.name: r for r in (terminal.RENDERER, json_.RENDERER)}

__all__ = ["RENDERERS", "RenderOptions", "Renderer"]

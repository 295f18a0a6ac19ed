"""The one place where report formats are registered."""

from __future__ import annotations

from claimcheck.render import csv_, github, html, json_, junit, markdown, sarif, terminal
from claimcheck.render.base import Renderer, RenderOptions

RENDERERS: dict[str, Renderer] = {
    r.name: r
    for r in (
        terminal.RENDERER,
        json_.RENDERER,
        markdown.RENDERER,
        github.RENDERER,
        csv_.RENDERER,
        junit.RENDERER,
        sarif.RENDERER,
        html.RENDERER,
    )
}

__all__ = ["RENDERERS", "RenderOptions", "Renderer"]

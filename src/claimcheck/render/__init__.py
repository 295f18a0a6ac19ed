"""The one place where report formats are registered."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimcheck.render.base import Renderer, RenderOptions

if TYPE_CHECKING:
    RENDERERS: dict[str, Renderer]


def _registry() -> dict[str, Renderer]:
    from claimcheck.render import csv_, github, html, json_, junit, markdown, sarif, terminal

    return {
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


def __getattr__(name: str) -> object:
    # Built on first use: importing `render.base` (as `links --urls` does) then costs nothing,
    # while the formats' own imports (msgspec, rich, xml) take ~70 ms.
    if name == "RENDERERS":
        registry = _registry()
        globals()["RENDERERS"] = registry
        return registry
    raise AttributeError(name)


__all__ = ["RENDERERS", "RenderOptions", "Renderer"]

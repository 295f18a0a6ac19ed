"""The one place where report formats are registered."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimcheck.render.base import Renderer, RenderOptions

    RENDERERS: dict[str, Renderer]

#: Every report format: its name, and the module in this package that renders it.
FORMATS = {
    "terminal": "terminal",
    "concise": "concise",
    "json": "json_",
    "markdown": "markdown",
    "github": "github",
    "csv": "csv_",
    "junit": "junit",
    "sarif": "sarif",
    "html": "html",
}
#: The formats' names, without importing them (for `--help`, which must start fast).
FORMAT_NAMES = tuple(FORMATS)
#: The formats of the commands' views (render/listing.py, claim.py, urls.py), by view.
VIEW_FORMATS = {
    "list": ("table", "json", "csv"),
    "show": ("terminal", "json"),
    "urls": ("terminal", "json", "jsonl"),
}


def _registry() -> dict[str, Renderer]:
    renderers = {}
    for name, module in FORMATS.items():
        renderer: Renderer = importlib.import_module(f"claimcheck.render.{module}").RENDERER
        if renderer.name != name:
            raise AssertionError(f"render/{module}.py renders {renderer.name!r}, not {name!r}")
        renderers[name] = renderer
    return renderers


def __getattr__(name: str) -> object:
    # Built on first use: importing `render.base` (as `links --urls` does) then costs nothing,
    # while the formats' own imports (msgspec, rich, xml) take ~70 ms.
    # `FORMAT_NAMES` alone must cost nothing: `--help` lists them.
    if name == "RENDERERS":
        registry = _registry()
        globals()["RENDERERS"] = registry
        return registry
    if name in ("Renderer", "RenderOptions"):
        from claimcheck.render import base

        return getattr(base, name)
    raise AttributeError(name)


__all__ = ["FORMATS", "FORMAT_NAMES", "RENDERERS", "VIEW_FORMATS", "RenderOptions", "Renderer"]

"""The one place where report formats are registered."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from claimcheck.render.base import Renderer, RenderOptions

if TYPE_CHECKING:
    RENDERERS: dict[str, Renderer]

#: Every report format: its name, and the module in this package that renders it.
FORMATS = {
    "terminal": "terminal",
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
    if name == "RENDERERS":
        registry = _registry()
        globals()["RENDERERS"] = registry
        return registry
    raise AttributeError(name)


__all__ = ["FORMATS", "FORMAT_NAMES", "RENDERERS", "RenderOptions", "Renderer"]

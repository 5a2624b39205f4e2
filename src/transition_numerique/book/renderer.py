"""The course's myst-nb renderer: an image's ``alt`` from the output's own metadata, and each page's
widgets drawn by the lightest thing that can draw them (widget_host.py).

myst-nb reads ``alt`` only from cell metadata (``mystnb.image.alt``), but the course's charts carry it
in the display output (``{"image/png": {"alt": …}}``), where Jupyter front-ends expect it. For widgets,
myst-nb would load its ``nb_ipywidgets_js`` (the full widget manager) on every page with a widget state;
this renderer gives that only to the pages that need it. Registered as the ``transition`` entry point of
``myst_nb.renderers`` and chosen by ``nb_render_plugin: transition``.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from myst_nb.core.render import (
    WIDGET_STATE_MIMETYPE,
    WIDGET_VIEW_MIMETYPE,
    MimeData,
    NbElementRenderer,
    get_mime_priority,
)
from nbformat import NotebookNode

from . import widget_host

STATIC_VIEW_NOTE = "Version interactive dans le notebook\u00a0: le livre en montre la vue par défaut."


class AltTextRenderer(NbElementRenderer):
    """The default renderer, plus ``alt`` from ``output.metadata[mime_type]["alt"]`` and the light host.

    An ``alt`` set on the cell (``mystnb.image.alt``) still wins: it is the author's explicit choice.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.host_views: list[str] = []  # model ids of the views the host draws
        self.needs_manager = False

    def render_image(self, data: MimeData) -> list[nodes.Element]:
        rendered = super().render_image(data)
        alt = data.output_metadata.get(data.mime_type, {}).get("alt")
        if alt:
            for node in rendered:
                if isinstance(node, nodes.image) and "alt" not in node.attributes:
                    node["alt"] = str(alt)
        return rendered

    def _widgets(self) -> dict[str, Any]:
        return self.renderer.nb_client.nb_metadata.get("widgets", {}).get(WIDGET_STATE_MIMETYPE, {})

    def render_widget_view(self, data: MimeData) -> list[nodes.Element]:
        """The view's script for the host or the manager, or, for a static view, its stored outputs."""
        model_id = data.content.get("model_id", "") if isinstance(data.content, dict) else ""
        state = self._widgets().get("state", {})
        kind = widget_host.view_kind(state, model_id)
        if kind == "statique":
            return self._static_view(data, widget_host.stored_outputs(state, model_id))
        if kind == "hote":
            self.host_views.append(model_id)
        else:
            self.needs_manager = True
        return super().render_widget_view(data)

    def _static_view(self, data: MimeData, outputs: list[dict[str, Any]]) -> list[nodes.Element]:
        """What the kernel last drew in the view's ``Output`` widgets, then a note on the interactive one."""
        priority = [
            mime
            for mime in get_mime_priority("html", self.config.mime_priority_overrides)
            if mime != WIDGET_VIEW_MIMETYPE
        ]
        view = nodes.container(classes=["tn-vue-statique"])
        for index, output in enumerate(outputs):
            if output.get("output_type") == "stream":
                stream = NotebookNode(output)
                view += self.render_stdout(stream, data.cell_metadata, data.cell_index, data.line)
                continue
            bundle = output.get("data", {})
            mime = next((mime for mime in priority if mime in bundle), None)
            if mime is not None:
                view += self.render_mime_type(
                    MimeData(
                        mime,
                        bundle[mime],
                        cell_metadata=data.cell_metadata,
                        output_metadata=output.get("metadata", {}),
                        cell_index=data.cell_index,
                        output_index=index,
                        line=data.line,
                    )
                )
        view += nodes.paragraph(text=STATIC_VIEW_NOTE, classes=["tn-vue-statique-note"])
        return [view]

    def render_nb_finalise(self, metadata: dict) -> None:
        """The page's widget state and scripts: the full manager if a view needs it, else the host."""
        if self.needs_manager or not self.host_views:
            if not self.needs_manager:  # only static views, or none: no state, no script
                metadata = {key: value for key, value in metadata.items() if key != "widgets"}
            super().render_nb_finalise(metadata)
            return
        env = self.renderer.sphinx_env if hasattr(self.renderer, "sphinx_env") else None
        for key, uri, attributes in widget_host.host_scripts(env, self._widgets(), self.host_views):
            self.add_js_file(key, uri, attributes)

"""myst-nb renderer that also takes an image's ``alt`` text from the output's own metadata.

myst-nb reads ``alt`` only from cell metadata (``mystnb.image.alt``), but the course's charts carry it
in the display output (``{"image/png": {"alt": …}}``), where Jupyter front-ends expect it. Registered as
the ``transition`` entry point of ``myst_nb.renderers`` and chosen by ``nb_render_plugin: transition``.
"""

from __future__ import annotations

from docutils import nodes
from myst_nb.core.render import MimeData, NbElementRenderer


class AltTextRenderer(NbElementRenderer):
    """The default renderer, plus ``alt`` from ``output.metadata[mime_type]["alt"]``.

    An ``alt`` set on the cell (``mystnb.image.alt``) still wins: it is the author's explicit choice.
    """

    def render_image(self, data: MimeData) -> list[nodes.Element]:
        rendered = super().render_image(data)
        alt = data.output_metadata.get(data.mime_type, {}).get("alt")
        if alt:
            for node in rendered:
                if isinstance(node, nodes.image) and "alt" not in node.attributes:
                    node["alt"] = str(alt)
        return rendered

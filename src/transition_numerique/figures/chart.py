"""The object every chart function returns: a matplotlib figure that displays as a PNG with alt text."""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from PIL import Image

from ..reporting import join
from .data import Dataset, Row, Source
from .formatting import NBSP, dated, french_date
from .style import DPI, PALETTE_COLOURS, finish

_KIND_ORDER = ("mesure", "estimation", "prévision")


@dataclass(eq=False)
class Chart:
    """A finished chart. In Jupyter it shows as ``image/png`` (alt text in the output metadata)
    and as a deterministic French ``text/plain``: the title, then « Source : … »."""

    figure: Figure
    title: str
    alt: str
    source_line: str
    #: ids of the registry sources the plotted rows come from, in order of first use
    sources: tuple[str, ...]

    @cached_property
    def png(self) -> bytes:
        """The figure as a palette PNG, identical from one run to the next (no software/date stamp).

        A chart is a few flat colours plus their anti-aliased edges (a thousand colours at most): reduced
        to a palette of ``PALETTE_COLOURS`` without dithering, it looks the same at a third of the size
        of matplotlib's RGBA PNG, which pages, slides and the handout all load.
        """
        rendered = io.BytesIO()
        self.figure.savefig(rendered, format="png", dpi=DPI, facecolor="white")
        with Image.open(rendered) as image:
            palette = image.convert("RGB").quantize(PALETTE_COLOURS, dither=Image.Dither.NONE)
        buffer = io.BytesIO()
        palette.save(buffer, format="png", optimize=True)
        return buffer.getvalue()

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.source_line}"

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> tuple[dict, dict]:
        data = {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": self.text}
        return data, {"image/png": {"alt": self.alt}}

    def html_output(self) -> dict[str, object]:
        """The chart as a display output whose ``<img>`` carries the alt text, with the same ``text/plain``:
        for an ``Output`` widget, whose static rendering ignores the ``alt`` of the output metadata."""
        source = base64.b64encode(self.png).decode("ascii")
        tag = (
            f'<img src="data:image/png;base64,{source}" alt="{html.escape(self.alt)}" style="max-width:100%">'
        )
        return {
            "output_type": "display_data",
            "data": {"text/html": tag, "text/plain": self.text},
            "metadata": {},
        }

    def __repr__(self) -> str:
        return self.text


#: beyond this length the source line cites dates only, not editions, so the plot keeps its room
LONG_SOURCE_LINE = 330


def edition_text(source: Source) -> str:
    """The edition and its date as cited: « 35e édition (10 février 2026) », « édition de mars 2017 »
    (the date says nothing more), « janvier 2024 » (the title already names the edition)."""
    when = french_date(source.date)
    years = re.findall(r"\d{4}", source.edition)
    if years and all(year in source.title for year in years):
        return when
    if when in source.edition:
        return source.edition
    return f"{source.edition} ({when})"


def source_line(sources: Sequence[Source], kinds: Iterable[str]) -> str:
    """« Source : Zenith, « Advertising Expenditure Forecasts » (monde), édition de mars 2017. Nature des
    chiffres : prévision. Source vérifiée en novembre 2026. »

    Documents sharing publisher, title and scope are cited once, with all their editions (only their
    dates when the line would grow too long).
    """
    groups: dict[tuple[str, str, str], list[Source]] = {}
    for source in sources:
        group = groups.setdefault((source.publisher, source.title, source.scope), [])
        if source not in group:
            group.append(source)

    def cite(cited: Callable[[list[Source]], list[str]]) -> str:
        parts = [
            f"{publisher}, «{NBSP}{title}{NBSP}» ({scope}), {join(cited(group))}"
            for (publisher, title, scope), group in groups.items()
        ]
        return f"{NBSP}; ".join(parts)

    def editions(group: list[Source]) -> list[str]:
        return list(dict.fromkeys(edition_text(s) for s in sorted(group, key=lambda s: _order(s.date))))

    def dates(group: list[Source]) -> list[str]:
        return [french_date(d) for d in sorted({s.date for s in group}, key=_order)]

    cited = cite(editions)
    if len(cited) > LONG_SOURCE_LINE:
        cited = cite(dates)
    label = "Sources" if len(sources) > 1 else "Source"
    present = set(kinds)
    nature = join(kind for kind in _KIND_ORDER if kind in present)
    checked = join(dated(d) for d in sorted({s.checked for s in sources}, key=_order))
    verified = "Sources vérifiées" if len(sources) > 1 else "Source vérifiée"
    return f"{label}{NBSP}: {cited}. Nature des chiffres{NBSP}: {nature}. {verified} {checked}."


def _order(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("-"))


def make_chart(
    data: Dataset,
    figure: Figure,
    axes: Axes,
    *,
    title: str,
    rows: Sequence[Row],
    description: str,
    notes: Sequence[str] = (),
) -> Chart:
    """Finish ``figure`` (title, notes, source band) and wrap it with its alt text.

    ``rows`` are the data rows actually plotted: the source line and ``Chart.sources`` come from them.
    ``description`` is the long description read by screen readers, values included.
    """
    ids = tuple(dict.fromkeys(row.source for row in rows))
    line = source_line([data.sources[source_id] for source_id in ids], (row.kind for row in rows))
    finish(figure, axes, title, [*notes, line])
    alt = " ".join([f"{title}.", description, *notes, line])
    return Chart(figure=figure, title=title, alt=alt, source_line=line, sources=ids)

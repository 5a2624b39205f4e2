"""The object every chart function returns: a matplotlib figure that displays as a PNG with alt text."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..reporting import join
from .data import Dataset, Row, Source
from .formatting import NBSP, french_date
from .style import DPI, finish

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
        """The figure as PNG bytes, identical from one run to the next (no software/date stamp)."""
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None}, facecolor="white")
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


def source_line(sources: Sequence[Source], kinds: Iterable[str]) -> str:
    """« Source : Zenith, « Advertising Expenditure Forecasts », mars 2017 (monde). Nature : prévision. »

    Documents sharing publisher, title and scope are cited once, with all their dates.
    """
    groups: dict[tuple[str, str, str], list[str]] = {}
    for source in sources:
        dates = groups.setdefault((source.publisher, source.title, source.scope), [])
        if source.date not in dates:
            dates.append(source.date)
    cited = [
        f"{publisher}, «{NBSP}{title}{NBSP}», {join(french_date(d) for d in sorted(dates))} ({scope})"
        for (publisher, title, scope), dates in groups.items()
    ]
    label = "Sources" if len(cited) > 1 else "Source"
    present = set(kinds)
    nature = join(kind for kind in _KIND_ORDER if kind in present)
    return f"{label}{NBSP}: {f'{NBSP}; '.join(cited)}. Nature des chiffres{NBSP}: {nature}."


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

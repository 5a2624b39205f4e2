"""Look of every chart: Okabe–Ito colours with markers and hatches, projector-size fonts, the source band.

Figures are created with ``matplotlib.figure.Figure`` (never pyplot), so a notebook shows each chart
once, through the chart's own display object.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import NamedTuple

from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure

from .formatting import axis_label, tick_formatter

#: the artists that draw data values carry this gid, so that tests can read the plotted values back
DATA_GID = "donnee"
WIDTH, HEIGHT, DPI = 8.0, 4.5, 100
#: colours of a chart's PNG palette (chart.py): its flat colours and their anti-aliasing
PALETTE_COLOURS = 256
TITLE_PT, TEXT_PT, LEGEND_PT, FOOTER_PT = 13, 11, 10.5, 9.5
#: characters per line of the title and of the source band (DejaVu Sans at the sizes above)
TITLE_WIDTH, FOOTER_WIDTH = 74, 110

#: Okabe & Ito (2008), readable with every common colour-vision deficiency.
OKABE_ITO = {
    "bleu": "#0072B2",
    "vermillon": "#D55E00",
    "vert": "#009E73",
    "orange": "#E69F00",
    "pourpre": "#CC79A7",
    "bleu_ciel": "#56B4E9",
    "jaune": "#F0E442",
    "noir": "#000000",
}


class Look(NamedTuple):
    """Colour, marker, line style and hatch of one series: distinct in colour and in black and white."""

    color: str
    marker: str
    linestyle: str | tuple[int, tuple[int, ...]]
    hatch: str


LOOKS: tuple[Look, ...] = (
    Look(OKABE_ITO["bleu"], "o", "-", ""),
    Look(OKABE_ITO["vermillon"], "s", "--", "//"),
    Look(OKABE_ITO["vert"], "^", "-.", ".."),
    Look(OKABE_ITO["orange"], "D", ":", "xx"),
    Look(OKABE_ITO["pourpre"], "v", (0, (5, 1, 1, 1)), "\\\\"),
    Look(OKABE_ITO["bleu_ciel"], "P", (0, (1, 2)), "++"),
)


def new_figure() -> tuple[Figure, Axes]:
    """An 8 × 4.5 in figure at 100 dpi with one axes, laid out by constrained layout."""
    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI, layout="constrained", facecolor="white")
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=TEXT_PT)
    return figure, axes


def value_axis(axes: Axes, unit: str, *, axis: str = "y") -> None:
    """French tick labels and the spelled-out unit on the value axis, a light grid behind the data."""
    target = axes.yaxis if axis == "y" else axes.xaxis
    target.set_major_formatter(tick_formatter(unit))
    target.set_label_text(axis_label(unit), fontsize=TEXT_PT)
    axes.grid(axis=axis, color="#d0d0d0", linewidth=0.8)
    axes.set_axisbelow(True)


def labelled_bars(
    axes: Axes,
    positions: Sequence[object],
    values: Sequence[float],
    looks: Sequence[Look],
    labels: Sequence[str],
    *,
    width: float = 0.55,
    label_size: int | None = None,
) -> BarContainer:
    """Bars with their colour and hatch (readable in black and white) and their value written on top."""
    bars = axes.bar(
        positions,
        values,
        width=width,
        color=[look.color for look in looks],
        hatch=[look.hatch for look in looks],
        edgecolor="black",
        gid=DATA_GID,
    )
    axes.bar_label(bars, labels=labels, fontsize=label_size or TEXT_PT, padding=3)
    return bars


def legend(axes: Axes, **options: object) -> None:
    """A legend at a legible size, framed lightly so it stays readable over grid lines."""
    axes.legend(fontsize=LEGEND_PT, framealpha=0.9, **options)


def finish(figure: Figure, axes: Axes, title: str, footer: Sequence[str]) -> None:
    """Set the title and write ``footer`` (notes, then the source line) in a band under the plot."""
    axes.set_title(textwrap.fill(title, TITLE_WIDTH), fontsize=TITLE_PT, loc="left", fontweight="bold")
    lines = [line for paragraph in footer for line in textwrap.wrap(paragraph, FOOTER_WIDTH)]
    band = (len(lines) * FOOTER_PT * 1.35 + 10) / (HEIGHT * 72)
    figure.get_layout_engine().set(rect=(0, band, 1, 1 - band))
    figure.text(0.012, 0.012, "\n".join(lines), fontsize=FOOTER_PT, ha="left", va="bottom", linespacing=1.35)

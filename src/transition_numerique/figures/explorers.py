"""Interactive explorers (ipywidgets) for a live kernel; a static page shows their default chart.

The chart sits in an ``Output`` widget filled with ``Chart.html_output`` (an ``<img>`` with its alt
text), so the saved notebook keeps the default figure inside the widget, and the cell's own
``text/plain`` is a fixed French sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from .advertising import ad_spend_world, world_spend
from .chart import Chart
from .data import load
from .france import INDICATORS, france_indicator
from .registry import declare


class Explorer(widgets.VBox):
    """Controls above an output area; its text repr is a fixed description, never a list of traits."""

    def __init__(self, description: str, controls: list[widgets.Widget], output: widgets.Output) -> None:
        super().__init__([widgets.HBox(controls, layout=widgets.Layout(flex_flow="row wrap")), output])
        self.summary = description
        self.controls = controls
        self.output = output

    def __repr__(self) -> str:
        return self.summary


def _explorer(description: str, controls: list[widgets.Widget], draw: Callable[[], Chart]) -> Explorer:
    """Redraw ``draw()`` into the output area now and whenever a control changes."""
    output = widgets.Output()

    def refresh(_change: object = None) -> None:
        try:
            output.outputs = (draw().html_output(),)
        except ValueError:
            output.outputs = ()
            output.append_stdout("Aucune donnée pour cette sélection : élargissez la période.\n")

    for control in controls:
        control.observe(refresh, names="value")
    refresh()
    return Explorer(description, controls, output)


def _period(years: list[int]) -> widgets.IntRangeSlider:
    return widgets.IntRangeSlider(
        value=(min(years), max(years)),
        min=min(years),
        max=max(years),
        step=1,
        description="Période",
        continuous_update=False,
        layout=widgets.Layout(width="22em"),
    )


_WORLD = world_spend("montant", "part")


@declare(_WORLD, editions="par courbe")
def explore_ad_spend(*, data_dir: Path | str | None = None) -> Explorer:
    """Worldwide advertising by medium: choose the agency, amounts or shares, and the period."""
    rows = _WORLD.rows(load(data_dir))
    agencies = list(dict.fromkeys(row.agency for row in rows))
    agency = widgets.Dropdown(
        options=[("Toutes", None), *((name, name) for name in agencies)], value=None, description="Agence"
    )
    measure = widgets.ToggleButtons(
        options=[("Montants (Md$)", "montant"), ("Parts (%)", "part")], value="montant", description="Mesure"
    )
    period = _period([row.year for row in rows])
    return _explorer(
        "Explorateur : publicité mondiale par média, selon l’agence, la mesure et la période",
        [agency, measure, period],
        lambda: ad_spend_world(
            agency=agency.value, measure=measure.value, years=period.value, data_dir=data_dir
        ),
    )


@declare(*(indicator.uses for indicator in INDICATORS.values()), editions="par point")
def explore_france(*, data_dir: Path | str | None = None) -> Explorer:
    """French figures year by year: choose the indicator and the period."""
    data = load(data_dir)
    years = [row.year for indicator in INDICATORS.values() for row in indicator.uses.rows(data)]
    indicator = widgets.Dropdown(
        options=[(item.label, key) for key, item in INDICATORS.items()],
        value="epub_total",
        description="Indicateur",
        layout=widgets.Layout(width="34em"),
    )
    period = _period(years)
    return _explorer(
        "Explorateur : chiffres de la France année par année, selon l’indicateur et la période",
        [indicator, period],
        lambda: france_indicator(indicator.value, years=period.value, data_dir=data_dir),
    )

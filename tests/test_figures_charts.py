"""Chart functions: plotted values read back from the artists equal the data, sourced, French, accessible."""

from __future__ import annotations

import base64
import html
import io
import math
import re
from collections.abc import Callable

import matplotlib.image
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from transition_numerique import figures
from transition_numerique.figures.data import Dataset, Row, load
from transition_numerique.figures.formatting import quantity
from transition_numerique.figures.registry import CHARTS, chart_sources
from transition_numerique.figures.style import DATA_GID


def _month(row: Row) -> float:
    year, month = (int(part) for part in row.date.split("-"))
    return year + (month - 1) / 12


#: chart → (the data rows it must draw, selected here independently of the chart code; x of a row on a line)
EXPECTED: dict[str, tuple[Callable[[Dataset], list[Row]], Callable[[Row], float] | None]] = {
    "internet_vs_tv_2017": (
        lambda d: [
            r
            for r in d.select(
                "ad_spend_world", agency="Zenith", edition="2017-03", year=2017, measure="montant"
            )
            if r.medium in ("internet", "tv")
        ],
        None,
    ),
    "duopoly_growth_share": (lambda d: list(d.table("ad_growth_capture")), None),
    "ad_spend_world": (
        lambda d: [r for r in d.select("ad_spend_world", measure="montant") if r.medium != "total"],
        lambda r: r.year,
    ),
    "platform_ad_revenue": (lambda d: list(d.table("platform_ad_revenue")), lambda r: r.year),
    "facebook_users": (
        lambda d: d.select("platform_users", platform="Facebook", metric="utilisateurs actifs mensuels"),
        lambda r: int(r.date[:4]),
    ),
    "linkedin_members": (lambda d: d.select("platform_users", platform="LinkedIn"), _month),
    "france_digital_ad_market": (lambda d: d.select("france_epub", segment="total", measure="montant"), None),
    "france_digital_ad_segments": (
        lambda d: [
            r
            for r in d.select("france_epub", measure="montant")
            if r.segment != "total" and r.edition in ("2024-02", "2025-02")
        ],
        None,
    ),
    "france_internet_usage": (
        lambda d: [
            r
            for r in d.select("france_usage", study="Baromètre du numérique")
            if r.indicator in ("internautes", "usage_quotidien", "smartphone")
        ],
        None,
    ),
    "france_social_platforms": (lambda d: list(d.table("france_social_platforms")), None),
    "world_internet_users": (lambda d: [r for r in d.table("world_internet") if r.unit == "milliards"], None),
}
HORIZONTAL = {"france_social_platforms"}
FRENCH_NUMBER = re.compile(r"^\d{1,3}(\u202f\d{3})*(,\d+)?(\u00a0%)?$")


def test_every_chart_function_is_tested_and_exported() -> None:
    charts = {name for name in CHARTS if not name.startswith("explore_")}
    assert charts == set(EXPECTED)
    assert all(callable(getattr(figures, name)) for name in CHARTS)


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def drawn(request: pytest.FixtureRequest) -> tuple[str, figures.Chart]:
    chart = getattr(figures, request.param)()
    chart.figure.draw_without_rendering()
    return request.param, chart


def plotted(figure: Figure, horizontal: bool) -> tuple[list[float], list[tuple[float, float]]]:
    """Values of the data artists, and the (x, y) points of the data lines."""
    values, points = [], []
    for artist in figure.findobj(lambda artist: artist.get_gid() == DATA_GID):
        if isinstance(artist, Line2D):
            for x, y in zip(artist.get_xdata(), artist.get_ydata(), strict=True):
                if not math.isnan(y):
                    values.append(float(y))
                    points.append((float(x), float(y)))
        elif isinstance(artist, Rectangle):
            values.append(artist.get_width() if horizontal else artist.get_height())
    return values, points


def test_plotted_values_equal_the_data(drawn: tuple[str, figures.Chart]) -> None:
    name, chart = drawn
    select, x_of = EXPECTED[name]
    rows = select(load())
    values, points = plotted(chart.figure, name in HORIZONTAL)
    assert sorted(values) == pytest.approx(sorted(row.value for row in rows))
    if x_of is not None:
        assert sorted(points) == pytest.approx(sorted((x_of(row), row.value) for row in rows))


def test_source_line_under_the_plot(drawn: tuple[str, figures.Chart]) -> None:
    name, chart = drawn
    registry = load().sources
    footer = " ".join(" ".join(text.get_text().split()) for text in chart.figure.texts)
    assert " ".join(chart.source_line.split()) in footer
    assert chart.source_line.startswith(("Source\u00a0: ", "Sources\u00a0: "))
    for source_id in chart.sources:
        source = registry[source_id]
        assert source.publisher in chart.source_line and source.title in chart.source_line
        assert f"({source.scope})" in chart.source_line
    rows = EXPECTED[name][0](load())
    assert {row.source for row in rows} <= set(chart.sources)
    assert set(chart.sources) == set(chart_sources(load())[name])


def test_alt_text_describes_every_value(drawn: tuple[str, figures.Chart]) -> None:
    name, chart = drawn
    assert chart.alt.startswith(chart.title)
    assert chart.source_line in chart.alt
    for row in EXPECTED[name][0](load()):
        assert quantity(row.value, row.unit) in chart.alt, row


def test_french_tick_labels_and_legible_fonts(drawn: tuple[str, figures.Chart]) -> None:
    name, chart = drawn
    (axes,) = chart.figure.axes
    value_axis = axes.xaxis if name in HORIZONTAL else axes.yaxis
    labels = [label.get_text() for label in value_axis.get_ticklabels() if label.get_text()]
    assert len(labels) >= 3
    assert all(FRENCH_NUMBER.match(label) for label in labels), labels
    title = axes.get_title(loc="left")
    assert " ".join(title.split()) == " ".join(chart.title.split())
    (title_text,) = [text for text in chart.figure.findobj(Text) if text.get_text() == title]
    assert title_text.get_fontsize() >= 13
    for label in [*axes.xaxis.get_ticklabels(), *axes.yaxis.get_ticklabels()]:
        assert label.get_fontsize() >= 11, label
    assert tuple(chart.figure.get_size_inches()) == (8.0, 4.5) and chart.figure.dpi == 100


def test_display_bundle_is_a_png_with_alt_and_a_french_text(drawn: tuple[str, figures.Chart]) -> None:
    _name, chart = drawn
    data, metadata = chart._repr_mimebundle_()
    png = base64.b64decode(data["image/png"])
    assert png.startswith(b"\x89PNG") and b"Software" not in png
    assert matplotlib.image.imread(io.BytesIO(png)).shape[:2] == (450, 800)
    assert metadata == {"image/png": {"alt": chart.alt}}
    assert data["text/plain"] == f"{chart.title}\n{chart.source_line}" == repr(chart)
    assert "0x" not in data["text/plain"]


def test_drawing_twice_gives_the_same_bytes(drawn: tuple[str, figures.Chart]) -> None:
    name, chart = drawn
    again = getattr(figures, name)()
    assert again.png == chart.png
    assert again.text == chart.text and again.alt == chart.alt


def test_big_amounts_use_the_narrow_no_break_space() -> None:
    chart = figures.platform_ad_revenue()
    chart.figure.draw_without_rendering()
    labels = [label.get_text() for label in chart.figure.axes[0].get_yticklabels()]
    assert "100\u202f000" in labels


def test_percent_ticks() -> None:
    chart = figures.duopoly_growth_share()
    chart.figure.draw_without_rendering()
    assert "80\u00a0%" in [label.get_text() for label in chart.figure.axes[0].get_yticklabels()]


def test_an_empty_selection_is_refused() -> None:
    with pytest.raises(ValueError, match="aucune donnée"):
        figures.ad_spend_world(agency="GroupM", years=(2009, 2011))


# --- explorers -------------------------------------------------------------------------------------------


def shown(explorer) -> dict:
    (output,) = explorer.output.outputs
    return output


def test_ad_spend_explorer_shows_the_default_chart_and_reacts() -> None:
    explorer = figures.explore_ad_spend()
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/plain"] == repr(explorer) == explorer.summary
    assert "0x" not in bundle["text/plain"]
    default = shown(explorer)
    assert default["data"]["text/plain"] == figures.ad_spend_world().text
    assert f'alt="{html.escape(figures.ad_spend_world().alt)}"' in default["data"]["text/html"]
    agency, measure, period = explorer.controls
    agency.value = "Magna"
    assert "selon Magna" in shown(explorer)["data"]["text/plain"]
    measure.value = "part"
    assert shown(explorer)["data"]["text/plain"].startswith("Part d'internet")
    agency.value = "GroupM"
    period.value = (period.min, period.min + 1)
    assert shown(explorer)["output_type"] == "stream" and "Aucune donnée" in shown(explorer)["text"]


def test_france_explorer_shows_the_default_chart_and_reacts() -> None:
    explorer = figures.explore_france()
    assert "0x" not in repr(explorer)
    assert shown(explorer)["data"]["text/plain"] == figures.france_digital_ad_market().text
    indicator, period = explorer.controls
    indicator.value = "smartphone"
    assert "smartphone" in shown(explorer)["data"]["text/plain"]
    period.value = (2024, 2024)
    assert shown(explorer)["data"]["text/html"].split('alt="')[1].count("\u00a0%") == 1

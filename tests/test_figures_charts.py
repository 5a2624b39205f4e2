"""Chart functions: plotted values read back from the artists equal the data, sourced, French, accessible."""

from __future__ import annotations

import base64
import html
import io
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

import matplotlib.image
import numpy as np
import pytest
from matplotlib.colors import same_color
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation, Text
from PIL import Image

from transition_numerique import figures
from transition_numerique.figures.data import Dataset, Row, load
from transition_numerique.figures.formatting import number, quantity, short_month
from transition_numerique.figures.registry import CHARTS, EDITION_RULES, EDITIONS, Uses, chart_sources
from transition_numerique.figures.style import DATA_GID, DPI


def _month(row: Row) -> float:
    year, month = (int(part) for part in row.date.split("-"))
    return year + (month - 1) / 12


def _own_year(row: Row) -> bool:
    """An e-pub row about the year its edition reviews, not a restated earlier year."""
    return row.year == int(row.edition[:4]) - 1


#: the edition of the e-pub observatory the lever chart shows, and the world chart's two editions
LATEST_EPUB = "2026-02"
WORLD_SOURCES = ("itu-2025", "datareportal-2026-monde")


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
    "france_digital_ad_market": (
        lambda d: [r for r in d.select("france_epub", segment="total", measure="montant") if _own_year(r)],
        None,
    ),
    "france_digital_ad_segments": (
        lambda d: [
            r for r in d.select("france_epub", measure="montant", edition=LATEST_EPUB) if r.segment != "total"
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
    "world_internet_users": (
        lambda d: [r for r in d.select("world_internet", source=WORLD_SOURCES) if r.unit == "milliards"],
        None,
    ),
}
HORIZONTAL = {"france_social_platforms"}
FRENCH_NUMBER = re.compile(r"^\d{1,3}(\u202f\d{3})*(,\d+)?(\u00a0%)?$")


def test_every_chart_function_is_tested_and_exported() -> None:
    charts = {name for name in CHARTS if not name.startswith("explore_")}
    assert charts == set(EXPECTED) == set(BAR_ROW) | set(LINE_CHECK)
    assert all(callable(getattr(figures, name)) for name in CHARTS)
    assert set(EDITIONS) == set(CHARTS) and set(EDITIONS.values()) <= set(EDITION_RULES)


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


# --- each value drawn with its label ----------------------------------------------------------------
# Sorted values say nothing of which bar carries which label: here each bar or point is read back with
# what a reader sees next to it (category tick label, legend entry, value written on it) and that
# reading must find, in the CSV rows, the row holding that very value.

#: the category label a reader sees → the data it must show
MEDIUM_BY_TICK = {"Internet": "internet", "Télévision": "tv"}
MEDIUM_BY_LEGEND = {
    "Internet (numérique)": "internet",
    "Télévision": "tv",
    "Médias traditionnels (dont télévision)": "traditionnels",
}
USAGE_BY_TICK = {
    "Internautes": "internautes",
    "Internet\nchaque jour": "usage_quotidien",
    "Smartphone": "smartphone",
}
SEGMENTS = ("search", "social", "display", "autres")
BAROMETRE = "Baromètre du numérique"


def one(rows: list[Row], *reading: object) -> Row:
    assert len(rows) == 1, f"{len(rows)} lignes du CSV pour la barre lue {reading!r}"
    return rows[0]


def _segment_row(data: Dataset, label: str, series: str | None) -> Row:
    assert series is None, "un seul levier par barre, une seule édition : pas de légende"
    (segment,) = [segment for segment in SEGMENTS if segment in label.lower()]
    rows = data.select("france_epub", segment=segment, measure="montant", edition=LATEST_EPUB)
    return one([row for row in rows if _own_year(row)], label)


def _world_row(data: Dataset, label: str, _series: str | None) -> Row:
    study, when, what = label.split("\n", 2)
    indicator = "internautes" if what == "internautes" else "identites_reseaux_sociaux"
    assert what in ("internautes", "identités sur\nréseaux sociaux"), label
    return one(data.select("world_internet", study=study, year=int(when[-4:]), indicator=indicator), label)


#: chart → the CSV row a reader finds for one bar, from its category label (tick label) and the legend
#: entry of its series (None when the chart has no legend)
BAR_ROW: dict[str, Callable[[Dataset, str, str | None], Row]] = {
    "internet_vs_tv_2017": lambda d, label, _s: one(
        d.select(
            "ad_spend_world",
            agency="Zenith",
            edition="2017-03",
            year=2017,
            measure="montant",
            medium=MEDIUM_BY_TICK[label],
        ),
        label,
    ),
    "duopoly_growth_share": lambda d, label, _s: one(
        d.select("ad_growth_capture", scope=label.split("\n")[0], year=int(label.split("\n")[1])), label
    ),
    "france_digital_ad_market": lambda d, label, _s: one(
        [
            r
            for r in d.select("france_epub", segment="total", measure="montant", year=int(label))
            if _own_year(r)
        ],
        label,
    ),
    "france_digital_ad_segments": _segment_row,
    "france_internet_usage": lambda d, label, series: one(
        d.select("france_usage", study=BAROMETRE, indicator=USAGE_BY_TICK[label], year=int(str(series))),
        label,
        series,
    ),
    "france_social_platforms": lambda d, label, _s: one(
        d.select("france_social_platforms", platform=label.removesuffix(" (ex-Twitter)")), label
    ),
    "world_internet_users": _world_row,
}


#: bar charts that write, under an amount, the growth its own edition reports
GROWTH_LABELS = {"france_digital_ad_market": "(+{})", "france_digital_ad_segments": "(+{} sur un an)"}


def _close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return all(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9) for x, y in zip(a, b, strict=True))


def bar_readings(chart: figures.Chart, horizontal: bool) -> list[tuple[float, str, str | None, str]]:
    """Each data bar as a reader sees it: (its length, category tick label, legend entry, value label)."""
    (axes,) = chart.figure.axes
    axis = axes.yaxis if horizontal else axes.xaxis
    ticks = [
        (label.get_position()[1 if horizontal else 0], label.get_text())
        for label in axis.get_majorticklabels()
        if label.get_text()
    ]
    legend = axes.get_legend()
    entries = (
        list(zip(legend.legend_handles, [text.get_text() for text in legend.get_texts()], strict=True))
        if legend
        else []
    )
    written = [(text.xy, text.get_text()) for text in axes.texts if isinstance(text, Annotation)]
    readings = []
    for bar in chart.figure.findobj(lambda artist: artist.get_gid() == DATA_GID):
        assert isinstance(bar, Rectangle)
        if horizontal:
            center, length = bar.get_y() + bar.get_height() / 2, bar.get_width()
            tip = (length, center)
        else:
            center, length = bar.get_x() + bar.get_width() / 2, bar.get_height()
            tip = (center, length)
        position, label = min(ticks, key=lambda tick: abs(tick[0] - center))
        assert abs(position - center) < 0.5, f"barre en {center} sans étiquette de catégorie"
        series = [
            text
            for handle, text in entries
            if same_color(handle.get_facecolor(), bar.get_facecolor())
            and handle.get_hatch() == bar.get_hatch()
        ]
        assert len(series) == (1 if entries else 0), f"barre « {label} » : légende {series}"
        (value_label,) = [text for xy, text in written if _close(xy, tip)]
        readings.append((float(length), label, series[0] if series else None, value_label))
    return readings


def check_bars(name: str, chart: figures.Chart, data: Dataset) -> None:
    shown = []
    for length, label, series, value_label in bar_readings(chart, name in HORIZONTAL):
        row = BAR_ROW[name](data, label, series)
        reading = f"{name} : barre « {label} »" + (f" de la série « {series} »" if series else "")
        assert length == pytest.approx(row.value), f"{reading} longue de {length}, le CSV dit {row}"
        first, *more = value_label.split("\n")
        assert first == quantity(row.value, row.unit), f"{reading} porte « {value_label} », le CSV dit {row}"
        if name == "world_internet_users":
            shares = data.select(
                "world_internet", study=row.study, year=row.year, indicator="part_population"
            )
            expected = [f"({quantity(share.value, share.unit)})" for share in shares]
            assert more == (expected if row.indicator == "internautes" else []), reading
        elif name in GROWTH_LABELS:
            growth = data.select(
                "france_epub", edition=row.edition, year=row.year, segment=row.segment, measure="croissance"
            )
            expected = [GROWTH_LABELS[name].format(quantity(g.value, g.unit)) for g in growth]
            assert more == expected, f"{reading} : croissance écrite {more}, le CSV dit {growth}"
        else:
            assert not more, reading
        shown.append(row)
    assert sorted(map(repr, shown)) == sorted(map(repr, EXPECTED[name][0](data))), f"{name} : lignes montrées"


def legend_entries(axes) -> list[tuple[Line2D, str]]:
    legend = axes.get_legend()
    return list(zip(legend.legend_handles, [text.get_text() for text in legend.get_texts()], strict=True))


def data_lines(chart: figures.Chart) -> list[Line2D]:
    return [line for line in chart.figure.axes[0].lines if line.get_gid() == DATA_GID]


def points_of(line: Line2D) -> set[tuple[float, float]]:
    return {
        (float(x), float(y))
        for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True)
        if not math.isnan(y)
    }


def check_year_ticks(chart: figures.Chart) -> None:
    """The x axis of a time chart: each tick label is the year at its position."""
    labels = [label for label in chart.figure.axes[0].xaxis.get_majorticklabels() if label.get_text()]
    assert len(labels) >= 3
    for label in labels:
        assert float(label.get_text()) == pytest.approx(label.get_position()[0]), label


def check_ad_spend_world(chart: figures.Chart, data: Dataset) -> None:
    """Line colour and style → medium, marker → agency, hollow marker → forecast, all read in the legend."""
    axes = chart.figure.axes[0]
    rows = EXPECTED["ad_spend_world"][0](data)
    media, agencies = [], {}
    for handle, text in legend_entries(axes):
        if handle.get_linestyle() == "None":
            agencies[handle.get_marker()] = text
        else:
            media.append((handle, MEDIUM_BY_LEGEND[text]))
    groups: dict[tuple[str, str, str], set[tuple[float, float]]] = defaultdict(set)
    for row in rows:
        groups[(row.agency, row.edition, row.medium)].add((float(row.year), float(row.value)))
    lines = data_lines(chart)
    for line in lines:
        (medium,) = [
            medium
            for handle, medium in media
            if same_color(handle.get_color(), line.get_color())
            and handle.get_linestyle() == line.get_linestyle()
        ]
        editions = [key for key, points in groups.items() if key[2] == medium and points == points_of(line)]
        assert editions, f"courbe {medium} {sorted(points_of(line))} : aucune édition du CSV"
    assert len(lines) == len(groups)
    markers = [line for line in axes.lines if line.get_gid() != DATA_GID and line.get_marker() != "None"]
    for marker in markers:
        (x,), (y,) = marker.get_xdata(), marker.get_ydata()
        (medium,) = [medium for handle, medium in media if same_color(handle.get_color(), marker.get_color())]
        agency = agencies[marker.get_marker()]
        forecast = marker.get_markerfacecolor() == "white"
        found = [
            row
            for row in rows
            if (row.medium, row.agency, row.year) == (medium, agency, x) and math.isclose(row.value, y)
        ]
        assert any((row.kind == "prévision") == forecast for row in found), (medium, agency, x, y, forecast)
    assert len(markers) == len(rows)
    check_year_ticks(chart)


def check_platform_ad_revenue(chart: figures.Chart, data: Dataset) -> None:
    """Each line is the company its legend entry names; the amount written at its end is its last point."""
    axes = chart.figure.axes[0]
    rows = EXPECTED["platform_ad_revenue"][0](data)
    companies = []
    for line in data_lines(chart):
        (company,) = [
            text.split(" (")[0]
            for handle, text in legend_entries(axes)
            if same_color(handle.get_color(), line.get_color()) and handle.get_marker() == line.get_marker()
        ]
        own = [row for row in rows if row.company == company]
        expected = {(float(row.year), float(row.value)) for row in own}
        assert points_of(line) == expected, f"courbe légendée « {company} » : {sorted(points_of(line))}"
        (written,) = [text for text in axes.texts if same_color(text.get_color(), line.get_color())]
        last = max(own, key=lambda row: row.year)
        assert _close(written.xy, (last.year, last.value)), (company, written.xy)
        assert written.get_text() == quantity(last.value, last.unit), (company, written.get_text())
        companies.append(company)
    assert sorted(companies) == sorted({row.company for row in rows})
    check_year_ticks(chart)


def check_facebook_users(chart: figures.Chart, data: Dataset) -> None:
    """One point per year, at the year its tick label reads."""
    rows = EXPECTED["facebook_users"][0](data)
    (line,) = data_lines(chart)
    assert points_of(line) == {(float(row.date[:4]), float(row.value)) for row in rows}
    check_year_ticks(chart)


def check_linkedin_members(chart: figures.Chart, data: Dataset) -> None:
    """Each point carries the month and the figure of its own announcement."""
    axes = chart.figure.axes[0]
    rows = EXPECTED["linkedin_members"][0](data)
    (line,) = data_lines(chart)
    points = points_of(line)
    notes = [text for text in axes.texts if isinstance(text, Annotation)]
    for note in notes:
        assert any(_close(note.xy, point) for point in points), note.xy
        row = one([row for row in rows if _close((_month(row), row.value), note.xy)], note.xy)
        assert note.get_text() == f"{short_month(row.date)}\n{number(row.value)}\u00a0M", (
            note.get_text(),
            row,
        )
    assert len(notes) == len(rows) == len(points)
    check_year_ticks(chart)


#: the line charts, each read with its own legend and labels
LINE_CHECK: dict[str, Callable[[figures.Chart, Dataset], None]] = {
    "ad_spend_world": check_ad_spend_world,
    "platform_ad_revenue": check_platform_ad_revenue,
    "facebook_users": check_facebook_users,
    "linkedin_members": check_linkedin_members,
}


def test_each_value_is_drawn_with_its_label(drawn: tuple[str, figures.Chart]) -> None:
    name, chart = drawn
    if name in BAR_ROW:
        check_bars(name, chart, load())
    else:
        LINE_CHECK[name](chart, load())


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


#: a chart's palette PNG at most, in bytes, and at most this share of matplotlib's own RGBA PNG
PNG_MAX_BYTES, PNG_MAX_SHARE = 48_000, 0.5


def test_the_png_is_a_small_palette_image_that_looks_like_the_drawing(
    drawn: tuple[str, figures.Chart],
) -> None:
    """The displayed PNG (pages, slides, handout) is palette-based, far lighter than matplotlib's RGBA
    one, and pixel for pixel almost the same: at most a faint shade on anti-aliased edges."""
    _name, chart = drawn
    with Image.open(io.BytesIO(chart.png)) as image:
        assert image.mode == "P" and image.size == (800, 450)
        shown = np.asarray(image.convert("RGB"), dtype=float)
    rgba = io.BytesIO()
    chart.figure.savefig(rgba, format="png", dpi=DPI, facecolor="white")
    drawing = matplotlib.image.imread(io.BytesIO(rgba.getvalue()))[..., :3] * 255
    assert len(chart.png) <= min(PNG_MAX_BYTES, PNG_MAX_SHARE * len(rgba.getvalue()))
    error = np.abs(shown - drawing)
    assert error.mean() < 0.1 and np.percentile(error, 99.9) < 16, (error.mean(), error.max())


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
    assert shown(explorer)["data"]["text/plain"].replace("\u2019", "'").startswith("Part d'Internet")
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


# --- editions: never two editions of one study in one comparison ----------------------------------------


def _study(data: Dataset, row: Row) -> tuple[str, str]:
    """The study a row comes from: its source's publisher and title without the year (« Internet Trends
    2016 » and « Internet Trends 2017 » are two editions of one study)."""
    source = data.sources[row.source]
    return source.publisher, re.sub(r"\s*\d{4}\s*", " ", source.title).strip()


def _point(row: Row) -> tuple[object, ...]:
    """What a row shows, whatever its edition: its key columns but the edition."""
    return (type(row).__name__, *(getattr(row, column) for column in type(row).keys if column != "edition"))


def edition_problems(data: Dataset, uses: Sequence[Uses], rule: str) -> list[str]:
    """How the rows of ``uses`` break the edition rule of their chart (an empty list: they keep it).

    « une »: one edition per study; « par point »: no point (year, category) drawn from two editions;
    « par courbe »: each line (agency and edition) from one edition only.
    """
    rows = [row for use in uses for row in use.rows(data)]
    studies: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        studies[_study(data, row)].append(row)
    problems = []
    for study, group in studies.items():
        editions = {data.sources[row.source].edition for row in group}
        if rule == "une" and len(editions) > 1:
            problems.append(f"{study} : {len(editions)} éditions ({', '.join(sorted(editions))})")
        elif rule == "par point":
            twice = [point for point, count in Counter(map(_point, group)).items() if count > 1]
            problems += [f"{study} : {point} tiré de plusieurs éditions" for point in twice]
        elif rule == "par courbe":
            lines: dict[tuple[object, ...], set[str]] = defaultdict(set)
            for row in group:
                lines[(getattr(row, "agency", None), row.edition)].add(data.sources[row.source].edition)
            problems += [f"{study} : courbe {line} sur {eds}" for line, eds in lines.items() if len(eds) > 1]
    return problems


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_no_chart_mixes_two_editions_of_one_study(name: str) -> None:
    assert edition_problems(load(), CHARTS[name], EDITIONS[name]) == []


@pytest.mark.parametrize("name", sorted(name for name, rule in EDITIONS.items() if rule == "par point"))
def test_a_chart_with_one_edition_per_point_says_so(name: str) -> None:
    chart = getattr(figures, name)()
    if not isinstance(chart, figures.Chart):  # an explorer: its default chart
        chart = figures.france_digital_ad_market()
    assert re.search(r"édition|rapport|annonce|communiqué|bilan", chart.alt.split("Source")[0]), chart.alt


def test_the_edition_check_catches_a_mixed_comparison() -> None:
    """The charts of issue 13, as they were: each is caught."""
    data = load()
    segments_2023_2024 = Uses(
        "france_epub", {"edition": ("2024-02", "2025-02"), "measure": "montant", "segment": SEGMENTS}
    )
    assert edition_problems(data, [segments_2023_2024], "une")
    assert edition_problems(data, [Uses("world_internet")], "une")
    totals_with_revisions = Uses("france_epub", {"segment": "total", "measure": "montant"})
    assert edition_problems(data, [totals_with_revisions], "par point")
    assert (
        edition_problems(
            data, [Uses("france_epub", {"segment": "total", "measure": "montant"}, _own_year)], "par point"
        )
        == []
    )


def test_the_lever_chart_uses_the_latest_edition_alone() -> None:
    chart = figures.france_digital_ad_segments()
    assert chart.sources == ("epub-2026",)
    assert "2025" in chart.title and "35e édition" in chart.alt

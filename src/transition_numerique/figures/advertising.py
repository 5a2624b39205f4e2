"""Charts of the advertising market: world spend by medium, the Google–Facebook duopoly."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from .chart import Chart, make_chart
from .data import Row, load
from .formatting import NBSP, french_date, quantity, year_formatter
from .registry import Uses, declare
from .style import DATA_GID, LEGEND_PT, LOOKS, TEXT_PT, labelled_bars, legend, new_figure, value_axis

_MEDIA = {
    "internet": ("Internet (numérique)", LOOKS[0]),
    "tv": ("Télévision", LOOKS[1]),
    "traditionnels": ("Médias traditionnels (dont télévision)", LOOKS[3]),
}
_AGENCY_MARKERS = {"Zenith": "o", "Magna": "s", "GroupM": "^", "WPP Media": "D"}
#: GroupM took the name WPP Media in 2025: one agency under two names
_SAME_AGENCY = {"WPP Media": "GroupM"}
_COUNTS = {1: "une", 2: "deux", 3: "trois", 4: "quatre"}
_DEFINITIONS = (
    f"Un trait relie les chiffres d’une même édition d’un rapport{NBSP}; chaque agence définit "
    f"«{NBSP}Internet{NBSP}» à sa façon (Zenith y compte les sites des journaux, Magna et GroupM, "
    f"devenu WPP Media en 2025, seulement les acteurs purement numériques). Marqueur creux{NBSP}: "
    "prévision, révisée ensuite."
)


_ZENITH_2017 = Uses(
    "ad_spend_world",
    {
        "agency": "Zenith",
        "edition": "2017-03",
        "year": 2017,
        "medium": ("internet", "tv"),
        "measure": "montant",
    },
)
_CAPTURE = Uses("ad_growth_capture")
_REVENUE = Uses("platform_ad_revenue")


def world_spend(*measures: str) -> Uses:
    """World advertising by medium (internet, TV, traditional media), for these measures."""
    return Uses("ad_spend_world", {"measure": measures, "medium": tuple(_MEDIA)})


@declare(_ZENITH_2017, editions="une")
def internet_vs_tv_2017(*, data_dir: Path | str | None = None) -> Chart:
    """Zenith's March 2017 forecast: worldwide internet advertising (205 Md$) passes TV (192 Md$)."""
    data = load(data_dir)
    rows = sorted(_ZENITH_2017.rows(data), key=lambda row: list(_MEDIA).index(row.medium))
    figure, axes = new_figure()
    labels = [_MEDIA[row.medium][0].split(" (")[0] for row in rows]
    looks = [_MEDIA[row.medium][1] for row in rows]
    labelled_bars(
        axes, labels, [row.value for row in rows], looks, [quantity(row.value, row.unit) for row in rows]
    )
    axes.tick_params(axis="x", labelsize=TEXT_PT + 1)
    axes.margins(y=0.15)
    value_axis(axes, "Md$")
    return make_chart(
        data,
        figure,
        axes,
        title=f"Publicité mondiale en 2017{NBSP}: Internet devant la télévision (prévision)",
        rows=rows,
        description="Diagramme en barres, prévisions pour 2017 dans le monde. "
        + f"{NBSP}; ".join(
            f"{label}{NBSP}: {quantity(row.value, row.unit)}" for label, row in zip(labels, rows, strict=True)
        )
        + ".",
        notes=[
            f"Prévision publiée en mars 2017{NBSP}; Zenith compte dans «{NBSP}Internet{NBSP}» "
            "les recettes en ligne des journaux."
        ],
    )


@declare(_CAPTURE, editions="par point")
def duopoly_growth_share(*, data_dir: Path | str | None = None) -> Chart:
    """Share of the growth of online advertising captured by Google + Facebook: US 2015–2016, France 2017."""
    data = load(data_dir)
    rows = sorted(_CAPTURE.rows(data), key=lambda row: (row.scope != "États-Unis", row.year))
    figure, axes = new_figure()
    looks = [LOOKS[0] if row.scope == "États-Unis" else LOOKS[1] for row in rows]
    labels = [f"{row.scope}\n{row.year}" for row in rows]
    labelled_bars(
        axes, labels, [row.value for row in rows], looks, [quantity(row.value, row.unit) for row in rows]
    )
    axes.set_ylim(0, 105)
    value_axis(axes, "%")
    axes.set_ylabel("part de la croissance annuelle (%)", fontsize=TEXT_PT)
    return make_chart(
        data,
        figure,
        axes,
        title="Part de la croissance de la publicité en ligne captée par Google et Facebook",
        rows=rows,
        description="Diagramme en barres. "
        + f"{NBSP}; ".join(f"{row.scope} {row.year}{NBSP}: {quantity(row.value, row.unit)}" for row in rows)
        + ".",
        notes=[
            f"États-Unis{NBSP}: estimations de Mary Meeker (KPCB){NBSP}; France{NBSP}: Observatoire de "
            f"l’e-pub (PwC). Deux pays, deux méthodes{NBSP}: comparez les ordres de grandeur. "
            "Chaque barre vient de l’édition publiée l’année suivante.",
        ],
    )


@declare(world_spend("montant"), editions="par courbe")
def ad_spend_world(
    *,
    agency: str | None = None,
    measure: str = "montant",
    years: tuple[int, int] | None = None,
    data_dir: Path | str | None = None,
) -> Chart:
    """Worldwide advertising by medium, one line per agency edition (``measure``: montant | part).

    ``agency`` keeps one agency (Zenith, Magna, GroupM, WPP Media); ``years`` keeps an inclusive range.
    """
    data = load(data_dir)
    rows = [
        row
        for row in world_spend(measure).rows(data)
        if (agency is None or row.agency == agency) and (years is None or years[0] <= row.year <= years[1])
    ]
    if not rows:
        raise ValueError(f"aucune donnée pour {agency or 'les agences'}, {measure}, années {years}")
    unit = rows[0].unit
    figure, axes = new_figure()
    series = _series(rows)
    for (_agency, _edition, medium), points in series:
        look = _MEDIA[medium][1]
        axes.plot(
            [row.year for row in points],
            [row.value for row in points],
            color=look.color,
            linestyle=look.linestyle,
            linewidth=2,
            gid=DATA_GID,
        )
        for row in points:
            axes.plot(
                row.year,
                row.value,
                linestyle="none",
                marker=_AGENCY_MARKERS[row.agency],
                markersize=8,
                color=look.color,
                markerfacecolor="white" if row.kind == "prévision" else look.color,
            )
    media = list(dict.fromkeys(medium for (_a, _e, medium), _p in series))
    agencies = list(dict.fromkeys(row.agency for row in rows))
    handles = [
        Line2D(
            [],
            [],
            color=_MEDIA[m][1].color,
            linestyle=_MEDIA[m][1].linestyle,
            linewidth=2,
            label=_MEDIA[m][0],
        )
        for m in media
    ]
    handles += [
        Line2D([], [], color="black", linestyle="none", marker=_AGENCY_MARKERS[a], markersize=8, label=a)
        for a in agencies
    ]
    legend(axes, handles=handles, loc="upper left", ncols=1 if len(handles) < 4 else 2)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.xaxis.set_major_formatter(year_formatter())
    value_axis(axes, unit)
    axes.set_ylim(0, 100 if unit == "%" else max(row.value for row in rows) * 1.3)
    families = len({_SAME_AGENCY.get(name, name) for name in agencies})
    who = f"selon {agency}" if agency else f"selon {_COUNTS.get(families, str(families))} agences"
    title = (
        f"Publicité mondiale{NBSP}: Internet et télévision, {who}"
        if measure == "montant"
        else f"Part d’Internet et de la télévision dans la publicité mondiale, {who}"
    )
    return make_chart(
        data,
        figure,
        axes,
        title=title,
        rows=rows,
        description="Graphique en courbes, une courbe par édition de rapport. " + _describe_series(series),
        notes=[
            _DEFINITIONS,
            *(
                f"{row.agency} {row.year}{NBSP}: {row.note}."
                for row in rows
                if "définition" in (row.note or "")
            ),
        ],
    )


def _series(rows: Sequence[Row]) -> list[tuple[tuple[str, str, str], list[Row]]]:
    """Rows grouped by (agency, edition, medium), each group sorted by year."""

    def key(row: Row) -> tuple[str, str, str]:
        return (row.agency, row.edition, row.medium)

    ordered = sorted(
        rows, key=lambda row: (row.edition, row.agency, list(_MEDIA).index(row.medium), row.year)
    )
    return [(group, list(points)) for group, points in groupby(ordered, key=key)]


def _describe_series(series: list[tuple[tuple[str, str, str], list[Row]]]) -> str:
    """« Zenith, édition de mars 2017 : internet (numérique) 205 Md$ en 2017 (prévision). … »"""
    sentences = []
    for (agency, edition), group in groupby(series, key=lambda item: item[0][:2]):
        parts = []
        for (_a, _e, medium), points in group:
            values = ", ".join(
                f"{quantity(row.value, row.unit)} en {row.year} ({row.kind})" for row in points
            )
            name = _MEDIA[medium][0].split(" (")[0]
            parts.append(f"{name if name == 'Internet' else name.lower()} {values}")
        when = french_date(edition)
        of = "d'" if when[0] in "aeiouéèêàâîôû" else "de "
        sentences.append(f"{agency}, édition {of}{when}{NBSP}: {f'{NBSP}; '.join(parts)}.")
    return " ".join(sentences)


@declare(_REVENUE, editions="par point")
def platform_ad_revenue(*, data_dir: Path | str | None = None) -> Chart:
    """Worldwide advertising revenue of Google and Meta (Facebook), as filed, 2015–2025."""
    data = load(data_dir)
    rows = sorted(_REVENUE.rows(data), key=lambda row: (row.company, row.year))
    figure, axes = new_figure()
    names = {"Google": "Google (Alphabet)", "Meta": "Meta (Facebook jusqu’en 2021)"}
    descriptions = []
    for look, (company, points) in zip(LOOKS, groupby(rows, key=lambda row: row.company), strict=False):
        points = list(points)
        axes.plot(
            [row.year for row in points],
            [row.value for row in points],
            color=look.color,
            linestyle=look.linestyle,
            marker=look.marker,
            linewidth=2,
            markersize=7,
            label=names[company],
            gid=DATA_GID,
        )
        last = points[-1]
        axes.annotate(
            quantity(last.value, last.unit),
            (last.year, last.value),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=LEGEND_PT,
            color=look.color,
        )
        descriptions.append(
            f"{names[company]}{NBSP}: "
            + ", ".join(f"{quantity(row.value, row.unit)} en {row.year}" for row in points)
        )
    legend(axes, loc="upper left")
    first, last = min(row.year for row in rows), max(row.year for row in rows)
    axes.set_xticks(range(first, last + 1, 2))
    axes.xaxis.set_major_formatter(year_formatter())
    axes.set_xlim(first - 0.5, last + 1.8)
    axes.set_ylim(bottom=0)
    value_axis(axes, "M$")
    return make_chart(
        data,
        figure,
        axes,
        title=f"Recettes publicitaires mondiales de Google et de Meta, {first}–{last}",
        rows=rows,
        description="Graphique en courbes. " + f"{NBSP}; ".join(descriptions) + ".",
        notes=[
            f"Chiffres publiés par les entreprises, exercice = année civile{NBSP}; chaque point vient d’un "
            "seul rapport, et un rapport ultérieur retouche parfois un chiffre.",
            *(f"{row.company} {row.year}{NBSP}: {row.note}." for row in rows if row.note),
        ],
    )

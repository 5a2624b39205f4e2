"""Charts of audiences: Facebook users, LinkedIn members, internet users worldwide."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

from matplotlib.ticker import MaxNLocator

from ..reporting import join
from .chart import Chart, make_chart
from .data import Row, load
from .formatting import NBSP, number, quantity, short_month, year_formatter
from .registry import Uses, declare
from .style import DATA_GID, LEGEND_PT, LOOKS, TEXT_PT, labelled_bars, new_figure, value_axis

MAU = "utilisateurs actifs mensuels"


def month_position(row: Row) -> float:
    """A « YYYY-MM » date as a decimal year: 2017-04 → 2017.25."""
    year, month = (int(part) for part in row.date.split("-"))
    return year + (month - 1) / 12


_FACEBOOK = Uses("platform_users", {"platform": "Facebook", "metric": MAU})
_LINKEDIN = Uses("platform_users", {"platform": "LinkedIn", "metric": "membres inscrits"})
#: the latest edition of each study (ITU Facts and Figures 2025, DataReportal Digital 2026): the chart
#: never sets two editions of one study side by side
WORLD_INTERNET_SOURCES = ("itu-2025", "datareportal-2026-monde")
_WORLD_INTERNET = Uses("world_internet", {"source": WORLD_INTERNET_SOURCES})


@declare(_FACEBOOK, editions="par point")
def facebook_users(*, data_dir: Path | str | None = None) -> Chart:
    """Facebook monthly active users worldwide, each December (a year with no checked figure stays blank)."""
    data = load(data_dir)
    rows = sorted(_FACEBOOK.rows(data), key=month_position)
    years = [int(row.date[:4]) for row in rows]
    missing = [year for before, after in itertools.pairwise(years) for year in range(before + 1, after)]
    xs: list[float] = []
    ys: list[float] = []
    for year, row in zip(years, rows, strict=True):
        if xs and year - xs[-1] > 1:
            xs.append(math.nan)  # break the line over a missing year rather than draw through it
            ys.append(math.nan)
        xs.append(year)
        ys.append(row.value)
    figure, axes = new_figure()
    look = LOOKS[0]
    axes.plot(xs, ys, color=look.color, marker=look.marker, linewidth=2, markersize=7, gid=DATA_GID)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.xaxis.set_major_formatter(year_formatter())
    axes.set_ylim(0, max(row.value for row in rows) * 1.15)
    value_axis(axes, "millions")
    axes.set_ylabel("millions d’utilisateurs", fontsize=TEXT_PT)
    notes = (
        "Utilisateurs actifs au cours du mois de décembre de chaque année, chaque point venant du "
        "communiqué de résultats de l’exercice."
    )
    if missing:
        notes += f" Sans chiffre vérifié{NBSP}: {join(str(year) for year in missing)} (laissé en blanc)."
    notes += " Meta ne publie plus ce chiffre pour Facebook seul depuis 2024."
    return make_chart(
        data,
        figure,
        axes,
        title=f"Facebook{NBSP}: utilisateurs actifs mensuels dans le monde",
        rows=rows,
        description="Graphique en courbe. "
        + ", ".join(f"{quantity(row.value, row.unit)} en {short_month(row.date)}" for row in rows)
        + ".",
        notes=[notes],
    )


@declare(_LINKEDIN, editions="par point")
def linkedin_members(*, data_dir: Path | str | None = None) -> Chart:
    """LinkedIn registered members worldwide, one point per dated announcement."""
    data = load(data_dir)
    rows = sorted(_LINKEDIN.rows(data), key=month_position)
    figure, axes = new_figure()
    look = LOOKS[2]
    axes.plot(
        [month_position(row) for row in rows],
        [row.value for row in rows],
        linestyle="none",
        color=look.color,
        marker=look.marker,
        markersize=10,
        gid=DATA_GID,
    )
    for index, row in enumerate(rows):
        axes.annotate(
            f"{short_month(row.date)}\n{number(row.value)}{NBSP}M",
            (month_position(row), row.value),
            xytext=(0, 12 if index % 2 == 0 else -34),
            textcoords="offset points",
            ha="center",
            fontsize=LEGEND_PT,
        )
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.xaxis.set_major_formatter(year_formatter())
    axes.set_xlim(month_position(rows[0]) - 1, month_position(rows[-1]) + 1)
    axes.set_ylim(0, max(row.value for row in rows) * 1.3)
    value_axis(axes, "millions")
    axes.set_ylabel("millions de membres", fontsize=TEXT_PT)
    return make_chart(
        data,
        figure,
        axes,
        title=f"LinkedIn{NBSP}: membres inscrits dans le monde",
        rows=rows,
        description="Nuage de points. "
        + ", ".join(f"{quantity(row.value, row.unit)} en {short_month(row.date)}" for row in rows)
        + ".",
        notes=[
            f"Membres inscrits, pas utilisateurs actifs{NBSP}: LinkedIn ne publie que ce chiffre. "
            "Chaque point est une annonce datée, rien n’est connu entre deux points."
        ],
    )


@declare(_WORLD_INTERNET, editions="une")
def world_internet_users(*, data_dir: Path | str | None = None) -> Chart:
    """Internet users worldwide per the latest ITU and DataReportal editions, with social-media
    « identities » apart."""
    data = load(data_dir)
    rows = _WORLD_INTERNET.rows(data)
    counted = sorted(
        (row for row in rows if row.unit == "milliards"),
        key=lambda row: (row.indicator != "internautes", row.study != "UIT", row.year),
    )
    shares = {(row.study, row.year): row for row in rows if row.indicator == "part_population"}
    labels, texts, looks = [], [], []
    for row in counted:
        source = data.sources[row.source]
        # DataReportal counts at a month (its source's date); the ITU gives yearly estimates
        when = short_month(source.date) if row.study == "DataReportal" else str(row.year)
        what = "internautes" if row.indicator == "internautes" else "identités sur\nréseaux sociaux"
        labels.append(f"{row.study}\n{when}\n{what}")
        share = shares.get((row.study, row.year)) if row.indicator == "internautes" else None
        texts.append(quantity(row.value, row.unit) + (f"\n({quantity(share.value, '%')})" if share else ""))
        looks.append(LOOKS[0 if row.study == "UIT" else 2] if row.indicator == "internautes" else LOOKS[1])
    figure, axes = new_figure()
    labelled_bars(axes, labels, [row.value for row in counted], looks, texts, width=0.6, label_size=LEGEND_PT)
    axes.set_ylim(0, max(row.value for row in counted) * 1.3)
    value_axis(axes, "milliards")
    used = [*counted, *(share for share in shares.values())]
    return make_chart(
        data,
        figure,
        axes,
        title=f"Internautes dans le monde{NBSP}: UIT et DataReportal, dernières éditions",
        rows=used,
        description="Diagramme en barres. "
        + f"{NBSP}; ".join(
            label.replace("\n", " ") + f"{NBSP}: " + text.replace("\n", " ")
            for label, text in zip(labels, texts, strict=True)
        )
        + ".",
        notes=[
            f"Entre parenthèses{NBSP}: part de la population mondiale. "
            f"Deux producteurs, deux méthodes{NBSP}; les «{NBSP}identités{NBSP}» "
            "sur les réseaux sociaux ne sont pas des personnes uniques.",
            *(f"{row.study} {row.year}{NBSP}: {row.note}." for row in counted if "révis" in (row.note or "")),
        ],
    )

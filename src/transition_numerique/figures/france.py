"""Charts about France: the digital advertising market, internet use, social platforms."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from .chart import Chart, make_chart
from .data import Row, load
from .formatting import NBSP, french_date, quantity
from .registry import Uses, declare
from .style import DATA_GID, LEGEND_PT, LOOKS, TEXT_PT, legend, new_figure, value_axis

BAROMETRE = "Baromètre du numérique"
_EPUB_NOTE = (
    f"Chaque année vient de l'Observatoire de l'e-pub publié l'année suivante{NBSP}; "
    "une édition plus récente révise souvent l'année précédente, comparez donc avec prudence."
)
_BAROMETRE_NOTE = f"Population de 12 ans et plus{NBSP}; une année sans barre n'a pas de chiffre exact publié."


@dataclass(frozen=True)
class Indicator:
    """One yearly French series the explorer can show: a label, the rows, a note."""

    label: str
    table: str
    where: dict[str, object] = field(default_factory=dict)
    note: str = ""

    @property
    def uses(self) -> Uses:
        return Uses(self.table, self.where)


#: The series of the France explorer, by key.
INDICATORS: dict[str, Indicator] = {
    "epub_total": Indicator(
        "Marché de la publicité numérique en France",
        "france_epub",
        {"segment": "total", "measure": "montant"},
        _EPUB_NOTE,
    ),
    "epub_search": Indicator(
        "Publicité sur les moteurs de recherche (search) en France",
        "france_epub",
        {"segment": "search", "measure": "montant"},
        _EPUB_NOTE,
    ),
    "epub_social": Indicator(
        "Publicité sur les réseaux sociaux (social) en France",
        "france_epub",
        {"segment": "social", "measure": "montant"},
        _EPUB_NOTE,
    ),
    "epub_display": Indicator(
        "Publicité display (bannières, vidéos) en France",
        "france_epub",
        {"segment": "display", "measure": "montant"},
        _EPUB_NOTE,
    ),
    "internautes": Indicator(
        "Part d'internautes en France (Baromètre du numérique)",
        "france_usage",
        {"study": BAROMETRE, "indicator": "internautes"},
        _BAROMETRE_NOTE,
    ),
    "usage_quotidien": Indicator(
        "Part de la population qui va chaque jour sur internet",
        "france_usage",
        {"study": BAROMETRE, "indicator": "usage_quotidien"},
        _BAROMETRE_NOTE,
    ),
    "smartphone": Indicator(
        "Part de la population équipée d'un smartphone",
        "france_usage",
        {"study": BAROMETRE, "indicator": "smartphone"},
        _BAROMETRE_NOTE,
    ),
    "temps_quotidien": Indicator(
        "Temps passé chaque jour sur internet (Médiamétrie)",
        "france_usage",
        {"study": "Médiamétrie", "indicator": "temps_quotidien"},
        "Moyenne par internaute, population de 2 ans et plus.",
    ),
}


@declare(INDICATORS["epub_total"].uses)
def france_digital_ad_market(
    *, years: tuple[int, int] | None = None, data_dir: Path | str | None = None
) -> Chart:
    """Total French digital advertising market per year (Observatoire de l'e-pub), in M€."""
    return france_indicator("epub_total", years=years, data_dir=data_dir)


def france_indicator(
    key: str, *, years: tuple[int, int] | None = None, data_dir: Path | str | None = None
) -> Chart:
    """One French yearly series from ``INDICATORS`` as bars at their years, ``years`` an inclusive range."""
    indicator = INDICATORS[key]
    data = load(data_dir)
    rows = sorted(
        (row for row in indicator.uses.rows(data) if years is None or years[0] <= row.year <= years[1]),
        key=lambda row: row.year,
    )
    if not rows:
        raise ValueError(f"aucune donnée pour {indicator.label} entre {years[0]} et {years[1]}")
    unit = rows[0].unit
    figure, axes = new_figure()
    look = LOOKS[0]
    bars = axes.bar(
        [row.year for row in rows],
        [row.value for row in rows],
        width=0.6,
        color=look.color,
        edgecolor="black",
        gid=DATA_GID,
    )
    axes.bar_label(bars, labels=[quantity(row.value, row.unit) for row in rows], fontsize=TEXT_PT, padding=3)
    axes.set_xticks([row.year for row in rows], labels=[str(row.year) for row in rows])
    axes.set_xlim(rows[0].year - 0.8, rows[-1].year + 0.8)
    axes.set_ylim(0, 100 if unit == "%" else max(row.value for row in rows) * 1.2)
    value_axis(axes, unit)
    return make_chart(
        data,
        figure,
        axes,
        title=indicator.label,
        rows=rows,
        description="Diagramme en barres. "
        + f"{NBSP}; ".join(f"{row.year}{NBSP}: {quantity(row.value, row.unit)}" for row in rows)
        + ".",
        notes=[" ".join(filter(None, [indicator.note, _editions(rows)]))],
    )


def _editions(rows: list[Row]) -> str:
    """« Éditions : 2017 pour 2016, février 2024 pour 2023. » when the rows come from dated editions."""
    if not all(hasattr(row, "edition") for row in rows):
        return ""
    pairs = ", ".join(f"{french_date(row.edition)} pour {row.year}" for row in rows)
    return f"Éditions{NBSP}: {pairs}."


_SEGMENTS = {
    "search": "Moteurs de\nrecherche\n(search)",
    "social": "Réseaux\nsociaux\n(social)",
    "display": "Display\n(bannières,\nvidéos)",
    "autres": "Autres\n(affiliation,\ne-mailing…)",
}


_SEGMENT_EDITIONS = ("2024-02", "2025-02")
_SEGMENTS_USED = Uses(
    "france_epub", {"edition": _SEGMENT_EDITIONS, "measure": "montant", "segment": tuple(_SEGMENTS)}
)


@declare(_SEGMENTS_USED)
def france_digital_ad_segments(*, data_dir: Path | str | None = None) -> Chart:
    """French digital advertising by lever, 2023 (February 2024 edition) and 2024 (February 2025 edition)."""
    data = load(data_dir)
    editions = _SEGMENT_EDITIONS
    order = list(_SEGMENTS)
    rows = sorted(
        _SEGMENTS_USED.rows(data), key=lambda row: (editions.index(row.edition), order.index(row.segment))
    )
    figure, axes = new_figure()
    width = 0.38
    sentences = []
    for offset, look, (edition, points) in zip(
        (-width / 2, width / 2), LOOKS, groupby(rows, key=lambda r: r.edition), strict=False
    ):
        points = list(points)
        positions = [list(_SEGMENTS).index(row.segment) + offset for row in points]
        bars = axes.bar(
            positions,
            [row.value for row in points],
            width=width,
            color=look.color,
            hatch=look.hatch,
            edgecolor="black",
            label=f"{points[0].year} (édition de {french_date(edition)})",
            gid=DATA_GID,
        )
        axes.bar_label(
            bars, labels=[quantity(row.value, row.unit) for row in points], fontsize=LEGEND_PT - 1, padding=2
        )
        sentences.append(
            f"{points[0].year}{NBSP}: "
            + ", ".join(f"{row.segment} {quantity(row.value, row.unit)}" for row in points)
        )
    axes.set_xticks(range(len(_SEGMENTS)), labels=list(_SEGMENTS.values()))
    axes.set_ylim(0, max(row.value for row in rows) * 1.2)
    value_axis(axes, "M€")
    legend(axes, loc="upper right")
    return make_chart(
        data,
        figure,
        axes,
        title=f"Publicité numérique en France par levier{NBSP}: 2023 et 2024",
        rows=rows,
        description="Diagramme en barres groupées. " + f"{NBSP}; ".join(sentences) + ".",
        notes=[
            f"Search{NBSP}: liens sponsorisés des moteurs de recherche{NBSP}; "
            f"social{NBSP}: publicité sur les réseaux sociaux{NBSP}; "
            f"display{NBSP}: bannières et vidéos sur les sites et applications."
        ],
    )


_USAGES = {
    "internautes": "Internautes",
    "usage_quotidien": "Internet\nchaque jour",
    "smartphone": "Smartphone",
}


_USAGES_USED = Uses("france_usage", {"study": BAROMETRE, "indicator": tuple(_USAGES)})


@declare(_USAGES_USED)
def france_internet_usage(*, data_dir: Path | str | None = None) -> Chart:
    """Internet users, daily users and smartphone owners in France, Baromètre du numérique editions."""
    data = load(data_dir)
    order = list(_USAGES)
    rows = sorted(_USAGES_USED.rows(data), key=lambda row: order.index(row.indicator))
    years = sorted({row.year for row in rows})
    width = 0.8 / len(years)
    figure, axes = new_figure()
    sentences = []
    for index, (look, year) in enumerate(zip(LOOKS, years, strict=False)):
        offset = (index - (len(years) - 1) / 2) * width
        points = [row for row in rows if row.year == year]
        bars = axes.bar(
            [list(_USAGES).index(row.indicator) + offset for row in points],
            [row.value for row in points],
            width=width,
            color=look.color,
            hatch=look.hatch,
            edgecolor="black",
            label=str(year),
            gid=DATA_GID,
        )
        axes.bar_label(
            bars, labels=[quantity(row.value, row.unit) for row in points], fontsize=LEGEND_PT - 1, padding=2
        )
        for slot, indicator in enumerate(_USAGES):
            if not any(row.indicator == indicator for row in points):
                axes.text(slot + offset, 2, "n.\u202fd.", ha="center", va="bottom", fontsize=LEGEND_PT - 1)
        sentences.append(
            f"{year}{NBSP}: "
            + ", ".join(
                f"{_USAGES[row.indicator].replace(chr(10), ' ').lower()} {quantity(row.value, row.unit)}"
                for row in points
            )
        )
    axes.set_xticks(range(len(_USAGES)), labels=list(_USAGES.values()))
    axes.set_ylim(0, 122)
    axes.set_yticks(range(0, 101, 20))
    value_axis(axes, "%")
    axes.set_ylabel("part de la population (%)", fontsize=TEXT_PT)
    legend(axes, loc="upper center", ncols=len(years), title="Enquête", title_fontsize=LEGEND_PT)
    return make_chart(
        data,
        figure,
        axes,
        title=f"Usages d'internet en France{NBSP}: Baromètre du numérique",
        rows=rows,
        description="Diagramme en barres groupées. " + f"{NBSP}; ".join(sentences) + ".",
        notes=[f"{_BAROMETRE_NOTE} n.{chr(0x202F)}d.{NBSP}: non disponible."],
    )


_PLATFORM_LABELS = {"X": "X (ex-Twitter)"}


_PLATFORMS_USED = Uses("france_social_platforms")


@declare(_PLATFORMS_USED)
def france_social_platforms(*, data_dir: Path | str | None = None) -> Chart:
    """Monthly use of each social platform among French internet users aged 16–64 (DataReportal 2024)."""
    data = load(data_dir)
    rows = sorted(_PLATFORMS_USED.rows(data), key=lambda row: row.value)
    figure, axes = new_figure()
    look = LOOKS[0]
    bars = axes.barh(
        [_PLATFORM_LABELS.get(row.platform, row.platform) for row in rows],
        [row.value for row in rows],
        height=0.65,
        color=look.color,
        edgecolor="black",
        gid=DATA_GID,
    )
    axes.bar_label(
        bars, labels=[quantity(row.value, row.unit) for row in rows], fontsize=LEGEND_PT, padding=3
    )
    axes.set_xlim(0, 100)
    value_axis(axes, "%", axis="x")
    axes.set_xlabel("part des internautes de 16 à 64 ans (%)", fontsize=TEXT_PT)
    year = rows[0].year
    return make_chart(
        data,
        figure,
        axes,
        title=f"Réseaux sociaux utilisés chaque mois en France en {year}",
        rows=rows,
        description="Diagramme en barres horizontales. "
        + f"{NBSP}; ".join(f"{row.platform}{NBSP}: {quantity(row.value, row.unit)}" for row in reversed(rows))
        + ".",
        notes=[
            f"Réponses à une enquête menée début 2024{NBSP}: "
            "usage de la plateforme au moins une fois par mois."
        ],
    )

"""Charts about France: the digital advertising market, internet use, social platforms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .chart import Chart, edition_text, make_chart
from .data import Row, load
from .formatting import NBSP, french_date, quantity
from .registry import Uses, declare
from .style import DATA_GID, LEGEND_PT, LOOKS, TEXT_PT, legend, new_figure, value_axis

BAROMETRE = "Baromètre du numérique"
_EPUB_NOTE = (
    f"Chaque barre est le bilan d’une édition de l’Observatoire de l’e-pub, publiée l’année suivante{NBSP}; "
    "entre parenthèses, la croissance sur un an que cette même édition calcule sur sa base révisée. "
    f"Une édition plus récente révise souvent l’année précédente{NBSP}: ne calculez pas d’évolution "
    "d’une barre à l’autre."
)
_BAROMETRE_NOTE = (
    f"Population de 12 ans et plus, année de l’enquête{NBSP}: chaque édition paraît l’année suivante{NBSP}; "
    "une année sans barre n’a pas de chiffre exact publié."
)


def own_year(row: Row) -> bool:
    """An e-pub row about the year its edition reviews (the February 2026 edition: 2025), not a
    previous year restated by that edition."""
    return row.year == int(row.edition[:4]) - 1


@dataclass(frozen=True)
class Indicator:
    """One yearly French series the explorer can show: a label, the rows, a note."""

    label: str
    table: str
    where: dict[str, object] = field(default_factory=dict)
    note: str = ""
    keep: Callable[[Row], bool] | None = None

    @property
    def uses(self) -> Uses:
        return Uses(self.table, self.where, self.keep)


def _epub(label: str, segment: str) -> Indicator:
    """A lever of the e-pub observatory: each year's amount and growth, from the edition reviewing it."""
    where = {"segment": segment, "measure": ("montant", "croissance")}
    return Indicator(label, "france_epub", where, _EPUB_NOTE, own_year)


#: The series of the France explorer, by key.
INDICATORS: dict[str, Indicator] = {
    "epub_total": _epub("Marché de la publicité numérique en France", "total"),
    "epub_search": _epub("Publicité sur les moteurs de recherche (search) en France", "search"),
    "epub_social": _epub("Publicité sur les réseaux sociaux (social) en France", "social"),
    "epub_display": _epub("Publicité display (bannières, vidéos) en France", "display"),
    "internautes": Indicator(
        "Part d’internautes en France (Baromètre du numérique)",
        "france_usage",
        {"study": BAROMETRE, "indicator": "internautes"},
        _BAROMETRE_NOTE,
    ),
    "usage_quotidien": Indicator(
        "Part de la population qui va chaque jour sur Internet",
        "france_usage",
        {"study": BAROMETRE, "indicator": "usage_quotidien"},
        _BAROMETRE_NOTE,
    ),
    "smartphone": Indicator(
        "Part de la population équipée d’un smartphone",
        "france_usage",
        {"study": BAROMETRE, "indicator": "smartphone"},
        _BAROMETRE_NOTE,
    ),
    "temps_quotidien": Indicator(
        "Temps passé chaque jour sur Internet (Médiamétrie, bilan 2024)",
        "france_usage",
        {"study": "Médiamétrie", "indicator": "temps_quotidien", "source": "mediametrie-2025"},
        f"Moyenne par internaute, population de 2 ans et plus{NBSP}; 2019 et 2024 viennent du même bilan. "
        f"Le bilan 2025 annonce «{NBSP}plus de 3 heures{NBSP}» par jour, chiffre exact encore à confirmer.",
    ),
}


@declare(INDICATORS["epub_total"].uses, editions="par point")
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
    chosen = [row for row in indicator.uses.rows(data) if years is None or years[0] <= row.year <= years[1]]
    rows = sorted((row for row in chosen if _measure(row) != "croissance"), key=lambda row: row.year)
    if not rows:
        raise ValueError(f"aucune donnée pour {indicator.label} entre {years[0]} et {years[1]}")
    growth = {(row.edition, row.year): row for row in chosen if _measure(row) == "croissance"}
    # the growth each bar's own edition reports (the Baromètre has none)
    grown = [growth.get((getattr(row, "edition", None), row.year)) for row in rows]
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
    labels = [
        quantity(row.value, row.unit) + (f"\n({_signed(g)})" if g else "")
        for row, g in zip(rows, grown, strict=True)
    ]
    two_lines = any("\n" in label for label in labels)
    axes.bar_label(bars, labels=labels, fontsize=LEGEND_PT - 1.5 if two_lines else TEXT_PT, padding=3)
    axes.set_xticks([row.year for row in rows], labels=[str(row.year) for row in rows])
    axes.set_xlim(rows[0].year - 0.8, rows[-1].year + 0.8)
    axes.set_ylim(0, 100 if unit == "%" else max(row.value for row in rows) * 1.3)
    value_axis(axes, unit)
    shown = [*rows, *(g for g in grown if g)]
    return make_chart(
        data,
        figure,
        axes,
        title=indicator.label,
        rows=shown,
        description="Diagramme en barres. "
        + f"{NBSP}; ".join(
            f"{row.year}{NBSP}: {quantity(row.value, row.unit)}"
            + (f" ({_signed(g)} sur un an selon la même édition)" if g else "")
            for row, g in zip(rows, grown, strict=True)
        )
        + ".",
        notes=[" ".join(filter(None, [indicator.note, _editions(rows)]))],
    )


def _measure(row: Row) -> str | None:
    return getattr(row, "measure", None)


def _signed(row: Row) -> str:
    """A growth rate as written next to an amount: « +14 % »."""
    return f"+{quantity(row.value, row.unit)}"


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


#: the latest edition of the e-pub observatory; the chart takes every figure from it alone
SEGMENT_EDITION = "2026-02"
_SEGMENTS_USED = Uses(
    "france_epub",
    {"edition": SEGMENT_EDITION, "segment": tuple(_SEGMENTS), "measure": ("montant", "part", "croissance")},
    own_year,
)


@declare(_SEGMENTS_USED)
def france_digital_ad_segments(*, data_dir: Path | str | None = None) -> Chart:
    """French digital advertising by lever in the year the latest e-pub edition reviews (2025, February
    2026 edition): amounts, with that edition's own growth over a year and share of the market."""
    data = load(data_dir)
    order = list(_SEGMENTS)
    used = _SEGMENTS_USED.rows(data)
    rows = sorted((row for row in used if row.measure == "montant"), key=lambda row: order.index(row.segment))
    extra = {(row.segment, row.measure): row for row in used if row.measure != "montant"}
    year = rows[0].year
    source = data.sources[rows[0].source]
    figure, axes = new_figure()
    look = LOOKS[0]
    bars = axes.bar(
        [order.index(row.segment) for row in rows],
        [row.value for row in rows],
        width=0.6,
        color=look.color,
        edgecolor="black",
        gid=DATA_GID,
    )
    grown = [extra.get((row.segment, "croissance")) for row in rows]
    axes.bar_label(
        bars,
        labels=[
            quantity(row.value, row.unit) + (f"\n({_signed(g)} sur un an)" if g else "")
            for row, g in zip(rows, grown, strict=True)
        ],
        fontsize=LEGEND_PT,
        padding=3,
    )
    axes.set_xticks(range(len(_SEGMENTS)), labels=list(_SEGMENTS.values()))
    axes.set_ylim(0, max(row.value for row in rows) * 1.3)
    value_axis(axes, "M€")
    shares = [extra[(row.segment, "part")] for row in rows if (row.segment, "part") in extra]
    sentences = []
    for row, g in zip(rows, grown, strict=True):
        share = extra.get((row.segment, "part"))
        details = [
            f"{_signed(g)} sur un an" if g else "",
            f"{quantity(share.value, '%')} du marché" if share else "",
        ]
        sentences.append(
            f"{row.segment} {quantity(row.value, row.unit)}"
            + (f" ({', '.join(filter(None, details))})" if any(details) else "")
        )
    return make_chart(
        data,
        figure,
        axes,
        title=f"Publicité numérique en France par levier en {year}",
        rows=[*rows, *(g for g in grown if g), *shares],
        description=f"Diagramme en barres, {year}. " + f"{NBSP}; ".join(sentences) + ".",
        notes=[
            f"Tous les chiffres viennent d’une seule édition de l’Observatoire de l’e-pub{NBSP}: "
            f"{edition_text(source)}. Croissance calculée par cette édition{NBSP}; part du marché "
            + ", ".join(f"{s.segment} {quantity(s.value, '%')}" for s in shares)
            + ".",
            f"Search{NBSP}: liens sponsorisés des moteurs de recherche{NBSP}; "
            f"social{NBSP}: publicité sur les réseaux sociaux{NBSP}; "
            f"display{NBSP}: bannières et vidéos sur les sites et applications{NBSP}; "
            f"autres{NBSP}: affiliation, e-mailing, comparateurs.",
        ],
    )


_USAGES = {
    "internautes": "Internautes",
    "usage_quotidien": "Internet\nchaque jour",
    "smartphone": "Smartphone",
}


_USAGE_WORDS = {
    "internautes": "internautes",
    "usage_quotidien": "Internet chaque jour",
    "smartphone": "smartphone",
}
_USAGES_USED = Uses("france_usage", {"study": BAROMETRE, "indicator": tuple(_USAGES)})


@declare(_USAGES_USED, editions="par point")
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
            + ", ".join(f"{_USAGE_WORDS[row.indicator]} {quantity(row.value, row.unit)}" for row in points)
        )
    axes.set_xticks(range(len(_USAGES)), labels=list(_USAGES.values()))
    axes.set_ylim(0, 140)
    axes.set_yticks(range(0, 101, 20))
    value_axis(axes, "%")
    axes.set_ylabel("part de la population (%)", fontsize=TEXT_PT)
    legend(axes, loc="upper center", ncols=len(years), title="Enquête", title_fontsize=LEGEND_PT)
    return make_chart(
        data,
        figure,
        axes,
        title=f"Usages d’Internet en France{NBSP}: Baromètre du numérique",
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

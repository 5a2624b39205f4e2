"""Row models of the figures data: one pydantic model per CSV table, plus the sources registry."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

Kind = Literal["mesure", "estimation", "prévision"]
#: what a source is: a data row's kinds, or, for the facts a chapter cites without a data row
#: (tests/claims), the text of a law, a regulation or an authority's decision, a company's
#: announcement, or a recognised good practice
SourceKind = Literal["mesure", "estimation", "prévision", "texte officiel", "annonce", "recommandation"]
Scope = Literal["monde", "États-Unis", "France"]
#: The closed list of units a value may carry.
Unit = Literal["%", "Md$", "M$", "M€", "millions", "milliards", "minutes"]

_SLUG = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"


def _empty_to_none(value: object) -> object:
    return None if value == "" else value


def _check_date(text: str) -> str:
    """Accept « 2017 », « 2017-03 » or « 2017-05-31 », a real calendar date between 2000 and 2030."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not match:
        raise ValueError("date attendue sous la forme AAAA, AAAA-MM ou AAAA-MM-JJ")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    date(year, month, day)  # raises ValueError on 2017-13 or 2017-02-30
    if not 2000 <= year <= 2030:
        raise ValueError("l’année doit être comprise entre 2000 et 2030")
    return text


Note = Annotated[str | None, BeforeValidator(_empty_to_none)]
Year = Annotated[int, Field(ge=2000, le=2030)]
#: A publication date or an edition: « 2017 », « 2017-03 » or « 2017-05-31 ».
DateText = Annotated[str, AfterValidator(_check_date)]
#: A month: « 2017-03 ».
Month = Annotated[str, Field(pattern=r"^\d{4}-\d{2}$"), AfterValidator(_check_date)]


class Source(BaseModel):
    """One document of the sources registry: who published what, when, about where."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: Annotated[str, Field(pattern=_SLUG)]
    publisher: Annotated[str, Field(min_length=1)]
    #: the series' title, the same for every edition (« Baromètre du numérique »)
    title: Annotated[str, Field(min_length=1)]
    #: which edition of the series: « 35e édition (bilan 2025) », « exercice 2025 », « édition de mars 2017 »
    edition: Annotated[str, Field(min_length=1)]
    #: publication date of that edition
    date: DateText
    #: when the figures were last checked against the url below (never before the publication date)
    checked: DateText
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]
    scope: Scope
    kind: SourceKind
    #: where the figures were read: in the publisher's own document or in a page quoting it
    verification: Literal["primaire", "secondaire"]
    note: Note = None

    @field_validator("checked")
    @classmethod
    def _checked_after_publication(cls, value: str, info: ValidationInfo) -> str:
        published = info.data.get("date")
        if published is not None and _earlier(value, published):
            raise ValueError(f"vérifiée avant d’être publiée ({published})")
        return value


def _earlier(text: str, other: str) -> bool:
    """Whether date ``text`` comes before ``other``, compared on the precision both give (« 2026-02 »
    is not before « 2026-02-10 »)."""
    a, b = ([int(part) for part in d.split("-")] for d in (text, other))
    n = min(len(a), len(b))
    return a[:n] < b[:n]


class Row(BaseModel):
    """Columns every table shares. ``unit`` comes before ``value`` so the share check can read it."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    #: the columns that identify a row (no two rows of a table share them)
    keys: ClassVar[tuple[str, ...]] = ()

    unit: Unit
    value: float
    source: str
    kind: Kind
    note: Note = None

    @field_validator("value")
    @classmethod
    def _share_in_range(cls, value: float, info: ValidationInfo) -> float:
        if info.data.get("unit") == "%" and not 0 <= value <= 100:
            raise ValueError("une valeur en % doit être comprise entre 0 et 100")
        if value < 0:
            raise ValueError("les valeurs de ces tableaux sont positives ou nulles")
        return value

    @field_validator("source")
    @classmethod
    def _known_source(cls, value: str, info: ValidationInfo) -> str:
        known = (info.context or {}).get("sources")
        if known is None:
            raise ValueError("registre des sources absent : impossible de vérifier l’identifiant")
        if value not in known:
            raise ValueError(f"source inconnue du registre : {value!r}")
        return value


class AdGrowthCapture(Row):
    """Share of the growth of internet advertising captured by Google and Facebook."""

    keys = ("scope", "year", "players")
    scope: Literal["États-Unis", "France"]
    year: Year
    players: Literal["Google + Facebook"]
    unit: Literal["%"]


class AdGrowthUsMeeker(Row):
    """US advertising revenue growth of Google and Facebook, per Mary Meeker."""

    keys = ("company", "year")
    company: Literal["Google", "Facebook"]
    year: Year
    unit: Literal["%"]


class AdSpendWorld(Row):
    """Worldwide advertising spend by medium, one agency forecast edition per row group."""

    keys = ("agency", "edition", "year", "medium", "measure")
    #: GroupM took the name WPP Media in 2025: its later editions carry the new name
    agency: Literal["Zenith", "Magna", "GroupM", "WPP Media"]
    edition: Month
    year: Year
    medium: Literal["internet", "tv", "traditionnels", "total"]
    measure: Literal["montant", "part"]
    unit: Literal["Md$", "%"]

    @field_validator("measure")
    @classmethod
    def _measure_matches_unit(cls, value: str, info: ValidationInfo) -> str:
        expected = {"montant": "Md$", "part": "%"}[value]
        if info.data.get("unit") not in (None, expected):
            raise ValueError(f"la mesure {value!r} s’exprime en {expected!r}")
        return value


class PlatformAdRevenue(Row):
    """Worldwide advertising revenue of Google and Meta, as filed."""

    keys = ("company", "year")
    company: Literal["Google", "Meta"]
    year: Year
    unit: Literal["M$"]


class PlatformUsers(Row):
    """User counts published by the platforms; each metric is its own series."""

    keys = ("platform", "metric", "date")
    platform: Literal["Facebook", "LinkedIn", "Twitter"]
    metric: Literal[
        "utilisateurs actifs mensuels",
        "membres inscrits",
        "utilisateurs actifs quotidiens monétisables",
    ]
    date: Month
    unit: Literal["millions"]


class FranceEpub(Row):
    """French digital advertising market, Observatoire de l'e-pub (SRI, UDECAM)."""

    keys = ("edition", "year", "segment", "measure")
    edition: DateText
    year: Year
    segment: Literal["total", "search", "social", "display", "autres"]
    #: montant in M€; part of the digital market and croissance over the previous year, in %
    measure: Literal["montant", "part", "croissance"]
    unit: Literal["M€", "%"]

    @field_validator("measure")
    @classmethod
    def _measure_matches_unit(cls, value: str, info: ValidationInfo) -> str:
        expected = {"montant": "M€", "part": "%", "croissance": "%"}[value]
        if info.data.get("unit") not in (None, expected):
            raise ValueError(f"la mesure {value!r} s’exprime en {expected!r}")
        return value


class FranceUsage(Row):
    """Internet use in France, one study and indicator per row."""

    keys = ("study", "year", "indicator")
    study: Literal["Baromètre du numérique", "Médiamétrie", "DataReportal", "Arcom"]
    year: Year
    indicator: Annotated[str, Field(pattern=r"^[a-z0-9]+(?:_[a-z0-9]+)*$")]
    unit: Literal["%", "millions", "minutes"]


class FranceSocialPlatforms(Row):
    """Monthly use of each social platform among French internet users aged 16 to 64."""

    keys = ("study", "year", "platform")
    study: Literal["DataReportal"]
    year: Year
    platform: Annotated[str, Field(min_length=1)]
    unit: Literal["%"]


class WorldInternet(Row):
    """Internet and social-media users worldwide."""

    keys = ("study", "year", "indicator")
    study: Literal["UIT", "DataReportal"]
    year: Year
    indicator: Literal["internautes", "part_population", "identites_reseaux_sociaux"]
    unit: Literal["milliards", "%"]


#: Every data table, by the name of its CSV file (without « .csv »).
TABLES: dict[str, type[Row]] = {
    "ad_growth_capture": AdGrowthCapture,
    "ad_growth_us_meeker": AdGrowthUsMeeker,
    "ad_spend_world": AdSpendWorld,
    "platform_ad_revenue": PlatformAdRevenue,
    "platform_users": PlatformUsers,
    "france_epub": FranceEpub,
    "france_usage": FranceUsage,
    "france_social_platforms": FranceSocialPlatforms,
    "world_internet": WorldInternet,
}

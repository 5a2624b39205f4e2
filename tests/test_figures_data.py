"""Figures data: every figure has a source, the seed figures are there, bad data is named precisely."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from transition_numerique.figures.data import DATA_DIR, TABLES, DataError, load, lookup, sources, table
from transition_numerique.figures.formatting import french_date, number, percent, quantity


def test_every_source_is_used_by_a_row_or_a_claim() -> None:
    """A source serves a data row, or a fact a chapter cites without a row (tests/claims, « source »)."""
    used = {row.source for name in TABLES for row in table(name)}
    claims_dir = Path(__file__).resolve().parent / "claims"
    facts = [
        claim["source"]
        for path in claims_dir.glob("*.yaml")
        for claim in yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if "source" in claim
    ]
    assert set(sources()) - used - set(facts) == set()
    assert set(facts) <= set(sources()), set(facts) - set(sources())


@pytest.mark.parametrize(
    ("name", "where", "value", "scope"),
    [
        ("ad_growth_capture", {"scope": "États-Unis", "year": 2016}, 85, "États-Unis"),
        ("ad_growth_capture", {"scope": "États-Unis", "year": 2015}, 76, "États-Unis"),
        ("ad_growth_capture", {"scope": "France", "year": 2017}, 92, "France"),
        ("ad_growth_us_meeker", {"company": "Google", "year": 2016}, 20, "États-Unis"),
        ("ad_growth_us_meeker", {"company": "Facebook", "year": 2016}, 62, "États-Unis"),
        (
            "ad_spend_world",
            {
                "agency": "Zenith",
                "edition": "2017-03",
                "year": 2017,
                "medium": "internet",
                "measure": "montant",
            },
            205,
            "monde",
        ),
        (
            "ad_spend_world",
            {"agency": "Zenith", "edition": "2017-03", "year": 2017, "medium": "tv", "measure": "montant"},
            192,
            "monde",
        ),
    ],
)
def test_seed_figures_with_their_scope(name: str, where: dict, value: float, scope: str) -> None:
    assert lookup(name, **where) == value
    (row,) = load().select(name, **where)
    assert sources()[row.source].scope == scope


def test_seed_figures_cite_the_original_publisher() -> None:
    meeker = load().select("ad_growth_us_meeker", company="Google", year=2016)[0]
    zenith = load().select(
        "ad_spend_world", agency="Zenith", edition="2017-03", year=2017, medium="tv", measure="montant"
    )[0]
    assert "Mary Meeker" in sources()[meeker.source].publisher
    assert sources()[meeker.source].title == "Internet Trends 2017"
    assert (sources()[zenith.source].publisher, sources()[zenith.source].date) == ("Zenith", "2017-03")
    assert zenith.kind == "prévision"


def test_each_agency_edition_comes_from_one_document_of_that_agency() -> None:
    editions: dict[tuple[str, str], set[str]] = {}
    for row in table("ad_spend_world"):
        editions.setdefault((row.agency, row.edition), set()).add(row.source)
    for (agency, edition), ids in editions.items():
        assert len(ids) == 1, (agency, edition, ids)
        source = sources()[ids.pop()]
        assert source.publisher.startswith(agency), (agency, source.publisher)
        assert source.date.startswith(edition), (agency, edition, source.date)


def test_user_metrics_are_kept_apart() -> None:
    twitter = load().select("platform_users", platform="Twitter")
    assert {row.metric for row in twitter} == {
        "utilisateurs actifs mensuels",
        "utilisateurs actifs quotidiens monétisables",
    }
    assert {row.metric for row in load().select("platform_users", platform="LinkedIn")} == {
        "membres inscrits"
    }


def test_lookup_needs_exactly_one_row() -> None:
    with pytest.raises(LookupError, match="2 lignes"):
        lookup("ad_growth_capture", scope="États-Unis")
    with pytest.raises(LookupError, match="0 lignes"):
        lookup("ad_growth_capture", scope="France", year=2016)
    with pytest.raises(KeyError, match="colonne"):
        lookup("ad_growth_capture", pays="France")
    with pytest.raises(KeyError, match="tableau inconnu"):
        table("pas_de_tableau")


def test_sources_have_displayable_dates() -> None:
    for source in sources().values():
        for when in (source.date, source.checked):
            assert re.fullmatch(r"(\d{4}|[a-zéû]+ \d{4}|\d{1,2} [a-zéû]+ \d{4})", french_date(when)), source


#: the day this registry was last re-checked (issue 13); an older check is the month of the first check
LAST_CHECK, FIRST_CHECK = "2026-12-02", "2026-11"


def test_every_source_says_when_it_was_checked() -> None:
    checks = {source.checked for source in sources().values()}
    assert checks <= {LAST_CHECK, FIRST_CHECK}, checks
    rechecked = {
        "epub-2026",
        "magna-2025-06",
        "wppmedia-2025-12",
        "itu-2025",
        "barometre-2026",
        "mediametrie-2026",
    }
    assert all(sources()[source_id].checked == LAST_CHECK for source_id in rechecked)


def _study(source) -> tuple[str, str]:
    """Publisher and title without the year: « Internet Trends 2016 » and « 2017 » are one study."""
    return source.publisher, re.sub(r"\s*\d{4}\s*", " ", source.title).strip()


def test_one_edition_has_one_publication_date() -> None:
    """Two pages of the same edition (the Baromètre's édition 2025 on two sites) share its date."""
    dates: dict[tuple[tuple[str, str], str], set[str]] = {}
    for source in sources().values():
        dates.setdefault((_study(source), source.edition), set()).add(source.date)
    assert {key: found for key, found in dates.items() if len(found) > 1} == {}


def test_the_latest_editions_are_in() -> None:
    """The latest editions published by November 2026, as checked for issue 13."""
    latest = {
        ("SRI et UDECAM", "Observatoire de l’e-pub"): "35e édition",
        ("Crédoc pour l’Arcep, l’Arcom, le CGE et l’ANCT", "Baromètre du numérique"): "édition 2026",
        ("Union internationale des télécommunications (UIT)", "Facts and Figures"): "édition 2025",
        ("Médiamétrie", "L’Année Internet"): "bilan 2025",
    }
    for study, edition in latest.items():
        editions = {source.edition for source in sources().values() if _study(source) == study}
        assert edition in editions, (study, editions)


def test_text_cells_follow_french_typography() -> None:
    texts = [
        value for source in sources().values() for value in (source.title, source.edition, source.note or "")
    ]
    texts += [row.note for name in TABLES for row in table(name) if row.note]
    for text in texts:
        assert not re.search(r" [:;!?%»]|« |\d \d{3}\b", text), text


def test_french_number_formatting() -> None:
    assert number(1234.5) == "1\u202f234,5"
    assert percent(85) == "85\u00a0%"
    assert percent(36.9) == "36,9\u00a0%"
    assert quantity(205, "Md$") == "205\u00a0Md$"
    assert french_date("2017-03") == "mars 2017"
    assert french_date("2017-05-31") == "31 mai 2017"


def test_data_is_read_once_and_not_at_import() -> None:
    code = (
        "import transition_numerique.figures\n"
        "from transition_numerique.figures.data import load\n"
        "from transition_numerique.figures.data.loader import _load\n"
        "print(_load.cache_info().currsize)\n"
        "assert load() is load()\n"
        "print(_load.cache_info().currsize, _load.cache_info().misses)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["0", "1", "1"]


# --- corrupt copies of the data folder -----------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, folder / path.name)
    return folder


def rewrite(path: Path, change) -> None:
    """Apply ``change`` to the list of rows (header first) of a CSV file."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(line: int, column: str, value: str):
    def change(rows: list[list[str]]) -> None:
        rows[line - 1][rows[0].index(column)] = value

    return change


def drop_column(column: str):
    def change(rows: list[list[str]]) -> None:
        index = rows[0].index(column)
        for row in rows:
            del row[index]

    return change


def add_column(column: str):
    def change(rows: list[list[str]]) -> None:
        for number_, row in enumerate(rows):
            row.append(column if number_ == 0 else "x")

    return change


def duplicate_line(line: int):
    def change(rows: list[list[str]]) -> None:
        rows.append(list(rows[line - 1]))

    return change


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        (
            "ad_growth_capture.csv",
            drop_column("value"),
            r"ligne 1, colonne « value » : colonne manquante dans l’en-tête",
        ),
        (
            "ad_growth_capture.csv",
            add_column("commentaire"),
            r"ligne 1, colonne « commentaire » : colonne inconnue",
        ),
        ("ad_growth_capture.csv", set_cell(3, "value", "quatre-vingt-cinq"), r"ligne 3, colonne « value »"),
        ("ad_growth_capture.csv", set_cell(3, "value", ""), r"ligne 3, colonne « value »"),
        (
            "ad_growth_capture.csv",
            set_cell(2, "source", "meeker-2099"),
            r"ligne 2, colonne « source » : .*inconnue",
        ),
        (
            "ad_growth_capture.csv",
            set_cell(4, "value", "120"),
            r"ligne 4, colonne « value » : .*entre 0 et 100",
        ),
        ("platform_ad_revenue.csv", set_cell(5, "year", "1999"), r"ligne 5, colonne « year »"),
        ("platform_ad_revenue.csv", set_cell(5, "unit", "kg"), r"ligne 5, colonne « unit »"),
        ("ad_spend_world.csv", set_cell(2, "unit", "%"), r"ligne 2, colonne « measure »"),
        ("platform_users.csv", set_cell(2, "date", "2012-13"), r"ligne 2, colonne « date »"),
        ("france_usage.csv", duplicate_line(2), r"ligne \d+ : même clé \(study, year, indicator\)"),
        ("sources.csv", set_cell(2, "date", "2016-02-30"), r"ligne 2, colonne « date »"),
        ("sources.csv", set_cell(3, "scope", "Europe"), r"ligne 3, colonne « scope »"),
        ("sources.csv", drop_column("url"), r"ligne 1, colonne « url »"),
        ("sources.csv", drop_column("edition"), r"ligne 1, colonne « edition »"),
        ("sources.csv", set_cell(2, "edition", ""), r"ligne 2, colonne « edition »"),
        ("sources.csv", set_cell(3, "checked", "2015-12"), r"ligne 3, colonne « checked » : .*avant"),
        ("ad_spend_world.csv", set_cell(2, "agency", "Publicis"), r"ligne 2, colonne « agency »"),
    ],
)
def test_corrupt_data_is_named_by_file_line_and_column(
    data_copy: Path, file: str, change, expected: str
) -> None:
    rewrite(data_copy / file, change)
    with pytest.raises(DataError) as error:
        load(data_copy)
    message = str(error.value).replace("\u00a0", " ")  # messages use French no-break spaces
    assert message.startswith(f"{file}, ")
    assert re.search(expected, message), message


def test_removing_a_used_source_is_caught(data_copy: Path) -> None:
    rewrite(
        data_copy / "sources.csv",
        lambda rows: rows.__delitem__(next(index for index, row in enumerate(rows) if row[0] == "kpcb-2017")),
    )
    with pytest.raises(DataError, match=r"ad_growth_capture\.csv, ligne 3, colonne «\ssource\s»"):
        load(data_copy)


def test_an_untouched_copy_loads_like_the_package_data(data_copy: Path) -> None:
    copy = load(data_copy)
    assert copy is not load()
    assert copy.tables == load().tables

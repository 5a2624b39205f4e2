"""Importing an export back into a progress store: round trip, conflicts, answers graded again with
the current bank, malformed files (the store left byte for byte), exports older than the answers given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import transition_numerique
from transition_numerique.learner import progress as progress_module
from transition_numerique.learner.progress import (
    ImportReport,
    ImportSkip,
    ProgressError,
    ProgressStore,
    export_progress,
    importer,
)

BANKS = Path(__file__).resolve().parent / "fixtures" / "quiz" / "banks"
NBSP = "\u00a0"
#: one answer of each type in the test bank (05), and whether it is right
ANSWERS = {
    "reseau-ou-media": (0, True),
    "plateformes": ([0, 1], True),
    "twitter-280": (False, False),
    "taux-engagement": ("4,5", True),
}
RATINGS = {"strategie-ecrite": 4, "rythme-regulier": 5}


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    """An export of chapter 05: four answers, two ratings."""
    store = ProgressStore(tmp_path / "livre" / "progress.json")
    for question_id, (reponse, correct) in ANSWERS.items():
        store.record_answer("05", question_id, reponse, correct)
    for statement_id, note in RATINGS.items():
        store.record_rating("05", statement_id, note)
    return export_progress(tmp_path / "mes-resultats.json", "Alice", store, BANKS)


@pytest.fixture
def fresh(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / "jupyterlab" / "progress.json")


def saved(store: ProgressStore) -> tuple[dict, dict]:
    answers = {key: (a.reponse, a.correct) for key, a in store.answers("05").items()}
    return answers, {key: r.note for key, r in store.ratings("05").items()}


def test_round_trip_in_one_write(
    exported: Path, fresh: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[Path] = []
    write = progress_module.write_atomic
    monkeypatch.setattr(
        progress_module, "write_atomic", lambda path, text: (writes.append(path), write(path, text))
    )
    report = transition_numerique.importer(exported, fresh, BANKS)
    assert writes == [fresh.path]
    assert saved(fresh) == (ANSWERS, RATINGS)
    assert (report.answers_added, report.ratings_added, report.kept, report.skipped) == (4, 2, 0, ())
    assert repr(report) == f"Import de mes-resultats.json{NBSP}: 4 réponses et 2 notes ajoutées"
    exported_at = json.loads(exported.read_text(encoding="utf-8"))["exported_at"]
    assert fresh.answers("05")["plateformes"].date.isoformat().replace("+00:00", "Z") == exported_at
    before = fresh.path.read_bytes()
    again = importer(exported, fresh, BANKS)  # the same file twice: nothing new, nothing rewritten
    assert repr(again) == (
        f"Import de mes-resultats.json{NBSP}: aucune réponse ni note ajoutée{NBSP}; "
        "6 déjà enregistrées, conservées"
    )
    assert fresh.path.read_bytes() == before and len(writes) == 1


def test_what_the_store_holds_wins(exported: Path, fresh: ProgressStore) -> None:
    fresh.record_answer("05", "twitter-280", True, True)
    fresh.record_rating("05", "rythme-regulier", 2)
    fresh.record_rating("02", "autre-chapitre", 3)
    report = importer(exported, fresh, BANKS)
    answers, ratings = saved(fresh)
    assert answers["twitter-280"] == (True, True) and ratings["rythme-regulier"] == 2
    assert answers["plateformes"] == ([0, 1], True) and ratings["strategie-ecrite"] == 4
    assert fresh.ratings("02")["autre-chapitre"].note == 3
    assert (report.answers_added, report.ratings_added, report.kept) == (3, 1, 2)
    assert repr(report) == (
        f"Import de mes-resultats.json{NBSP}: 3 réponses et 1 note ajoutées{NBSP}; "
        "2 déjà enregistrées, conservées"
    )


def test_answers_are_graded_again_with_the_current_bank(
    exported: Path, fresh: ProgressStore, tmp_path: Path
) -> None:
    bank = yaml.safe_load((BANKS / "05.yaml").read_text(encoding="utf-8"))
    questions = {q["id"]: q for q in bank["questions"]}
    questions["twitter-280"]["reponse"] = False  # the answer key changed: False is now right
    questions["reseau-ou-media"]["type"] = "vrai-faux"  # an option index no longer fits
    questions["reseau-ou-media"]["reponse"] = True
    del questions["reseau-ou-media"]["choix"]
    bank["questions"] = [q for q in bank["questions"] if q["id"] != "taux-engagement"]
    bank["autoevaluation"] = [s for s in bank["autoevaluation"] if s["id"] != "strategie-ecrite"]
    bank["echelle"] = {"min": 1, "max": 4}  # the 5 given to rythme-regulier is off the scale
    folder = tmp_path / "quiz"
    folder.mkdir()
    (folder / "05.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    report = importer(exported, fresh, folder)
    answers, ratings = saved(fresh)
    assert answers == {"plateformes": ([0, 1], True), "twitter-280": (False, True)} and ratings == {}
    assert report.skipped == (
        ImportSkip("05", "quiz", "reseau-ou-media", "question modifiée depuis"),
        ImportSkip("05", "quiz", "taux-engagement", "question supprimée depuis"),
        ImportSkip("05", "autoevaluation", "strategie-ecrite", "affirmation supprimée depuis"),
        ImportSkip("05", "autoevaluation", "rythme-regulier", "hors de l’échelle 1 à 4"),
    )
    assert repr(report).splitlines() == [
        f"Import de mes-resultats.json{NBSP}: 2 réponses ajoutées{NBSP}; "
        f"1 réponse ignorée (question modifiée depuis){NBSP}; "
        f"1 réponse ignorée (question supprimée depuis){NBSP}; "
        f"1 note ignorée (affirmation supprimée depuis){NBSP}; "
        "1 note ignorée (hors de l’échelle 1 à 4)",
        f"- chapitre 05, question «{NBSP}reseau-ou-media{NBSP}»{NBSP}: question modifiée depuis",
        f"- chapitre 05, question «{NBSP}taux-engagement{NBSP}»{NBSP}: question supprimée depuis",
        f"- chapitre 05, affirmation «{NBSP}strategie-ecrite{NBSP}»{NBSP}: affirmation supprimée depuis",
        f"- chapitre 05, affirmation «{NBSP}rythme-regulier{NBSP}»{NBSP}: hors de l’échelle 1 à 4",
    ]


def test_an_export_older_than_the_answers_given(exported: Path, fresh: ProgressStore) -> None:
    data = json.loads(exported.read_text(encoding="utf-8"))
    for result in data["chapters"].values():  # exports made before reponses / reponses_donnees
        del result["reponses"], result["reponses_donnees"]
    exported.write_text(json.dumps(data), encoding="utf-8")
    report = importer(exported, fresh, BANKS)
    assert saved(fresh) == ({}, RATINGS)
    assert (report.answers_added, report.ratings_added, report.not_importable) == (0, 2, 4)
    assert repr(report) == (
        f"Import de mes-resultats.json{NBSP}: 2 notes ajoutées{NBSP}; "
        "4 réponses de quiz non importables (export antérieur, sans les réponses données)"
    )


def test_the_report_displays_in_ipython(exported: Path, fresh: ProgressStore) -> None:
    report = importer(exported, fresh, BANKS)
    printed: list[str] = []

    class Printer:
        def text(self, value: str) -> None:
            printed.append(value)

    report._repr_pretty_(Printer(), False)
    assert printed == [repr(report)] and isinstance(report, ImportReport)


def text(content: str):
    return lambda path, exported: path.write_text(content, encoding="utf-8")


def edited(change):
    return lambda path, exported: edit(path, exported, change)


def add_chapter_42(data: dict) -> None:
    data["chapters"]["42"] = data["chapters"]["05"]


MALFORMED = {
    "not JSON": (text("Mes résultats : 12/20"), "pas un fichier JSON valide (erreur ligne 1, colonne 1)"),
    "empty": (text(""), "pas un fichier JSON valide"),
    "not an object": (text("[1, 2]"), "objet JSON {…}, ce fichier contient une liste"),
    "progress.json": (
        lambda path, exported: ProgressStore(path).record_rating("05", "rythme-regulier", 3),
        "fichier de progression (progress.json), pas un export",
    ),
    "other JSON": (
        text('{"name": "notebook", "version": 2}'),
        f"pas un export de progression de la formation (aucune des clés attendues{NBSP}: schema_version,",
    ),
    "schema version": (
        edited(lambda d: d.update(schema_version=2)),
        "version de schéma 2 non prise en charge",
    ),
    "unknown chapter": (
        edited(add_chapter_42),
        f"chapitre inconnu 42 (chapitres de la formation{NBSP}: 00, 01",
    ),
    "no date": (edited(lambda d: d.pop("exported_at")), "de la formation (clé exported_at absente)"),
    "bad field": (
        edited(lambda d: d["chapters"]["05"].update(maturite=140)),
        "champ «\u00a0chapters › 05 › maturite\u00a0»",
    ),
    "missing": (lambda path, exported: None, "fichier introuvable"),
}


def edit(path: Path, exported: Path, change) -> None:
    data = json.loads(exported.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(("write", "expected"), MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_file_is_refused_and_the_store_left_as_it_was(
    exported: Path, fresh: ProgressStore, tmp_path: Path, write, expected: str
) -> None:
    fresh.record_answer("05", "twitter-280", True, True)
    folder = fresh.path.parent
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    source = tmp_path / "fichier.json"
    write(source, exported)
    with pytest.raises(ProgressError) as caught:
        importer(source, fresh, BANKS)
    message = str(caught.value)
    assert message.startswith(f"{source}{NBSP}: ") or message.startswith(f"{source}, champ")
    assert expected in message
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before

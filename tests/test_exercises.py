"""Exercise forms: the YAML format (errors name the file, the step and the field), the widget in a kernel
(answer saved in the progress store, restored when the cell runs again), exports and imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from node_tests import run_node_test

from transition_numerique import exercice
from transition_numerique.course.bank import QUIZ_DIR_ENV
from transition_numerique.course.exercises import (
    EXERCISES_DIR_ENV,
    ExerciseError,
    check_exercises,
    load_exercise_file,
)
from transition_numerique.learner.progress import (
    PROGRESS_ENV,
    ProgressStore,
    export_progress,
    importer,
    load_export,
)
from transition_numerique.widgets.widget import step_payload

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "notebooks" / "exercices"
BANKS = ROOT / "notebooks" / "quiz"
NBSP = "\u00a0"

VALID = {
    "chapitre": "05",
    "etapes": [
        {
            "id": "avis",
            "type": "texte",
            "titre": "Votre avis",
            "consigne": "Écrivez.",
            "corrige": "Un avis.",
            "mots": 50,
        },
        {
            "id": "plan",
            "type": "tableau",
            "titre": "Plan",
            "consigne": "Remplissez.",
            "corrige": "Un plan.",
            "colonnes": [
                {"id": "sujet", "libelle": "Sujet"},
                {"id": "reseau", "libelle": "Réseau", "type": "choix", "choix": ["Facebook", "LinkedIn"]},
                {"id": "promo", "libelle": "Promotionnel", "type": "oui-non"},
            ],
            "equilibre": [{"colonne": "promo", "max": 30}],
        },
        {
            "id": "budget",
            "type": "calcul",
            "formule": "repartition",
            "titre": "Budget",
            "consigne": "Répartissez.",
            "corrige": "100 %.",
            "postes": [{"id": "a", "libelle": "A"}, {"id": "b", "libelle": "B"}],
        },
    ],
}


@pytest.fixture(autouse=True)
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(QUIZ_DIR_ENV, str(BANKS))
    monkeypatch.setenv(EXERCISES_DIR_ENV, str(EXERCISES))
    monkeypatch.setenv(PROGRESS_ENV, str(tmp_path / "progress.json"))
    return tmp_path / "progress.json"


def write(folder: Path, data: object, name: str = "05.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def issues_of(path: Path) -> list[str]:
    with pytest.raises(ExerciseError) as caught:
        load_exercise_file(path)
    return [str(issue).replace(NBSP, " ") for issue in caught.value.issues]


def changed(edit) -> dict:
    data = json.loads(json.dumps(VALID))
    edit(data)
    return data


# --- the format -------------------------------------------------------------------------------------


def test_the_course_exercise_files_are_valid() -> None:
    files = {item.chapitre: item for item in check_exercises(EXERCISES)}
    assert {"04", "05", "06"} <= files.keys()
    assert {s.type for item in files.values() for s in item.etapes} == {
        "texte",
        "champs",
        "tableau",
        "liste",
        "calcul",
    }


def test_a_valid_file_loads(tmp_path: Path) -> None:
    exercises = load_exercise_file(write(tmp_path, VALID))
    assert [s.id for s in exercises.etapes] == ["avis", "plan", "budget"]


@pytest.mark.parametrize(
    ("edit", "step", "field", "message"),
    [
        (
            lambda d: d["etapes"][1]["colonnes"][1].pop("choix"),
            "plan",
            "colonnes › n°2",
            "doit lister ses valeurs",
        ),
        (
            lambda d: d["etapes"][1]["colonnes"][0].update(type="heure"),
            "plan",
            "colonnes › n°1 › type",
            "valeur attendue",
        ),
        (lambda d: d["etapes"][0].pop("corrige"), "avis", "corrige", "champ obligatoire manquant"),
        (lambda d: d["etapes"][0].update(mots=0), "avis", "mots", "supérieur à 0"),
        (lambda d: d["etapes"][2].update(formule="roi"), "budget", "formule", "formule inconnue"),
        (lambda d: d["etapes"][2].update(postes=[]), "budget", None, "postes est obligatoire"),
        (lambda d: d["etapes"][1]["equilibre"][0].update(colonne="absente"), "plan", None, "equilibre"),
        (lambda d: d["etapes"][0].update(type="dessin"), "avis", "type", "type inconnu"),
        (
            lambda d: d["etapes"][1].update(score={"sujet": 100}),
            "plan",
            None,
            "score : des colonnes de type nombre",
        ),
        (
            lambda d: d["etapes"][2].update(libelles={"clics": "Visites"}),
            "budget",
            None,
            "entrée inconnue clics",
        ),
        (lambda d: d["etapes"][0].update(couleur="bleu"), "avis", "couleur", "clé inconnue"),
        (lambda d: d["etapes"][1].update(id="avis"), "avis", "id", "déjà utilisé"),
    ],
)
def test_an_error_names_the_file_the_step_and_the_field(
    tmp_path: Path, edit, step: str, field: str | None, message: str
) -> None:
    (issue,) = issues_of(write(tmp_path, changed(edit)))
    assert issue.startswith(f"{tmp_path / '05.yaml'}, étape « {step} »"), issue
    if field:
        assert f"champ « {field} »" in issue, issue
    assert message in issue, issue


def test_the_file_name_and_the_chapter_agree(tmp_path: Path) -> None:
    (issue,) = issues_of(write(tmp_path, VALID, "06.yaml"))
    assert "champ « chapitre »" in issue and "06.yaml" in issue


def test_check_validates_the_exercise_files(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "transition_numerique", "check", "--dossier", str(BANKS), *args]
        return subprocess.run(command, capture_output=True, text=True)

    assert run().returncode == 0
    write(tmp_path, changed(lambda d: d["etapes"][0].pop("titre")))
    result = run("--exercices", str(tmp_path))
    assert result.returncode == 1
    stderr = result.stderr.replace(NBSP, " ")
    assert "1 erreur dans les exercices :" in stderr
    assert "05.yaml, étape « avis », champ « titre » : champ obligatoire manquant" in stderr


# --- the widget in a kernel -------------------------------------------------------------------------


def test_an_answer_is_saved_and_back_when_the_cell_runs_again(environment: Path) -> None:
    rows = [{"date": "2026-03-03", "sujet": "<img src=x onerror=alert(1)>", "promotionnel": True}]
    widget = exercice("04", "calendrier")
    assert widget.reponses == {} and widget.kind == "exercice" and widget.edition == "stagiaire"
    widget.reponses = {"calendrier": rows}
    assert ProgressStore(environment).exercises("04")["calendrier"].reponse == rows
    assert exercice("04", "calendrier").reponses == {"calendrier": rows}
    widget.reponses = {}
    assert "calendrier" not in ProgressStore(environment).exercises("04")
    assert exercice("04", "calendrier").reponses == {}


def test_a_long_answer_and_a_pasted_table_are_saved(environment: Path) -> None:
    text = "é" * 100_000
    exercice("06", "pourquoi-budget").reponses = {"pourquoi-budget": text}
    rows = [{"sujet": f"Sujet {n}", "pilier": "conseils", "relais": False} for n in range(1000)]
    exercice("04", "calendrier").reponses = {"calendrier": rows}
    assert exercice("06", "pourquoi-budget").reponse == text
    assert exercice("04", "calendrier").reponse == rows


def test_an_answer_of_the_wrong_shape_is_refused(environment: Path) -> None:
    widget = exercice("04", "persona")
    with pytest.warns(UserWarning, match="réponse refusée"):
        widget.reponses = {"persona": {"inconnu": "x"}}
    assert ProgressStore(environment).exercises("04") == {}


def test_the_payload_renders_the_corrige_with_raw_html_escaped() -> None:
    step = exercice("05", "engagement").etape
    assert step["type"] == "calcul" and [e["id"] for e in step["entrees"]] == ["interactions", "portee"]
    assert step["corrige"].startswith("<p>")


def test_an_unknown_step_names_the_known_ones() -> None:
    with pytest.raises(ExerciseError, match="étape inconnue"):
        exercice("04", "absente")


# --- exports ----------------------------------------------------------------------------------------


def test_exercise_answers_go_into_the_export_and_come_back(tmp_path: Path, environment: Path) -> None:
    exercice("05", "lecture").reponses = {"lecture": {"meilleur": "Les vidéos <b>de coulisses</b>"}}
    exported = export_progress(tmp_path / "export.json", "Alice")
    assert load_export(exported).chapters["05"].exercices == {
        "lecture": {"meilleur": "Les vidéos <b>de coulisses</b>"}
    }
    other = ProgressStore(tmp_path / "autre" / "progress.json")
    report = importer(exported, other)
    assert report.exercises_added == 1
    assert "1 réponse d’exercice ajoutée" in repr(report)
    assert other.exercises("05")["lecture"].reponse == {"meilleur": "Les vidéos <b>de coulisses</b>"}


def test_an_export_made_before_exercise_forms_still_loads(tmp_path: Path) -> None:
    old = {
        "schema_version": 1,
        "exported_at": "2026-01-05T10:00:00Z",
        "participant": None,
        "chapters": {
            "05": {
                "chapitre": "05",
                "titre": "Communiquer sur les médias sociaux",
                "quiz": {"answered": 0, "correct": 0, "total": 13},
                "autoevaluation": {"strategie-ecrite": 3},
                "maturite": 50.0,
            }
        },
    }
    path = tmp_path / "ancien.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    assert load_export(path).chapters["05"].exercices == {}


def test_a_progress_file_without_exercises_still_loads(environment: Path) -> None:
    environment.write_text(
        json.dumps({"schema_version": 1, "chapters": {"05": {"quiz": {}, "autoevaluation": {}}}})
    )
    assert ProgressStore(environment).exercises("05") == {}


# --- the front-end's calculators and checks ---------------------------------------------------------


def test_the_calculators_and_checks_in_the_front_end(tmp_path: Path) -> None:
    wanted = {"engagement": ("05", "engagement"), "clic": ("06", "taux-de-clic")}
    wanted |= {"conversion": ("06", "taux-de-conversion"), "budget": ("06", "budget")}
    wanted |= {"calendrier": ("04", "calendrier"), "audit": ("01", "audit")}
    wanted |= {"grille": ("07", "grille")}
    steps = {
        name: step_payload(load_exercise_file(EXERCISES / f"{chapitre}.yaml").etape(step))
        for name, (chapitre, step) in wanted.items()
    }
    result = run_node_test(ROOT / "tests" / "js" / "exercise.test.mjs", "TNQ_EXERCISE_STEPS", steps, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# pass 7" in result.stdout


# --- the trainer's team picture ---------------------------------------------------------------------


def test_the_team_picture_shows_one_exercise_side_by_side(tmp_path: Path) -> None:
    from transition_numerique import equipe

    team = tmp_path / "equipe"
    answers = [
        ("Alice", {"situation": "Hélène <script>alert(1)</script>", "freins": "Les devis\nqui dérapent"}),
        (None, {"situation": "Marc, artisan"}),
        ("  ", {"objectif": "Un jardin"}),
    ]
    for n, (name, persona) in enumerate(answers):
        store = ProgressStore(tmp_path / f"p{n}" / "progress.json")
        store.record_exercise("04", "persona", persona)
        export_progress(team / f"{n}.json", name, store)
    store = ProgressStore(tmp_path / "sans" / "progress.json")
    store.record_rating("05", "strategie-ecrite", 3)
    export_progress(team / "3.json", "Bob", store)  # no exercise answer: not listed

    shown = equipe.charger(team).reponses("04", "persona")
    html = shown._repr_mimebundle_()["text/html"]
    assert "<script>" not in html and "Hélène &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Les devis<br>qui dérapent" in html
    assert "<th>Prénom (fictif) et situation</th>" in html
    lines = repr(shown).replace(NBSP, " ").splitlines()
    assert lines[0] == "Exercice 04, « Votre persona principal » : 3 réponses sur 4 exports."
    assert [line.split(" :")[0] for line in lines[1:]] == ["Alice", "Stagiaire 2", "Stagiaire 3"]
    assert "Bob" not in repr(shown)


def test_the_team_picture_shows_table_rows_and_checklists(tmp_path: Path) -> None:
    from transition_numerique import equipe

    store = ProgressStore(tmp_path / "p" / "progress.json")
    store.record_exercise(
        "04", "calendrier", [{"sujet": "<b>Atelier</b>", "promotionnel": True}, {"pilier": "offres"}]
    )
    store.record_exercise("06", "verification", ["smart", "budget"])
    export_progress(tmp_path / "equipe" / "a.json", None, store)
    team = equipe.charger(tmp_path / "equipe")
    html = team.reponses("04", "calendrier")._repr_mimebundle_()["text/html"]
    assert "&lt;b&gt;Atelier&lt;/b&gt;" in html and "<td>2</td>" in html and " · oui · " in html
    checklist = repr(team.reponses("06", "verification"))
    assert "Stagiaire 1 : ✓ | — | ✓ | —".replace(" :", f"{NBSP}:") in checklist

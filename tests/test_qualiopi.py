"""The Qualiopi evidence: satisfaction questionnaires (YAML, store, widget, export), the team picture
per objective, positioning and satisfaction, on the example exports of tests/fixtures/exports (two
recent ones, with satisfaction and a name that looks like HTML, and one made before the optional
fields existed)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from transition_numerique import bilan, equipe
from transition_numerique.course.bank import load_bank
from transition_numerique.course.chapters import chapter
from transition_numerique.course.satisfaction import (
    A_FROID,
    FIN_DE_FORMATION,
    SatisfactionError,
    load_questionnaires,
)
from transition_numerique.learner.progress import ProgressStore, importer, load_export
from transition_numerique.reporting import ProgressWarning
from transition_numerique.widgets.widget import question_payload

ROOT = Path(__file__).resolve().parents[1]
BANKS = ROOT / "notebooks" / "quiz"
EXPORTS = ROOT / "tests" / "fixtures" / "exports"
QUESTIONNAIRES = BANKS / "satisfaction" / "satisfaction.yaml"


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


# --- the questionnaires file ----------------------------------------------------------------------


def test_the_course_questionnaires() -> None:
    found = load_questionnaires(QUESTIONNAIRES)
    assert [q.id for q in found.questionnaires] == [FIN_DE_FORMATION, A_FROID]
    assert all(q.affirmations and q.texte_libre for q in found.questionnaires)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d["questionnaires"][1].pop("texte_libre"), ["questionnaire « a-froid »", "texte_libre"]),
        (
            lambda d: d["questionnaires"][0]["affirmations"].append({"id": "animation", "enonce": "Encore."}),
            ["questionnaire « fin-de-formation »", "affirmations", "identifiant en double\u00a0: animation"],
        ),
        (lambda d: d["questionnaires"][0].update(id="Fin"), ["questionnaire « Fin »", "id"]),
        (lambda d: d["echelle"].update(max=1), ["echelle › max", "max doit dépasser min"]),
        (lambda d: d["questionnaires"][1].update(id="fin-de-formation"), ["questionnaire en double"]),
    ],
)
def test_a_bad_questionnaire_is_located(tmp_path: Path, edit, expected: list[str]) -> None:
    data = yaml.safe_load(QUESTIONNAIRES.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "satisfaction.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SatisfactionError) as error:
        load_questionnaires(path)
    text = str(error.value)
    assert str(path) in text or path.name in text
    assert all(part in text for part in expected), text


def test_a_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "satisfaction.yaml"
    path.write_text("questionnaires:\n  - id: [\n", encoding="utf-8")
    with pytest.raises(SatisfactionError, match="ligne"):
        load_questionnaires(path)


# --- kept, restored, exported ---------------------------------------------------------------------


def test_satisfaction_is_saved_restored_and_exported(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    widget = bilan.satisfaction(store=store, quiz_dir=BANKS)
    assert widget.kind == "satisfaction" and widget.questionnaire == FIN_DE_FORMATION
    assert [a["id"] for a in widget.affirmations][:2] == ["objectifs-clairs", "contenus-utiles"]
    with pytest.warns(ProgressWarning, match="note refusée"):
        widget.ratings = {"objectifs-clairs": 4, "inconnue": 3, "rythme-adapte": 9}
    widget.commentaire = "Bien <b>rythmé</b>"
    saved = store.satisfaction(FIN_DE_FORMATION)
    assert saved.notes == {"objectifs-clairs": 4} and saved.commentaire == "Bien <b>rythmé</b>"
    again = bilan.satisfaction(store=store, quiz_dir=BANKS)  # a new session finds them back
    assert again.ratings == {"objectifs-clairs": 4} and again.commentaire == "Bien <b>rythmé</b>"
    cold = bilan.satisfaction(A_FROID, store=store, quiz_dir=BANKS)  # another questionnaire, untouched
    assert cold.ratings == {} and cold.commentaire == ""
    profile = bilan.mon_profil(store=store, quiz_dir=BANKS)  # what the book's export button sends
    assert profile.satisfaction[FIN_DE_FORMATION]["notes"] == {"objectifs-clairs": 4}
    store.record_rating("01", load_bank("01", BANKS).autoevaluation[0].id, 3)
    written = bilan.exporter("profil", tmp_path / "exports", store=store, quiz_dir=BANKS)
    export = load_export(written.json)
    assert export.satisfaction[FIN_DE_FORMATION].commentaire == "Bien <b>rythmé</b>"
    widget.ratings, widget.commentaire = {}, ""  # emptied: dropped from the store
    assert store.satisfaction(FIN_DE_FORMATION) is None


def test_a_progress_file_without_satisfaction_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"schema_version": 1, "chapters": {}}), encoding="utf-8")
    assert ProgressStore(path).load().satisfaction == {}


def test_older_exports_still_load() -> None:
    old = EXPORTS / "ancien-sophie-martin.json"
    raw = json.loads(old.read_text(encoding="utf-8"))
    assert not {"objectifs", "positionnement", "satisfaction"} & raw.keys()
    export = load_export(old)
    assert export.objectifs == export.positionnement == export.satisfaction == {}
    assert bilan.charger(old).par_objectif["01"]  # graded from its answers


# --- the team picture -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def team() -> equipe.Equipe:
    group = equipe.charger(EXPORTS, quiz_dir=BANKS)
    assert group.effectif == 3 and not group.rejets
    return group


def test_team_counts_each_status_per_objective(team: equipe.Equipe) -> None:
    exports = [load_export(p) for p in sorted(EXPORTS.glob("*.json"))]
    banks = bilan.banques(BANKS)
    expected: dict[tuple[str, str], dict[str, int]] = {}
    for export in exports:
        per = export.objectifs or bilan.resultats_par_objectif(export.chapters, banks)
        for chapitre, results in per.items():
            for objective, result in results.items():
                tally = expected.setdefault((chapitre, objective), dict.fromkeys(bilan.STATUTS, 0))
                tally[result.statut] += 1
    counts = team.par_objectif()
    assert all(sum(t.values()) == 3 for t in counts.values())
    for key, tally in expected.items():
        missing = 3 - sum(tally.values())  # trainees without that chapter: « non évalué »
        assert counts[key] == tally | {bilan.NON_EVALUE: tally[bilan.NON_EVALUE] + missing}
    assert any(t[bilan.ACQUIS] for t in counts.values()) and any(t[bilan.NON_ACQUIS] for t in counts.values())
    shown = team.objectifs()
    text = chapter("02").objectives_by_id[next(iter(chapter("02").objectives_by_id))]
    tally = counts["02", next(iter(chapter("02").objectives_by_id))]
    line = f"02 {text} : " + ", ".join(f"{s} {tally[s]}" for s in bilan.STATUTS)
    assert line in plain(shown.texte)
    assert (
        "<th>acquis</th><th>en cours d’acquisition</th><th>non acquis</th><th>non évalué</th>" in shown.html
    )


def test_team_positioning(team: equipe.Equipe) -> None:
    shown = plain(team.positionnement().texte)
    assert shown.startswith("Positionnement à l’entrée")
    assert "1. Améliorer ma visibilité sur Internet : 3 sur 3 positionnés" in shown
    assert "8. Sensibiliser mes équipes aux enjeux du digital : 1 sur 3 positionnés" in shown


def test_team_satisfaction_is_aggregated_anonymous_and_escaped(team: equipe.Equipe) -> None:
    shown = team.satisfaction()
    text = plain(shown.texte)
    assert text.startswith("Votre avis sur la formation : 2 réponses sur 3 stagiaires.")
    assert "Les objectifs de chaque chapitre étaient clairs. : 2 réponses, moyenne 3,5" in text
    assert "<script>" not in shown.html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in shown.html
    assert "Camille" not in shown.html and "Karim" not in shown.html
    cold = team.satisfaction(A_FROID)
    assert plain(cold.texte).startswith("Votre avis quelques semaines après la formation : 1 réponse sur 3")
    assert "J’ai refait ma fiche Google." in cold.html
    assert "indisponible" in team.satisfaction("inconnu").texte


def test_payloads_carry_each_questions_objective(tmp_path: Path) -> None:
    bank = load_bank("05", BANKS)
    assert [question_payload(q)["objectif"] for q in bank.questions] == [q.objectif for q in bank.questions]
    profile = bilan.mon_profil(store=ProgressStore(tmp_path / "p.json"), quiz_dir=BANKS)
    entry = next(c for c in profile.cours if c["id"] == "05")
    assert [o["id"] for o in entry["objectifs"]] == list(chapter("05").objectives_by_id)
    for objective in entry["objectifs"]:
        assert objective["questions"] == [q.id for q in bank.questions if q.objectif == objective["id"]]
    assert profile.regles["seuils"] == {"acquis": bilan.SEUIL_ACQUIS, "en_cours": bilan.SEUIL_EN_COURS}


def test_importing_an_export_brings_its_satisfaction_back(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    report = importer(EXPORTS / "karim-benali.json", store, BANKS)
    assert report.satisfaction_added == 2
    assert "2 questionnaires de satisfaction ajoutés" in repr(report)
    assert store.satisfaction(A_FROID).commentaire == "J’ai refait ma fiche Google."
    again = importer(EXPORTS / "karim-benali.json", store, BANKS)  # the store wins
    assert again.satisfaction_added == 0 and again.kept >= 2


def test_the_bilan_of_an_example_export_uses_its_recorded_results() -> None:
    path = EXPORTS / "camille-durand.json"
    export = load_export(path)
    profile = bilan.charger(path)
    assert profile.par_objectif == export.objectifs and profile.positions == export.positionnement
    shown = plain(profile.objectifs().texte)
    for chapitre, per in export.objectifs.items():
        for objective, result in per.items():
            text = plain(chapter(chapitre).objectives_by_id[objective])
            assert f"{chapitre} {text} : {result.statut}" in shown


@pytest.mark.parametrize(
    "path", ["book/guide-formateur.md", "notebooks/09-bilan.ipynb", "formateur/tableau-equipe.ipynb"]
)
def test_the_thresholds_written_in_prose_are_bilans(path: str) -> None:
    """The prose repeats the thresholds for the reader; bilan.py holds them: both must agree."""
    text = (ROOT / path).read_text(encoding="utf-8")
    for threshold in (bilan.SEUIL_ACQUIS, bilan.SEUIL_EN_COURS):
        assert f"{round(100 * threshold)}\u00a0%" in text
    assert {int(n) for n in re.findall(r"(\d+)\u00a0% de réponses justes", text)} <= {
        round(100 * bilan.SEUIL_ACQUIS)
    }


def test_the_check_command_validates_the_questionnaires(tmp_path: Path) -> None:
    folder = tmp_path / "quiz"
    shutil.copytree(BANKS, folder)
    command = [sys.executable, "-m", "transition_numerique", "check", "--dossier", str(folder)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert (
        done.returncode == 0 and "2 questionnaires de satisfaction (fin-de-formation, a-froid)" in done.stdout
    )
    path = folder / "satisfaction" / "satisfaction.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  max: 4", "  max: 0"), encoding="utf-8")
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 1
    assert "champ «\u00a0echelle › max\u00a0»\u00a0: max doit dépasser min de 1 à 10" in done.stderr

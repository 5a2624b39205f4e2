"""The trainer's team picture: exports read from a folder, bad files reported by name, distributions,
most-missed questions with escaped bank text, an anonymised summary."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from matplotlib.lines import Line2D

from transition_numerique import equipe
from transition_numerique.course.bank import load_bank
from transition_numerique.course.chapters import PROBLEMS
from transition_numerique.figures.chart import Chart
from transition_numerique.figures.style import DATA_GID
from transition_numerique.learner.bilan import Affichage
from transition_numerique.learner.progress import ProgressStore, export_progress

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["Camille Durand", "Karim Benali", "Sophie Martin"]

BANK = """\
chapitre: "05"
titre: Banque d’essai
autoevaluation:
  - id: strategie
    enonce: Nous avons une stratégie écrite.
  - id: rythme
    enonce: Nous publions à un rythme régulier.
questions:
  - id: q-un
    type: vrai-faux
    question: Première question <img src=x onerror=alert(1)> avec du **gras**.
    reponse: true
    explication: Explication.
  - id: q-deux
    type: vrai-faux
    question: Deuxième question.
    reponse: false
    explication: Explication.
  - id: q-trois
    type: vrai-faux
    question: Troisième question.
    reponse: true
    explication: Explication.
"""


@pytest.fixture
def banks(tmp_path: Path) -> Path:
    folder = tmp_path / "banques"
    folder.mkdir()
    (folder / "05.yaml").write_text(BANK, encoding="utf-8")
    return folder


def make_export(
    folder: Path, name: str, banks: Path, ratings: dict[str, list[int]], answers: dict[str, bool], who: str
) -> Path:
    """A real export: ratings of chapter 05's statements (other chapters: « strategie » ids are not in
    their banks, so they are stored for 05 only) and answers to 05's questions."""
    store = ProgressStore(folder.parent / "stores" / f"{name}.json")
    for chapitre, notes in ratings.items():
        for statement, note in zip(["strategie", "rythme"], notes, strict=False):
            store.record_rating(chapitre, statement, note)
    for question, correct in answers.items():
        store.record_answer("05", question, True, correct)
    return export_progress(folder / f"{name}.json", who, store, banks)


@pytest.fixture
def team(tmp_path: Path, banks: Path) -> Path:
    """Three valid exports (maturity on chapter 05: 25, 75, 100) and three bad files."""
    folder = tmp_path / "equipe"
    folder.mkdir()
    make_export(
        folder, "a", banks, {"05": [2, 2]}, {"q-un": False, "q-deux": False, "q-trois": True}, NAMES[0]
    )
    make_export(folder, "b", banks, {"05": [4, 4]}, {"q-un": False, "q-deux": True}, NAMES[1])
    make_export(
        folder, "c", banks, {"05": [5, 5]}, {"q-un": False, "q-deux": False, "q-trois": False}, NAMES[2]
    )
    (folder / "d-casse.json").write_text('{"schema_version": 1, "chapters": ', encoding="utf-8")
    other = json.loads((folder / "a.json").read_text(encoding="utf-8"))
    (folder / "e-version.json").write_text(json.dumps(other | {"schema_version": 7}), encoding="utf-8")
    del other["chapters"]
    (folder / "f-incomplet.json").write_text(json.dumps(other), encoding="utf-8")
    (folder / "notes.txt").write_text("à lire", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\0")
    return folder


def everything_shown(group: equipe.Equipe) -> str:
    parts = [repr(group), *group._repr_mimebundle_().values()]
    for element in (group.tableau(), group.questions_manquees(), group.synthese()):
        parts += element._repr_mimebundle_().values()
    chart = group.repartition()
    if isinstance(chart, Chart):
        parts += [chart.alt, repr(chart)]
    return "\n".join(parts)


def test_bad_files_are_reported_by_name_and_the_others_count(team: Path, banks: Path) -> None:
    group = equipe.charger(team, quiz_dir=banks)
    assert group.effectif == 3
    reasons = {rejet.fichier: rejet.raison for rejet in group.rejets}
    assert list(reasons) == ["d-casse.json", "e-version.json", "f-incomplet.json", "notes.txt"]
    assert reasons["d-casse.json"].startswith("export illisible")
    assert "champ «\u00a0schema_version\u00a0»" in reasons["e-version.json"]
    assert "champ «\u00a0chapters\u00a0»" in reasons["f-incomplet.json"]
    assert "pas un fichier .json" in reasons["notes.txt"]
    assert str(team) not in "".join(reasons.values())  # the file is named once, by its name
    report = repr(group)
    assert report.startswith(f"Dossier {team.as_posix()}\u00a0: 7 fichiers lus, 3 exports valides.")
    assert "- d-casse.json\u00a0: export illisible" in report
    assert "<code>e-version.json</code>" in group._repr_mimebundle_()["text/html"]


def test_distribution_per_problem(team: Path, banks: Path) -> None:
    group = equipe.charger(team, quiz_dir=banks)
    values = group.maturites()
    assert values["05"] == [25, 75, 100]
    assert all(values[p.id] == [] for p in PROBLEMS if p.id != "05")
    assert group.medianes()["05"] == 75
    chart = group.repartition()
    assert isinstance(chart, Chart)
    chart.figure.draw_without_rendering()
    axes = chart.figure.axes[0]
    row = {label.get_text(): y for label, y in zip(axes.get_yticklabels(), axes.get_yticks(), strict=True)}
    y05 = row["5. Médias sociaux (n\u00a0=\u00a03)"]
    points = [line for line in axes.get_lines() if line.get_gid() == DATA_GID]
    assert len(points) == 1 and sorted(points[0].get_xdata()) == [25, 75, 100]
    assert all(abs(y - y05) < 0.5 for y in points[0].get_ydata())
    medians = [line for line in axes.get_lines() if line.get_gid() == equipe.MEDIANE_GID]
    assert [(list(m.get_xdata()), list(m.get_ydata())) for m in medians] == [([75], [y05])]
    assert "1. Visibilité sur Internet (n\u00a0=\u00a00)" in row
    assert "5. Médias sociaux\u00a0: 3 stagiaires, médiane 75/100, de 25/100 à 100/100" in chart.alt
    table = group.tableau()
    assert "5. Médias sociaux\u00a0: stagiaires évalués 3 sur 3, médiane 75/100" in table.texte
    assert "<td>0 sur 3</td><td>—</td>" in table.html


def test_equal_values_are_drawn_side_by_side(tmp_path: Path, banks: Path) -> None:
    folder = tmp_path / "pareil"
    folder.mkdir()
    for name in "abc":
        make_export(folder, name, banks, {"05": [3, 3]}, {}, None)
    chart = equipe.charger(folder, quiz_dir=banks).repartition()
    (line,) = [
        a for a in chart.figure.axes[0].get_lines() if isinstance(a, Line2D) and a.get_gid() == DATA_GID
    ]
    assert list(line.get_xdata()) == [50, 50, 50] and len(set(line.get_ydata())) == 3


def test_most_missed_questions_ranked_with_escaped_bank_text(team: Path, banks: Path) -> None:
    group = equipe.charger(team, quiz_dir=banks)
    ranked = [(q.id, q.manquee, q.repondue) for q in group.manquees()]
    # q-un: 3 of 3; q-deux: 2 of 3; q-trois: 1 of 2 (one trainee did not answer it)
    assert ranked == [("q-un", 3, 3), ("q-deux", 2, 3), ("q-trois", 1, 2)]
    shown = group.questions_manquees(nombre=2)
    assert shown.texte.splitlines()[1] == (
        "2. [5. Médias sociaux] Deuxième question. — manquée par 2 stagiaires sur 3 (66,7\u00a0%)"
    )
    assert "q-trois" not in shown.texte and "Troisième" not in shown.texte
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown.html and "<img" not in shown.html
    assert "<strong>gras</strong>" in shown.html
    assert "3 stagiaires sur 3 (100\u00a0%)" in shown.html


def test_question_gone_from_the_bank_is_named_by_its_id(team: Path, banks: Path) -> None:
    (banks / "05.yaml").write_text(BANK.replace("id: q-un", "id: q-renommee"), encoding="utf-8")
    group = equipe.charger(team, quiz_dir=banks)
    first = group.manquees()[0]
    assert first.id == "q-un" and first.texte is None
    assert "question «\u00a0q-un\u00a0» (retirée de la banque)" in group.questions_manquees().texte


def test_summary_is_anonymous(team: Path, banks: Path, tmp_path: Path) -> None:
    extra = tmp_path / "equipe-large"
    extra.mkdir()
    for index, notes in enumerate([[1, 2], [3, 3], [2, 2], [5, 4]]):
        make_export(extra, f"s{index}", banks, {"05": notes, "02": [4, 4]}, {"q-un": True}, f"Nom {index}")
    group = equipe.charger(extra, quiz_dir=banks)  # chapter 02 has no bank here: its ratings still count
    assert group.synthese().texte.startswith("4 stagiaires\u00a0; point fort de l’équipe\u00a0: 2. Portée")
    assert "Nom " not in everything_shown(group)
    base = equipe.charger(team, quiz_dir=banks)
    assert not any(name in everything_shown(base) for name in NAMES)
    assert base.synthese().texte.startswith("3 stagiaires\u00a0; trop peu")


def test_summary_names_strong_point_and_priority(tmp_path: Path) -> None:
    folder = tmp_path / "vraies-banques"
    folder.mkdir()
    real_banks = ROOT / "notebooks" / "quiz"
    levels = {"01": [[4, 4], [5, 4], [4, 3]], "04": [[1, 2], [2, 1], [1, 1]], "06": [[3, 3], [3, 2], [3, 4]]}
    for index in range(3):
        store = ProgressStore(tmp_path / "stores" / f"{index}.json")
        for chapitre, notes in levels.items():
            statements = [s.id for s in load_bank(chapitre, real_banks).autoevaluation]
            for statement, note in zip(statements, notes[index], strict=False):
                store.record_rating(chapitre, statement, note)
        export_progress(folder / f"{index}.json", None, store, real_banks)
    group = equipe.charger(folder, quiz_dir=real_banks)
    expected = {c: statistics.median((sum(n) / 2 - 1) * 25 for n in notes) for c, notes in levels.items()}
    assert {c: m for c, m in group.medianes().items() if m is not None} == expected
    assert group.synthese().texte.startswith(
        "3 stagiaires\u00a0; point fort de l’équipe\u00a0: 1. Visibilité sur Internet "
        "(médiane 75/100)\u00a0; chantier prioritaire\u00a0: 4. Stratégie de contenus (médiane 12,5/100)."
    )
    assert "Non comparés" in group.synthese().texte  # the five problems nobody rated


def test_empty_folder(tmp_path: Path, banks: Path) -> None:
    (tmp_path / "vide").mkdir()
    group = equipe.charger(tmp_path / "vide", quiz_dir=banks)
    assert group.effectif == 0 and group.rejets == () and not group.introuvable
    assert "ne contient aucun fichier" in repr(group)
    for element in (group.repartition(), group.tableau(), group.questions_manquees(), group.synthese()):
        assert isinstance(element, Affichage) and "Aucun export valide" in element.texte


def test_missing_folder(tmp_path: Path, banks: Path) -> None:
    group = equipe.charger(tmp_path / "absent", quiz_dir=banks)
    assert group.introuvable and group.effectif == 0
    where = (tmp_path / "absent").as_posix()
    assert repr(group) == f"Le dossier {where} n’existe pas\u00a0: vérifiez le chemin indiqué plus haut."
    assert isinstance(group.repartition(), Affichage)


def test_the_committed_team_example() -> None:
    group = equipe.charger(ROOT / "formateur" / "exemples" / "equipe")
    assert group.effectif == 6
    assert [rejet.fichier for rejet in group.rejets] == ["export-07.json"]
    assert group.synthese().texte.startswith("6 stagiaires\u00a0; point fort de l’équipe\u00a0: ")
    assert group.manquees() and all(q.texte for q in group.manquees())

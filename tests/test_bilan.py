"""The bilan: maturity profile from empty, partial, full and corrupt progress; ranking, plan, exports,
and the validation of the action catalogue."""

from __future__ import annotations

import math
import re
import shutil
import warnings
from pathlib import Path

import pytest
import yaml
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle
from PIL import Image
from test_prose import known_words, typographie, unknown_words

from transition_numerique import bilan
from transition_numerique.course import actions as actions_module
from transition_numerique.course.actions import DEFAULT_PATH, ActionsError, default_catalogue, load_catalogue
from transition_numerique.course.bank import load_bank
from transition_numerique.course.chapters import PROBLEMS
from transition_numerique.figures.chart import Chart
from transition_numerique.figures.style import DATA_GID, DPI, HEIGHT, WIDTH
from transition_numerique.learner.progress import PROGRESS_ENV, ProgressStore, load_export

ROOT = Path(__file__).resolve().parents[1]
BANKS = ROOT / "notebooks" / "quiz"
EXAMPLE = ROOT / "notebooks" / "exemples" / "profil-entreprise-fictive.json"
ALL_IDS = [problem.id for problem in PROBLEMS]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ProgressStore:
    """A temporary progress file, used by the bilan exactly as in a notebook (environment variables)."""
    path = tmp_path / "donnees" / "progress.json"
    monkeypatch.setenv(PROGRESS_ENV, str(path))
    monkeypatch.setenv("TRANSITION_NUMERIQUE_QUIZ_DIR", str(BANKS))
    return ProgressStore(path)


def plain(text: str) -> str:
    """Messages use French no-break spaces; compare them as plain text."""
    return text.replace("\u00a0", " ")


def rate(store: ProgressStore, chapitre: str, notes: list[int]) -> None:
    """Rate the first statements of a chapter's bank."""
    statements = load_bank(chapitre, BANKS).autoevaluation
    assert len(notes) <= len(statements)
    for statement, note in zip(statements, notes, strict=False):
        store.record_rating(chapitre, statement.id, note)


def answer(store: ProgressStore, chapitre: str, corrects: list[bool]) -> None:
    """Answer the first questions of a chapter's bank, right or wrong."""
    for question, correct in zip(load_bank(chapitre, BANKS).questions, corrects, strict=False):
        store.record_answer(chapitre, question.id, 0, correct)


def data_points(chart: Chart) -> list[tuple[float, float]]:
    """(x, y) of the data markers; on the radar, (angle, maturity)."""
    chart.figure.draw_without_rendering()
    points = []
    for line in chart.figure.findobj(lambda a: isinstance(a, Line2D) and a.get_gid() == DATA_GID):
        points += [(float(x), float(y)) for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True)]
    return points


def angle_of(chapitre: str) -> float:
    return ALL_IDS.index(chapitre) * 2 * math.pi / len(ALL_IDS)


def hatched_angles(chart: Chart) -> list[float]:
    wedges = chart.figure.findobj(lambda a: isinstance(a, Rectangle) and a.get_gid() == bilan.NON_EVALUE_GID)
    return sorted(round(wedge.get_x() + wedge.get_width() / 2, 9) for wedge in wedges)


# --- no progress at all ------------------------------------------------------------------------------


def test_empty_progress_explains_what_to_do(store: ProgressStore, tmp_path: Path) -> None:
    profile = bilan.charger()
    assert not profile.commence and profile.evalues == () and profile.avertissements == ()
    bundle = profile._repr_mimebundle_()
    assert "Aucun résultat enregistré" in bundle["text/plain"]
    for problem in PROBLEMS:  # every chapter linked, none shown as 0
        assert f"]({problem.id}-{problem.slug}.ipynb)" in bundle["text/markdown"]
    for element in (profile.radar(), profile.matrice(), profile.points_faibles(), profile.plan_action()):
        assert isinstance(element, bilan.Affichage)
        assert "Pas encore de résultat" in element.texte
    assert profile.plan() == ()
    written = bilan.exporter("mon-profil", tmp_path / "exports")
    assert written.json is None and written.png is None and "Rien à exporter" in repr(written)
    assert not (tmp_path / "exports").exists()


# --- partial progress --------------------------------------------------------------------------------


def test_partial_progress_plots_rated_problems_and_marks_the_others(store: ProgressStore) -> None:
    rate(store, "01", [1, 1, 1])  # maturity 0: plotted at 0, not hatched
    rate(store, "03", [2, 3, 4])  # 50
    rate(store, "06", [3, 3, 4, 4])  # 62.5
    answer(store, "07", [True, False])  # quiz only: still « non évalué »
    profile = bilan.charger()
    assert {p.chapitre.id: p.maturite for p in profile.evalues} == {"01": 0, "03": 50, "06": 62.5}
    chart = profile.radar()
    assert isinstance(chart, Chart)
    expected = {(round(angle_of(c), 9), m) for c, m in [("01", 0.0), ("03", 50.0), ("06", 62.5)]}
    assert {(round(x, 9), y) for x, y in data_points(chart)} == expected
    unrated = ["02", "04", "05", "07", "08"]
    assert hatched_angles(chart) == sorted(round(angle_of(c), 9) for c in unrated)
    labels = [label.get_text() for label in chart.figure.axes[0].get_xticklabels()]
    assert [("non évalué" in label) for label in labels] == [c in unrated for c in ALL_IDS]
    assert "0/100" in labels[0] and "62,5/100" in labels[5]
    assert "7. Usages du web\u00a0: non évalué" in chart.alt and chart.figure.axes[0].name == "polar"
    assert repr(chart) == f"Votre profil de maturité numérique\n{chart.source_line}"
    summary = profile._repr_mimebundle_()["text/markdown"]
    assert "Problèmes évalués\u00a0: 3 sur 8" in summary
    assert [c for c in ALL_IDS if f"]({c}-" in summary] == unrated
    assert "quiz 1/12 (2 réponses)" in profile.points_faibles().texte


def test_weakest_first_quiz_breaks_ties_unrated_last(store: ProgressStore) -> None:
    rate(store, "02", [2, 2])  # 25, quiz 2 right
    answer(store, "02", [True, True])
    rate(store, "04", [2, 2])  # 25, quiz 0 right: weaker
    answer(store, "04", [False, False])
    rate(store, "06", [4, 4])  # 75
    rate(store, "08", [3, 3])  # 50
    profile = bilan.charger()
    order = [p.chapitre.id for p in profile.classement()]
    assert order == ["04", "02", "08", "06", "01", "03", "05", "07"]
    rows = profile.points_faibles().markdown.splitlines()[2:]
    assert [row.split("|")[1].strip() for row in rows] == ["1", "2", "3", "4", "—", "—", "—", "—"]
    assert "[4. Organiser ma stratégie de contenus](04-strategie-contenus.ipynb)" in rows[0]
    assert rows[4].count("non évalué") == 1


def catalogue_file(tmp_path: Path) -> Path:
    """A catalogue whose actions say what they are: qw (quick win), pf, as, pl."""
    kinds = [("pl", "moyen", "important"), ("pf", "fort", "important"), ("qw", "fort", "faible")]
    kinds += [("as", "moyen", "faible"), ("qw2", "fort", "faible")]
    problems = [
        {
            "chapitre": chapitre,
            "libelle": f"Problème {chapitre}",
            "actions": [
                {"id": f"a{chapitre}-{kind}", "action": f"Action {kind}", "impact": impact, "effort": effort}
                for kind, impact, effort in kinds
            ],
        }
        for chapitre in ALL_IDS
    ]
    path = tmp_path / "actions.yaml"
    path.write_text(yaml.safe_dump({"problemes": problems}, allow_unicode=True), encoding="utf-8")
    return path


def test_plan_picks_quick_wins_of_the_weakest_problems_first(store: ProgressStore, tmp_path: Path) -> None:
    for chapitre, notes in {"01": [5, 5], "03": [1, 2], "05": [2, 2], "06": [4, 4], "08": [1, 1]}.items():
        rate(store, chapitre, notes)
    profile = bilan.charger(catalogue=load_catalogue(catalogue_file(tmp_path)))
    plan = profile.plan()
    # weakest: 08 (0), 03 (12.5), 05 (25); three actions each: two quick wins, then a « projet de fond »
    assert [item.action.id for item in plan] == [
        "a08-qw", "a08-qw2", "a03-qw", "a03-qw2", "a05-qw", "a05-qw2", "a08-pf", "a03-pf", "a05-pf",
    ]  # fmt: skip
    assert [item.numero for item in plan] == list(range(1, 10))
    assert plan[0].quadrant == "Gains rapides" and plan[-1].quadrant == "Projets de fond"
    table = profile.plan_action()
    assert table.markdown.splitlines()[4].startswith("| 1 | Action qw | 8. Problème 08 | Gains rapides |")
    matrix = profile.matrice()
    points = data_points(matrix)
    assert len(points) == len(plan)
    assert sorted((x < 1, y > 1) for x, y in points) == [(False, True)] * 3 + [(True, True)] * 6
    assert "Gains rapides\u00a0: actions 1, 2, 3, 4, 5 et 6" in matrix.alt


def test_plan_with_the_course_catalogue(store: ProgressStore) -> None:
    rate(store, "04", [1, 1, 2])
    rate(store, "07", [4, 5])
    profile = bilan.charger()
    plan = profile.plan()
    assert {item.probleme.chapitre.id for item in plan} == {"04", "07"}
    catalogue = default_catalogue()
    for chapitre in ("04", "07"):
        chosen = [item.action for item in plan if item.probleme.chapitre.id == chapitre]
        assert len(chosen) == bilan.ACTIONS_PAR_PROBLEME
        quick = [a for a in catalogue.of(chapitre).actions if a.gain_rapide]
        assert [a for a in chosen if a.gain_rapide] == quick[: bilan.ACTIONS_PAR_PROBLEME]
    order = list(bilan.QUADRANTS.values())
    ranks = [order.index(item.quadrant) for item in plan]
    assert ranks == sorted(ranks)


# --- full progress -----------------------------------------------------------------------------------


def test_full_progress(store: ProgressStore) -> None:
    notes = {c: [1 + i % 5, 1 + (i + 2) % 5] for i, c in enumerate(ALL_IDS)}
    for chapitre, pair in notes.items():
        rate(store, chapitre, pair)
    profile = bilan.charger()
    assert profile.manquants == () and "8 sur 8" in repr(profile)
    chart = profile.radar()
    expected = sorted((round(angle_of(c), 9), (sum(p) / 2 - 1) * 25) for c, p in notes.items())
    assert sorted((round(x, 9), y) for x, y in data_points(chart)) == expected
    assert hatched_angles(chart) == []
    areas = chart.figure.findobj(lambda a: isinstance(a, Polygon) and a.get_alpha() == 0.15)
    assert len(areas) == 8  # every pair of neighbours rated: the surface is closed
    assert len({item.probleme.chapitre.id for item in profile.plan()}) == bilan.PRIORITES


# --- corrupt progress --------------------------------------------------------------------------------


def test_corrupt_progress_is_reported_in_french_and_the_profile_starts_empty(store: ProgressStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text("{ ceci n’est pas du JSON", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the warning is shown by the bilan, not raised
        profile = bilan.charger()
    assert len(profile.avertissements) == 1
    message = profile.avertissements[0]
    assert "illisible" in message and "mis de côté" in message and str(store.path) in message
    assert repr(profile).startswith(f"Attention\u00a0: {message}")
    assert "Aucun résultat enregistré" in repr(profile) and profile.evalues == ()
    files = [p.name[:22] for p in store.path.parent.iterdir() if p.suffix != ".lock"]
    assert files == ["progress.json.corrupt-"]


# --- a broken bank or catalogue ----------------------------------------------------------------------


@pytest.fixture
def broken_bank(store: ProgressStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The course's banks in a scratch folder, chapter 03's made invalid; the bilan reads that folder."""
    folder = tmp_path / "quiz"
    folder.mkdir()
    for bank in BANKS.glob("*.yaml"):
        (folder / bank.name).write_bytes(bank.read_bytes())
    broken = folder / "03.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "\nbonus: 1\n", encoding="utf-8")
    monkeypatch.setenv("TRANSITION_NUMERIQUE_QUIZ_DIR", str(folder))
    return broken


@pytest.fixture
def broken_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The course's catalogue replaced by an invalid one (an action without effort)."""
    path = edited_catalogue(tmp_path, lambda d: problem(d, "05")["actions"][1].pop("effort"))
    monkeypatch.setattr(actions_module, "DEFAULT_PATH", path)
    default_catalogue.cache_clear()
    yield path
    default_catalogue.cache_clear()


def test_an_invalid_bank_leaves_its_chapter_out_of_the_bilan(
    store: ProgressStore, broken_bank: Path, tmp_path: Path
) -> None:
    rate(store, "03", [5, 5])
    rate(store, "04", [2, 2])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # told by the bilan, not raised
        profile = bilan.charger()
        written = bilan.exporter("profil", tmp_path / "exports")
    (message,) = profile.avertissements
    assert "chapitre 03 laissé de côté" in message and str(broken_bank) in message
    assert [p.chapitre.id for p in profile.evalues] == ["04"] and profile.plan()
    assert repr(profile).startswith(f"Attention\u00a0: {message}")
    assert repr(written).splitlines()[0] == f"Attention\u00a0: {message}"
    assert written.json is not None and written.png is not None
    exported = load_export(written.json).chapters
    assert "03" not in exported and exported["04"].maturite == 25


def test_an_invalid_catalogue_leaves_the_plan_empty(
    store: ProgressStore, broken_catalogue: Path, tmp_path: Path
) -> None:
    rate(store, "04", [1, 2])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        profile = bilan.charger()
        example = bilan.charger(EXAMPLE, exemple="une entreprise fictive")
        written = bilan.exporter("profil", tmp_path)
    (message,) = profile.avertissements
    assert "catalogue d’actions est invalide" in message and str(broken_catalogue) in message
    assert "effort" in message and example.avertissements == (message,)
    assert profile.plan() == () and isinstance(profile.radar(), Chart)
    assert profile.evalues[0].libelle == "Organiser ma stratégie de contenus"  # the chapter's title
    assert message in repr(written) and load_export(written.json).chapters["04"].maturite == 12.5


# --- exports -----------------------------------------------------------------------------------------


def test_export_writes_a_valid_json_and_the_radar_png(store: ProgressStore, tmp_path: Path) -> None:
    rate(store, "02", [4, 4, 5])
    answer(store, "02", [True, False, True])
    folder = tmp_path / "mes-exports"
    written = bilan.exporter("mon-profil", folder)
    assert written.json == folder / "mon-profil.json" and written.png == folder / "mon-profil.png"
    export = load_export(written.json)
    assert export.participant is None and export.chapters["02"].maturite == 83.3
    assert export.chapters["02"].reponses == dict.fromkeys(export.chapters["02"].reponses, True) | {
        load_bank("02", BANKS).questions[1].id: False
    }
    with Image.open(written.png) as image:
        assert image.format == "PNG" and image.size == (WIDTH * DPI, HEIGHT * DPI)
    assert repr(written).splitlines() == [
        f"Profil exporté dans le dossier {folder.as_posix()}\u00a0:",
        "- mon-profil.json (à remettre à votre formateur)",
        "- mon-profil.png (l’image de votre radar)",
    ]


def test_export_without_rating_has_no_image(store: ProgressStore, tmp_path: Path) -> None:
    answer(store, "05", [True])
    written = bilan.exporter("profil", tmp_path)
    assert written.json is not None and written.png is None
    assert load_export(written.json).chapters["05"].quiz.answered == 1
    assert not (tmp_path / "profil.png").exists() and "Pas d’image" in repr(written)
    with pytest.raises(ValueError, match="sans dossier"):
        bilan.exporter("../ailleurs", tmp_path)


def test_the_committed_example(store: ProgressStore) -> None:
    load_export(EXAMPLE)  # valid against the current schema
    profile = bilan.charger(EXAMPLE, exemple="une entreprise fictive")
    assert [p.chapitre.id for p in profile.manquants] == ["07"]
    assert profile.radar().title.startswith("Exemple\u00a0:")
    assert len(profile.plan()) == bilan.PRIORITES * bilan.ACTIONS_PAR_PROBLEME


# --- the action catalogue ----------------------------------------------------------------------------


def test_course_catalogue_covers_every_problem_in_good_french() -> None:
    catalogue = load_catalogue()
    assert [entry.chapitre for entry in catalogue.problemes] == ALL_IDS
    assert all(any(a.gain_rapide for a in entry.actions) for entry in catalogue.problemes)
    texts = [entry.libelle for entry in catalogue.problemes]
    texts += [action.action for entry in catalogue.problemes for action in entry.actions]
    assert [text for text in texts if typographie.fix_text(text) != text] == []
    known = known_words()
    assert [w for w in unknown_words("\n".join(texts)) if w not in known and w.lower() not in known] == []


def edited_catalogue(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "actions.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def problem(data: dict, chapitre: str) -> dict:
    return next(entry for entry in data["problemes"] if entry["chapitre"] == chapitre)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda d: problem(d, "03")["actions"][0].update(impact="élevé"),
            "problème «\u00a003\u00a0», action «\u00a0veille-hebdomadaire\u00a0», champ « impact » : "
            "valeur attendue\u00a0: 'fort' or 'moyen' (ici «\u00a0élevé\u00a0»)",
        ),
        (
            lambda d: problem(d, "05")["actions"][1].pop("effort"),
            "problème «\u00a005\u00a0», action «\u00a0acces-comptes\u00a0», champ « effort » : "
            "champ obligatoire manquant",
        ),
        (
            lambda d: problem(d, "01")["actions"][2].update(delai="1 mois"),
            "problème «\u00a001\u00a0», action «\u00a0socle-site\u00a0», champ « delai » : clé inconnue",
        ),
        (
            lambda d: problem(d, "02")["actions"][0].update(id="Page Évènement"),
            "problème «\u00a002\u00a0», action «\u00a0Page Évènement\u00a0», champ « id » : minuscules",
        ),
        (
            lambda d: problem(d, "04")["actions"][1].update(id="questions-clients"),
            "problème «\u00a004\u00a0», action «\u00a0questions-clients\u00a0», champ « id » : "
            "identifiant déjà utilisé (problème «\u00a004\u00a0»)",
        ),
        (
            lambda d: problem(d, "06").update(actions=problem(d, "06")["actions"][:1]),
            "problème «\u00a006\u00a0», champ « actions » : au moins 2 actions",
        ),
        (lambda d: d["problemes"].pop(), "champ « problemes » : aucune action pour le chapitre 08"),
        (
            lambda d: problem(d, "07").update(chapitre="09"),
            "problème «\u00a009\u00a0», champ « chapitre » : chapitre inconnu",
        ),
    ],
)
def test_malformed_catalogue_names_file_item_and_field(tmp_path: Path, edit, expected: str) -> None:
    path = edited_catalogue(tmp_path, edit)
    with pytest.raises(ActionsError) as caught:
        load_catalogue(path)
    assert plain(f"{path}, {expected}") in plain(str(caught.value))


def test_catalogue_yaml_errors_are_located(tmp_path: Path) -> None:
    path = tmp_path / "actions.yaml"
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    doubled = text.replace("        impact: fort\n", "        impact: fort\n        impact: moyen\n", 1)
    path.write_text(doubled, encoding="utf-8")
    with pytest.raises(ActionsError) as caught:
        load_catalogue(path)
    message = plain(str(caught.value))
    assert re.search(r"ligne \d+ : erreur de syntaxe YAML.*clé « impact » en double", message)
    with pytest.raises(ActionsError, match="fichier introuvable"):
        load_catalogue(tmp_path / "absent.yaml")


# --- results per objective and positioning (Qualiopi) -------------------------------------------------


def objective_questions(chapitre: str, objective: str) -> list[str]:
    return [q.id for q in load_bank(chapitre, BANKS).questions if q.objectif == objective]


def test_statuses_follow_the_thresholds() -> None:
    status = bilan.statut_objectif
    assert [status(n, 2, 2) for n in (2, 1, 0)] == [bilan.ACQUIS, bilan.EN_COURS, bilan.NON_ACQUIS]
    acquis, en_cours, non_acquis = bilan.ACQUIS, bilan.EN_COURS, bilan.NON_ACQUIS
    assert [status(n, 3, 3) for n in (3, 2, 1, 0)] == [acquis, en_cours, non_acquis, non_acquis]
    assert status(3, 3, 4) == bilan.ACQUIS  # 3 right of 4 questions: 75 %
    assert status(1, 1, 4) == bilan.NON_ACQUIS  # one right answer does not show the other three
    assert status(0, 0, 3) == status(0, 0, 0) == bilan.NON_EVALUE


def test_results_per_objective_from_the_answers(store: ProgressStore) -> None:
    first, second = load_bank("02", BANKS).questions[:2]
    store.record_answer("02", first.id, 0, True)
    store.record_answer("02", second.id, 0, False)
    profile = bilan.charger()
    per = profile.par_objectif["02"]
    assert list(per) == list(PROBLEMS[1].objectives_by_id)  # the registry's objectives, in its order
    for objective, result in per.items():
        ids = objective_questions("02", objective)
        answered = [i for i in ids if i in (first.id, second.id)]
        assert (result.questions, result.repondues) == (len(ids), len(answered))
        assert result.justes == (first.id in answered)
        expected = bilan.statut_objectif(result.justes, len(answered), len(ids))
        assert result.statut == expected
    assert per[first.objectif].statut != bilan.NON_EVALUE
    assert all(r.statut == bilan.NON_EVALUE for r in profile.par_objectif["05"].values())
    shown = plain(repr(profile.objectifs()))
    text = PROBLEMS[1].objectives_by_id[first.objectif]
    assert f"02 {text} : {per[first.objectif].statut}" in shown
    assert "seuils : acquis à partir de 75 %" in shown
    markdown = profile.objectifs()._repr_mimebundle_()["text/markdown"]
    assert f"| 2. {PROBLEMS[1].title} | {text} | {per[first.objectif].statut} |" in markdown


def test_an_objective_without_question_is_not_evaluated(
    store: ProgressStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every objective of the course has a question (test_quiz_bank.py): take one away in a copy of the banks.
    banks = tmp_path / "notebooks" / "quiz"
    shutil.copytree(BANKS, banks)
    shutil.copytree(BANKS.parent / "exercices", banks.parent / "exercices")
    bank = banks / "05.yaml"
    bank.write_text(
        bank.read_text(encoding="utf-8").replace("objectif: presence-reguliere", "objectif: choisir-reseaux"),
        encoding="utf-8",
    )
    monkeypatch.setenv("TRANSITION_NUMERIQUE_QUIZ_DIR", str(banks))
    for question in load_bank("05", banks).questions:
        store.record_answer("05", question.id, 0, True)
    per = bilan.charger().par_objectif["05"]
    assert per["presence-reguliere"].statut == bilan.NON_EVALUE and per["presence-reguliere"].questions == 0
    assert all(per[o].statut == bilan.ACQUIS for o in per if o != "presence-reguliere")


def test_positioning_is_the_entry_diagnostic_with_its_date(store: ProgressStore) -> None:
    rate(store, "03", [2, 3])
    profile = bilan.charger()
    position = profile.positions["03"]
    assert position.maturite == profile.problemes[2].maturite and position.date is not None
    assert list(profile.positions) == ["03"]
    shown = plain(repr(profile.positionnement()))
    assert shown.startswith("Positionnement à l’entrée")
    assert f"- 3. {PROBLEMS[2].title} : 37,5/100 ({position.date:%d/%m/%Y})" in shown


def test_export_carries_objectives_and_positioning(store: ProgressStore, tmp_path: Path) -> None:
    rate(store, "02", [4, 4, 5])
    answer(store, "02", [True, False, True])
    written = bilan.exporter("profil", tmp_path)
    export = load_export(written.json)
    assert export.objectifs == bilan.charger().par_objectif
    assert export.positionnement["02"].maturite == 83.3 and export.positionnement["02"].date is not None
    again = bilan.charger(written.json)
    assert again.par_objectif == export.objectifs and again.positions == export.positionnement


def test_an_export_made_before_objectives_still_loads_and_is_graded(store: ProgressStore) -> None:
    raw = EXAMPLE.read_text(encoding="utf-8")
    assert '"objectifs"' not in raw and '"positionnement"' not in raw  # an older export
    export = load_export(EXAMPLE)
    assert export.objectifs == {} and export.positionnement == {}
    profile = bilan.charger(EXAMPLE)
    assert profile.par_objectif == bilan.resultats_par_objectif(export.chapters, bilan.banques(BANKS))
    assert profile.par_objectif["01"]["conditions-site"].statut == bilan.ACQUIS
    assert profile.positions["01"].maturite == 55 and profile.positions["01"].date is None
    assert "date inconnue" in repr(profile.positionnement())

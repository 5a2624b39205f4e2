"""Question banks: loading, finding the folder, one readable error per problem, fuzzing of the loader."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transition_numerique.course.bank import (
    QUIZ_DIR_ENV,
    Bank,
    QuizBankError,
    check_banks,
    find_quiz_dir,
    load_bank,
    load_bank_file,
)
from transition_numerique.course.chapters import CHAPTERS, chapter

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "quiz" / "banks"
VALID: dict[str, Any] = yaml.safe_load((FIXTURES / "05.yaml").read_text(encoding="utf-8"))


def write_bank(folder: Path, data: Any, name: str = "05.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def only_issue(path: Path) -> str:
    with pytest.raises(QuizBankError) as caught:
        load_bank_file(path)
    assert len(caught.value.issues) == 1, str(caught.value)
    return str(caught.value.issues[0]).replace("\u00a0", " ")  # messages use French no-break spaces


# --- loading ----------------------------------------------------------------------------------------


def test_fixture_bank_loads_every_type() -> None:
    bank = load_bank_file(FIXTURES / "05.yaml")
    assert {q.type for q in bank.questions} == {"choix-unique", "choix-multiple", "vrai-faux", "numerique"}
    assert [s.id for s in bank.autoevaluation] == ["strategie-ecrite", "rythme-regulier"]
    assert bank.echelle.labels()[5] == "Tout à fait"
    assert bank.question("taux-engagement").tolerance == 0.1


def test_bank_00_is_the_course_introduction() -> None:
    bank = load_bank("00", ROOT / "notebooks" / "quiz")
    assert {q.type for q in bank.questions} == {"choix-unique", "vrai-faux"}
    assert len(bank.autoevaluation) == 3
    for question in bank.questions:
        assert question.explication.strip()


def test_quiz_dir_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(QUIZ_DIR_ENV, str(FIXTURES))
    assert find_quiz_dir(tmp_path) == FIXTURES
    monkeypatch.setenv(QUIZ_DIR_ENV, str(tmp_path / "absent"))
    with pytest.raises(QuizBankError, match=QUIZ_DIR_ENV):
        find_quiz_dir()


@pytest.mark.parametrize(
    ("cwd", "expected"),
    [
        ("notebooks", "notebooks/quiz"),
        ("exercises", "notebooks/quiz"),
        ("exercises/sub", "notebooks/quiz"),
        (".", "notebooks/quiz"),
        ("other", "other/quiz"),
    ],
)
def test_quiz_dir_walking_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cwd: str, expected: str
) -> None:
    monkeypatch.delenv(QUIZ_DIR_ENV, raising=False)
    for folder in ("notebooks/quiz", "exercises/sub", "other/quiz"):
        (tmp_path / folder).mkdir(parents=True)
    monkeypatch.chdir(tmp_path / cwd)
    assert find_quiz_dir() == (tmp_path / expected).resolve()


def test_no_quiz_dir_says_where_to_set_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(QUIZ_DIR_ENV, raising=False)
    with pytest.raises(QuizBankError, match=QUIZ_DIR_ENV):
        find_quiz_dir(tmp_path)


# --- one readable error per problem -----------------------------------------------------------------


def mutate(edit):
    data = copy.deepcopy(VALID)
    edit(data)
    return data


def q(data: dict, index: int) -> dict:
    return data["questions"][index]


MALFORMED = {
    "unknown key": (
        lambda d: q(d, 0).update(indice="?"),
        ["question « reseau-ou-media »", "champ « indice »", "clé inconnue", "choix"],
    ),
    "unknown top-level key": (lambda d: d.update(auteur="X"), ["champ « auteur »", "clé inconnue"]),
    "key of another type": (
        lambda d: q(d, 0).update(reponse=True),
        ["question « reseau-ou-media »", "champ « reponse »", "clé inconnue"],
    ),
    "no correct choice": (
        lambda d: q(d, 0)["choix"][0].pop("correct"),
        ["question « reseau-ou-media »", "champ « choix »", "aucun choix"],
    ),
    "two correct in choix-unique": (
        lambda d: q(d, 0)["choix"][2].update(correct=True),
        ["question « reseau-ou-media »", "champ « choix »", "exactement un choix correct (ici 2 : n°1, n°3)"],
    ),
    "no correct in choix-multiple": (
        lambda d: [c.pop("correct", None) for c in q(d, 1)["choix"]],
        ["question « plateformes »", "champ « choix »", "aucun choix"],
    ),
    "duplicate question id": (
        lambda d: q(d, 1).update(id="reseau-ou-media"),
        ["question n°2", "champ « id »", "« reseau-ou-media » déjà utilisé (question n°1)"],
    ),
    "statement id reused by a question": (
        lambda d: q(d, 2).update(id="rythme-regulier"),
        ["question n°3", "champ « id »", "déjà utilisé (affirmation n°2)"],
    ),
    "empty option text": (
        lambda d: q(d, 1)["choix"][1].update(texte="  "),
        ["question « plateformes »", "champ « choix › n°2 › texte »", "ne doit pas être vide"],
    ),
    "empty question text": (
        lambda d: q(d, 2).update(question=""),
        ["question « twitter-280 »", "champ « question »", "ne doit pas être vide"],
    ),
    "one option only": (
        lambda d: q(d, 1).update(choix=[{"texte": "A", "correct": True}]),
        ["question « plateformes »", "champ « choix »", "au moins deux choix"],
    ),
    "same option twice": (
        lambda d: q(d, 1)["choix"][2].update(texte="LinkedIn"),
        ["question « plateformes »", "champ « choix »", "n°1 et n°3 ont le même texte"],
    ),
    "negative tolerance": (
        lambda d: q(d, 3).update(tolerance=-0.1),
        ["question « taux-engagement »", "champ « tolerance »", "positive ou nulle"],
    ),
    "scale label out of range": (
        lambda d: d.update(echelle={"min": 1, "max": 4, "libelles": {1: "Non", 5: "Oui"}}),
        ["champ « echelle › libelles »", "libellé 5 hors de l’échelle 1 à 4"],
    ),
    "scale upside down": (
        lambda d: d.update(echelle={"min": 5, "max": 1}),
        ["champ « echelle › max »", "max doit dépasser min"],
    ),
    "vrai-faux without answer": (
        lambda d: q(d, 2).pop("reponse"),
        ["question « twitter-280 »", "champ « reponse »", "obligatoire"],
    ),
    "numerique without answer": (
        lambda d: q(d, 3).pop("reponse"),
        ["question « taux-engagement »", "champ « reponse »", "obligatoire"],
    ),
    "vrai-faux answered in words": (
        lambda d: q(d, 2).update(reponse="oui"),
        ["question « twitter-280 »", "champ « reponse »", "true ou false"],
    ),
    "numeric answer as text": (
        lambda d: q(d, 3).update(reponse="4,5"),
        ["question « taux-engagement »", "champ « reponse »", "doit être un nombre"],
    ),
    "answer that is not a number": (
        lambda d: q(d, 3).update(reponse=float("nan")),
        ["question « taux-engagement »", "champ « reponse »", "nombre fini"],
    ),
    "missing explanation": (
        lambda d: q(d, 2).pop("explication"),
        ["question « twitter-280 »", "champ « explication »", "obligatoire"],
    ),
    "unknown type": (
        lambda d: q(d, 2).update(type="vrai-ou-faux"),
        ["question « twitter-280 »", "champ « type »", "type inconnu « vrai-ou-faux »"],
    ),
    "missing type": (
        lambda d: q(d, 2).pop("type"),
        ["question « twitter-280 »", "champ « type »", "manquant"],
    ),
    "id with spaces": (
        lambda d: q(d, 2).update(id="Twitter 280"),
        ["question « Twitter 280 »", "champ « id »", "minuscules, chiffres et tirets"],
    ),
    "statement without text": (
        lambda d: d["autoevaluation"][1].pop("enonce"),
        ["affirmation « rythme-regulier »", "champ « enonce »", "obligatoire"],
    ),
    "question that is not a table": (
        lambda d: d["questions"].append("Une question ?"),
        ["question n°7", "table de clés"],
    ),
    "chapter not quoted": (lambda d: d.update(chapitre=5), ["champ « chapitre »", "entre guillemets"]),
    "objective not in the registry": (
        lambda d: q(d, 0).update(objectif="definir-un-media"),
        [
            "question « reseau-ou-media »",
            "champ « objectif »",
            "objectif inconnu « definir-un-media »",
            "objectifs du chapitre 05 dans le registre : reseau-ou-media, lire-chiffre-marche,",
        ],
    ),
    "objective of another chapter": (
        lambda d: q(d, 2).update(objectif="conditions-site"),
        ["question « twitter-280 »", "champ « objectif »", "objectif inconnu « conditions-site »"],
    ),
    "objective as a number": (
        lambda d: q(d, 3).update(objectif=2),
        ["question « taux-engagement »", "champ « objectif »", "doit être un texte"],
    ),
    "chapter of another file": (lambda d: d.update(chapitre="04"), ["champ « chapitre »", "05.yaml"]),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_each_problem_is_one_error_naming_file_item_and_field(tmp_path: Path, case: str) -> None:
    edit, expected = MALFORMED[case]
    message = only_issue(write_bank(tmp_path, mutate(edit)))
    assert message.startswith(str(tmp_path / "05.yaml")) or message.startswith("05.yaml")
    for part in expected:
        assert part in message


def test_unknown_chapter(tmp_path: Path) -> None:
    message = only_issue(write_bank(tmp_path, mutate(lambda d: d.update(chapitre="42")), "42.yaml"))
    assert "42.yaml" in message and "chapitre inconnu « 42 »" in message


def test_every_problem_of_a_bank_is_listed(tmp_path: Path) -> None:
    def edit(d: dict) -> None:
        q(d, 0)["choix"][2]["correct"] = True
        q(d, 3)["tolerance"] = -1
        q(d, 1)["id"] = "reseau-ou-media"

    with pytest.raises(QuizBankError) as caught:
        load_bank_file(write_bank(tmp_path, mutate(edit)))
    fields = sorted(issue.field for issue in caught.value.issues)
    assert fields == ["choix", "id", "tolerance"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('chapitre: "05"\ntitre: [non fermé\n', ["ligne 3", "syntaxe YAML"]),
        ('chapitre: "05"\ntitre: A\ntitre: B\n', ["ligne 3", "clé « titre » en double"]),
        ("- une liste\n", ["table de clés"]),
        ("", ["table de clés"]),
    ],
)
def test_yaml_problems(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = tmp_path / "05.yaml"
    path.write_text(text, encoding="utf-8")
    message = only_issue(path)
    for part in expected:
        assert part in message


def test_unreadable_files(tmp_path: Path) -> None:
    assert "fichier introuvable" in only_issue(tmp_path / "05.yaml")
    (tmp_path / "05.yaml").write_bytes(b"titre: caf\xe9\n")
    assert "lecture impossible" in only_issue(tmp_path / "05.yaml")


# --- the check command ------------------------------------------------------------------------------


def run_check(folder: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "transition_numerique", "check", "--dossier", str(folder)],
        capture_output=True,
        text=True,
    )
    result.stderr = result.stderr.replace("\u00a0", " ")  # messages use French no-break spaces
    return result


def test_check_summary(tmp_path: Path) -> None:
    write_bank(tmp_path, VALID)
    write_bank(tmp_path, {"chapitre": "01", "titre": "Un", "questions": [q(VALID, 2)]}, "01.yaml")
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2 banques, 7 questions, 2 affirmations"
    assert len(check_banks(tmp_path)) == 2


def test_check_lists_every_error_of_every_bank(tmp_path: Path) -> None:
    write_bank(tmp_path, mutate(lambda d: q(d, 3).update(tolerance=-1)))
    write_bank(tmp_path, mutate(lambda d: d.update(chapitre="01", titre="")), "01.yaml")
    (tmp_path / "5.yml").write_text("titre: mal nommé\n", encoding="utf-8")
    result = run_check(tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "3 erreurs dans les banques de questions :"
    assert any("01.yaml" in line and "champ « titre »" in line for line in lines)
    assert any("05.yaml" in line and "champ « tolerance »" in line for line in lines)
    assert any("5.yml" in line and "NN.yaml" in line for line in lines)


def test_check_empty_or_missing_folder(tmp_path: Path) -> None:
    result = run_check(tmp_path)
    assert result.returncode == 1 and "aucune banque" in result.stderr
    result = run_check(tmp_path / "absent")
    assert result.returncode == 1 and "absent : dossier introuvable" in result.stderr


# --- fuzzing: whatever the file holds, only QuizBankError escapes -----------------------------------

KEYS = [
    "chapitre",
    "titre",
    "echelle",
    "min",
    "max",
    "libelles",
    "autoevaluation",
    "id",
    "enonce",
    "questions",
    "type",
    "question",
    "choix",
    "texte",
    "correct",
    "retour",
    "reponse",
    "tolerance",
    "unite",
    "explication",
    "objectif",
    *Bank.model_fields,
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10**20),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["choix-unique", "choix-multiple", "vrai-faux", "numerique", "05", "", "  "]),
)
TREES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.integers(0, 6) | st.text(max_size=5), inner, max_size=5)
    ),
    max_leaves=25,
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def load_only_bank_errors(path: Path) -> None:
    try:
        load_bank_file(path)
    except QuizBankError as error:
        assert error.issues and all(str(issue).startswith(("05.yaml", str(path))) for issue in error.issues)


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list("chapitre:- \n\"'{}[],&*!|>%@`#?05étrue")), max_size=200))
def test_fuzz_yamlish_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "05.yaml"
    path.write_text(text, encoding="utf-8")
    load_only_bank_errors(path)


@FUZZ
@given(tree=TREES)
def test_fuzz_random_documents(tmp_path: Path, tree: Any) -> None:
    load_only_bank_errors(write_bank(tmp_path, tree))


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


@FUZZ
@given(data=st.data())
def test_fuzz_mutated_valid_bank(tmp_path: Path, data: st.DataObject) -> None:
    bank = copy.deepcopy(VALID)
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from(paths(bank)[1:]))
        parent = bank
        for part in where[:-1]:
            parent = parent[part]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace" or (action == "delete" and isinstance(parent, list)):
            parent[where[-1]] = data.draw(TREES)
        elif action == "delete":
            del parent[where[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(st.sampled_from(KEYS))] = data.draw(TREES)
        else:
            parent.append(data.draw(TREES))
        if not isinstance(bank, dict):
            break
    load_only_bank_errors(write_bank(tmp_path, bank))


# --- Qualiopi: each question names the chapter objective it checks ----------------------------------

#: Questions that check none of their chapter's objectives: none; the test asserts full coverage.
WITHOUT_OBJECTIVE: dict[str, set[str]] = {}
#: Objectives that no question checks: none either.
UNCHECKED: dict[str, set[str]] = {}
COURSE_BANKS = check_banks(ROOT / "notebooks" / "quiz")


def test_the_course_banks_name_an_objective_for_every_question() -> None:
    """Every question names its objective, except the ones listed (and reported) above: a new question
    without ``objectif`` fails here, and so does a listed one that gains an objective (update the list)."""
    missing = {
        bank.chapitre: {question.id for question in bank.questions if question.objectif is None}
        for bank in COURSE_BANKS
    }
    assert {k: v for k, v in missing.items() if v} == WITHOUT_OBJECTIVE


def test_every_objective_of_a_chapter_is_checked_by_a_question() -> None:
    """Each objective of chapters 00 to 08 is checked by at least one question, except the ones listed."""
    unchecked = {
        bank.chapitre: set(chapter(bank.chapitre).objectives_by_id) - {q.objectif for q in bank.questions}
        for bank in COURSE_BANKS
    }
    assert {k: v for k, v in unchecked.items() if v} == UNCHECKED
    assert [bank.chapitre for bank in COURSE_BANKS] == [item.id for item in CHAPTERS]

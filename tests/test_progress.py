"""The progress store: location, atomic writes, corrupt files moved aside, results, exports."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import platformdirs
import pytest
from filelock import FileLock

from transition_numerique.learner import progress as progress_module
from transition_numerique.learner.progress import (
    PROGRESS_ENV,
    ProgressError,
    ProgressLockError,
    ProgressStore,
    ProgressWarning,
    default_path,
    export_progress,
    load_export,
    maturity,
    progress,
)

BANKS = Path(__file__).resolve().parent / "fixtures" / "quiz" / "banks"


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / "data" / "progress.json")


def test_default_path_and_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    expected = Path(platformdirs.user_data_dir("transition-numerique", appauthor=False)) / "progress.json"
    assert default_path() == expected
    monkeypatch.setenv(PROGRESS_ENV, str(tmp_path / "partage.json"))
    assert default_path() == tmp_path / "partage.json"
    assert ProgressStore().path == tmp_path / "partage.json"


def test_records_and_forgets(store: ProgressStore) -> None:
    store.record_answer("05", "reseau-ou-media", 0, True)
    store.record_answer("05", "taux-engagement", "4,5", True)
    store.record_rating("05", "rythme-regulier", 4)
    saved = json.loads(store.path.read_text(encoding="utf-8"))
    assert saved["schema_version"] == 1
    chapter = saved["chapters"]["05"]
    assert chapter["quiz"]["taux-engagement"]["reponse"] == "4,5"
    assert chapter["autoevaluation"]["rythme-regulier"]["note"] == 4
    store.forget_answer("05", "reseau-ou-media")
    store.forget_rating("05", "rythme-regulier")
    reloaded = store.load().chapters["05"]
    assert list(reloaded.quiz) == ["taux-engagement"] and reloaded.autoevaluation == {}


def test_two_stores_on_one_file_keep_each_others_changes(store: ProgressStore) -> None:
    other = ProgressStore(store.path)
    store.record_answer("05", "twitter-280", True, True)
    other.record_rating("00", "aisance-outils", 3)
    data = store.load()
    assert data.chapters["05"].quiz["twitter-280"].reponse is True
    assert data.chapters["00"].autoevaluation["aisance-outils"].note == 3


def test_forget_drops_several_entries_in_one_write(
    store: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    for question_id in ("reseau-ou-media", "plateformes", "twitter-280"):
        store.record_answer("05", question_id, 0, False)
    store.record_rating("05", "rythme-regulier", 4)
    store.record_rating("05", "strategie-ecrite", 2)
    writes: list[Path] = []
    write = progress_module.write_atomic
    monkeypatch.setattr(
        progress_module, "write_atomic", lambda path, text: (writes.append(path), write(path, text))
    )
    store.forget("05", "quiz", (q for q in ["reseau-ou-media", "twitter-280", "jamais-repondue"]))
    assert writes == [store.path]
    assert list(store.answers("05")) == ["plateformes"]
    store.forget("05", "autoevaluation", ["rythme-regulier", "strategie-ecrite"])
    assert len(writes) == 2 and store.ratings("05") == {}
    assert store.answers("05")["plateformes"].reponse == 0 and store.answers("02") == {}
    with pytest.raises(ValueError, match="section inconnue"):
        store.forget("05", "reponses", ["plateformes"])  # type: ignore[arg-type]


def test_answers_and_ratings_read_one_chapter(store: ProgressStore) -> None:
    assert store.answers("05") == {} and store.ratings("05") == {}
    store.record_answer("05", "plateformes", [0, 1], True)
    store.record_rating("05", "rythme-regulier", 3)
    store.record_rating("00", "aisance-outils", 5)
    answer = store.answers("05")["plateformes"]
    assert (answer.reponse, answer.correct) == ([0, 1], True)
    assert {key: rating.note for key, rating in store.ratings("05").items()} == {"rythme-regulier": 3}


def test_a_held_lock_gives_a_french_error_not_a_hang(store: ProgressStore) -> None:
    store.record_answer("05", "twitter-280", True, True)
    before = store.path.read_bytes()
    impatient = ProgressStore(store.path, timeout=0.2)
    other_kernel = FileLock(store.lock_path)  # another handle on the lock: contends like another process
    with other_kernel, pytest.raises(ProgressLockError) as caught:
        impatient.record_answer("05", "twitter-280", False, False)
    message = str(caught.value)
    assert isinstance(caught.value, OSError)  # the widgets warn on OSError instead of breaking
    assert str(store.path) in message and "verrouillée" in message and "0,2\u00a0s" in message
    assert store.path.read_bytes() == before
    impatient.record_answer("05", "twitter-280", False, False)  # released: the change goes through
    assert store.answers("05")["twitter-280"].correct is False


def test_write_is_atomic(store: ProgressStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.record_answer("05", "twitter-280", True, True)
    before = store.path.read_bytes()
    replaced: list[tuple[str, str]] = []

    def failing_replace(source: str, target: str) -> None:
        replaced.append((source, target))
        raise OSError("disque plein")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disque plein"):
        store.record_answer("05", "twitter-280", False, False)
    source, target = replaced[0]
    assert Path(source).parent == store.path.parent and Path(target) == store.path
    assert store.path.read_bytes() == before
    # no temporary file left behind; the lock file stays (unlinking it would break the lock)
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["progress.json", "progress.json.lock"]


class FrozenDatetime(datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime(2026, 3, 2, 9, 30, 15, tzinfo=tz)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{ pas du json", "JSON invalide"),
        (b'{"schema_version": 2, "chapters": {}}', "schema_version"),
        (b'{"schema_version": 1, "chapters": {"05": {"quiz": {"a": {"correct": "peut-etre"}}}}}', "chapters"),
        (b"\xff\xfe", "encodage"),
    ],
)
def test_corrupt_file_is_moved_aside(
    store: ProgressStore, monkeypatch: pytest.MonkeyPatch, content: bytes, reason: str
) -> None:
    monkeypatch.setattr(progress_module, "datetime", FrozenDatetime)
    store.path.parent.mkdir(parents=True)
    aside = store.path.with_name("progress.json.corrupt-20260302T093015")
    aside.write_bytes(b"an earlier corrupt file")
    store.path.write_bytes(content)
    with pytest.warns(ProgressWarning) as warned:
        assert store.load().chapters == {}
    message = str(warned[0].message)
    second = store.path.with_name("progress.json.corrupt-20260302T093015-2")
    assert str(store.path) in message and str(second) in message and reason in message
    assert aside.read_bytes() == b"an earlier corrupt file"
    assert second.read_bytes() == content
    assert not store.path.exists()
    store.record_rating("05", "rythme-regulier", 2)
    assert store.load().chapters["05"].autoevaluation["rythme-regulier"].note == 2


def test_maturity() -> None:
    assert maturity([], 1, 5) is None
    assert maturity([1, 1], 1, 5) == 0
    assert maturity([5], 1, 5) == 100
    assert maturity([4, 2, 3], 1, 5) == 50
    assert maturity([2, 3], 0, 10) == 25


def test_progress_per_chapter(store: ProgressStore) -> None:
    store.record_answer("05", "reseau-ou-media", 0, True)
    store.record_answer("05", "twitter-280", False, False)
    store.record_answer("05", "question-retiree", 0, True)  # no longer in the bank: not counted
    store.record_rating("05", "strategie-ecrite", 4)
    store.record_rating("05", "rythme-regulier", 3)
    store.record_answer("02", "ancienne", 1, True)  # a chapter without a bank: still reported
    result = progress(store, BANKS)
    assert list(result.chapters) == ["02", "05"]
    chapter = result.chapters["05"]
    assert (chapter.quiz.answered, chapter.quiz.correct, chapter.quiz.total) == (2, 1, 6)
    assert chapter.autoevaluation == {"strategie-ecrite": 4, "rythme-regulier": 3}
    assert chapter.reponses == {"reseau-ou-media": True, "twitter-280": False}
    assert chapter.maturite == 62.5
    assert chapter.titre == "Communiquer sur les médias sociaux"
    assert result.chapters["02"].quiz.total == 1
    assert repr(result).splitlines() == [
        "Progression dans la formation",
        "02 Optimiser la portée de mes évènements\u00a0: quiz 1/1 (1 répondue), "
        "0 affirmation notée, maturité —",
        "05 Communiquer sur les médias sociaux\u00a0: quiz 1/6 (2 répondues), "
        "2 affirmations notées, maturité 62/100",
    ]


def test_empty_progress_lists_chapters_with_a_bank(store: ProgressStore) -> None:
    result = progress(store, BANKS)
    assert list(result.chapters) == ["05"]
    assert result.chapters["05"].maturite is None and result.chapters["05"].quiz.answered == 0


def test_export_round_trip(store: ProgressStore, tmp_path: Path) -> None:
    store.record_answer("05", "plateformes", [0, 1], True)
    store.record_rating("05", "rythme-regulier", 5)
    target = export_progress(tmp_path / "export" / "alice.json", "Alice", store, BANKS)
    raw = json.loads(target.read_text(encoding="utf-8"))
    assert raw["schema_version"] == 1 and raw["participant"] == "Alice"
    loaded = load_export(target)
    assert loaded.exported_at.tzinfo is not None
    assert loaded.chapters == progress(store, BANKS).chapters
    assert loaded.chapters["05"].maturite == 100
    assert raw["chapters"]["05"]["reponses"] == {"plateformes": True}
    assert raw["chapters"]["05"]["reponses_donnees"] == {"plateformes": [0, 1]}


def test_export_made_before_per_question_results_still_loads(store: ProgressStore, tmp_path: Path) -> None:
    store.record_answer("05", "plateformes", [0, 1], True)
    target = export_progress(tmp_path / "ancien.json", None, store, BANKS)
    data = json.loads(target.read_text(encoding="utf-8"))
    del data["chapters"]["05"]["reponses"]
    target.write_text(json.dumps(data), encoding="utf-8")
    loaded = load_export(target)
    assert loaded.schema_version == 1
    assert loaded.chapters["05"].reponses == {} and loaded.chapters["05"].quiz.correct == 1


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda d: d.update(schema_version=2), "schema_version"),
        (lambda d: d.pop("chapters"), "chapters"),
        (lambda d: d.pop("exported_at"), "exported_at"),
        (lambda d: d["chapters"]["05"]["quiz"].update(correct=9), "chapters › 05 › quiz"),
        (lambda d: d["chapters"]["05"].update(maturite=140), "chapters › 05 › maturite"),
        (lambda d: d["chapters"]["05"].update(bonus=1), "chapters › 05 › bonus"),
        (lambda d: d["chapters"]["05"].update(reponses={"twitter-280": "oui"}), "chapters › 05 › reponses"),
        (lambda d: d["chapters"]["05"].update(reponses={"twitter-280": True}), "chapters › 05"),
        (
            lambda d: d["chapters"]["05"].update(reponses_donnees={"twitter-280": {}}),
            "chapters › 05 › reponses_donnees",
        ),
        (  # the answers given must be those of the questions graded
            lambda d: d["chapters"]["05"].update(
                quiz={"answered": 1, "correct": 1, "total": 6},
                reponses={"twitter-280": True},
                reponses_donnees={"marge": "0,3"},
            ),
            "chapters › 05",
        ),
    ],
)
def test_export_schema_errors(store: ProgressStore, tmp_path: Path, edit, field: str) -> None:
    store.record_rating("05", "rythme-regulier", 5)
    target = export_progress(tmp_path / "alice.json", None, store, BANKS)
    data = json.loads(target.read_text(encoding="utf-8"))
    edit(data)
    target.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProgressError) as caught:
        load_export(target)
    message = str(caught.value).replace("\u00a0", " ")  # French no-break spaces
    assert str(target) in message and f"champ « {field}" in message


def test_export_that_is_not_json(tmp_path: Path) -> None:
    target = tmp_path / "bob.json"
    target.write_text("bonjour", encoding="utf-8")
    with pytest.raises(ProgressError, match="export illisible"):
        load_export(target)


# --- one broken bank does not break the others -------------------------------------------------------


@pytest.fixture
def banks_with_a_broken_one(tmp_path: Path) -> Path:
    """The test bank (05) and a chapter 03 bank that fails validation (unknown key)."""
    folder = tmp_path / "quiz"
    folder.mkdir()
    (folder / "05.yaml").write_bytes((BANKS / "05.yaml").read_bytes())
    (folder / "03.yaml").write_text('chapitre: "03"\ntitre: Image\nbonus: 1\n', encoding="utf-8")
    return folder


def test_an_invalid_bank_is_reported_and_the_others_counted(
    store: ProgressStore, banks_with_a_broken_one: Path, tmp_path: Path
) -> None:
    store.record_rating("03", "ancienne", 4)
    store.record_rating("05", "rythme-regulier", 5)
    with pytest.warns(ProgressWarning) as warned:
        result = progress(store, banks_with_a_broken_one)
    assert list(result.chapters) == ["05"] and result.chapters["05"].maturite == 100
    (message,) = [str(w.message) for w in warned]
    assert message.startswith("chapitre 03 laissé de côté")
    assert str(banks_with_a_broken_one / "03.yaml") in message and "bonus" in message
    assert "restent enregistrées" in message and store.ratings("03")["ancienne"].note == 4
    with pytest.warns(ProgressWarning, match="chapitre 03"):
        target = export_progress(tmp_path / "alice.json", None, store, banks_with_a_broken_one)
    assert list(load_export(target).chapters) == ["05"]

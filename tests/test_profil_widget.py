"""The profile widget (bilan.mon_profil) on the Python side: what it embeds for the front-end, started
from the trainee's store, and degraded, never broken, by a bad bank, catalogue or progress file."""

from __future__ import annotations

import shutil
from pathlib import Path

from transition_numerique import bilan
from transition_numerique.course.actions import load_catalogue
from transition_numerique.learner.progress import ProgressStore

ROOT = Path(__file__).resolve().parents[1]
QUIZ_DIR = ROOT / "notebooks" / "quiz"


def test_profile_embeds_the_course_the_catalogue_and_the_store(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    store.record_rating("05", "regularite", 4)
    store.record_answer("05", "taux-engagement", "4,5", True)
    widget = bilan.mon_profil(store=store, quiz_dir=QUIZ_DIR)
    assert [c["id"] for c in widget.cours] == [f"{n:02d}" for n in range(9)]
    chapter5 = widget.cours[5]
    assert chapter5["page"] == "05-medias-sociaux" and chapter5["probleme"] is True
    assert "taux-engagement" in chapter5["questions"] and "regularite" in chapter5["affirmations"]
    assert widget.cours[0]["probleme"] is False
    assert widget.progression["05"]["autoevaluation"]["regularite"]["note"] == 4
    assert widget.progression["05"]["quiz"]["taux-engagement"]["reponse"] == "4,5"
    assert sorted(widget.catalogue) == [f"{n:02d}" for n in range(1, 9)]
    assert widget.regles["quadrants"][0] == ["fort", "faible", "Gains rapides"]
    assert widget.avertissements == []
    assert "0x" not in repr(widget)


def test_a_bad_bank_is_reported_and_the_rest_shown(tmp_path: Path) -> None:
    banks = tmp_path / "quiz"
    shutil.copytree(QUIZ_DIR, banks)
    (banks / "03.yaml").write_text("chapitre: '03'\nquestions: [oups\n", encoding="utf-8")
    widget = bilan.mon_profil(store=ProgressStore(tmp_path / "p.json"), quiz_dir=banks)
    (note,) = widget.avertissements
    assert note.startswith("chapitre 03 non compté") and "03.yaml" in note
    assert widget.cours[3]["questions"] == [] and widget.cours[3]["affirmations"] == []
    assert widget.cours[5]["questions"]  # the others are still there


def test_a_bad_catalogue_leaves_the_profile_without_a_plan(tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "actions.yaml"
    bad.write_text("problemes: []\n", encoding="utf-8")
    monkeypatch.setattr(bilan, "default_catalogue", lambda: load_catalogue(bad))
    widget = bilan.mon_profil(store=ProgressStore(tmp_path / "p.json"), quiz_dir=QUIZ_DIR)
    assert widget.catalogue == {}
    (note,) = widget.avertissements
    assert note.startswith("catalogue d’actions invalide") and "actions.yaml" in note
    assert widget.cours[5]["libelle"] == widget.cours[5]["titre"]  # the chapter's title instead


def test_an_unreadable_progress_file_is_kept_aside_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_text("{pas du json", encoding="utf-8")
    widget = bilan.mon_profil(store=ProgressStore(path), quiz_dir=QUIZ_DIR)
    assert widget.progression == {}
    assert any("mis de côté" in note for note in widget.avertissements)
    assert list(tmp_path.glob("progress.json.corrupt-*"))

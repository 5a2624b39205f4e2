"""One set of profile rules: bilan.py (kernel) and widget.js (the profile drawn in the page, in node)
give the same results, ranking, action plan, results per objective, positioning and export for the
same progress."""

from __future__ import annotations

import random
import re
from pathlib import Path

from node_tests import run_node_test

from transition_numerique import bilan
from transition_numerique.course.bank import load_bank
from transition_numerique.learner.progress import ProgressStore, progress

ROOT = Path(__file__).resolve().parents[1]
QUIZ_DIR = ROOT / "notebooks" / "quiz"
NODE_TEST = ROOT / "tests" / "js" / "bilan.test.mjs"


def random_store(path: Path, seed: int) -> ProgressStore:
    """Some chapters rated, some answered, some untouched; ties in maturity on purpose."""
    rng = random.Random(seed)
    store = ProgressStore(path)
    for chapitre in [f"{n:02d}" for n in range(9)]:
        bank = load_bank(chapitre, QUIZ_DIR)
        if rng.random() < 0.7:
            for statement in bank.autoevaluation:
                if rng.random() < 0.8:
                    store.record_rating(chapitre, statement.id, rng.choice([2, 3, 3, 4]))
        for question in bank.questions:
            if rng.random() < 0.5:
                store.record_answer(chapitre, question.id, 0, rng.random() < 0.6)
    if rng.random() < 0.5:
        store.record_satisfaction(
            "fin-de-formation", {"objectifs-clairs": rng.choice([1, 4])}, "Très <b>bien</b>"
        )
    return store


def python_side(store: ProgressStore) -> dict:
    profile = bilan.charger(store=store, quiz_dir=QUIZ_DIR)
    results = progress(store, QUIZ_DIR).chapters
    chapters = {key: value.model_dump(mode="json") for key, value in results.items()}
    per = bilan.resultats_par_objectif(results, bilan.banques(QUIZ_DIR))
    positions = bilan.positionnements(results, store.load())
    return {
        "chapters": chapters,
        "objectifs": {c: {o: r.model_dump(mode="json") for o, r in v.items()} for c, v in per.items()},
        "positionnement": {c: p.model_dump(mode="json") for c, p in positions.items()},
        "satisfaction": store.load().model_dump(mode="json")["satisfaction"],
        "classement": [[p.chapitre.id, p.maturite] for p in profile.classement()],
        "plan": [[a.numero, a.action.id, a.probleme.chapitre.id, a.quadrant] for a in profile.plan()],
    }


def test_javascript_profile_matches_python(tmp_path: Path) -> None:
    cases = {}
    for seed in range(12):
        store = random_store(tmp_path / f"progress-{seed}.json", seed)
        widget = bilan.mon_profil(store=store, quiz_dir=QUIZ_DIR)
        traits = {
            name: getattr(widget, name)
            for name in ("cours", "catalogue", "regles", "progression", "satisfaction")
        }
        cases[f"aléatoire {seed}"] = {"widget": traits, "python": python_side(store)}
    empty = ProgressStore(tmp_path / "vide.json")
    widget = bilan.mon_profil(store=empty, quiz_dir=QUIZ_DIR)
    cases["vide"] = {
        "widget": {
            name: getattr(widget, name)
            for name in ("cours", "catalogue", "regles", "progression", "satisfaction")
        },
        "python": python_side(empty),
    }
    assert any(case["python"]["plan"] for case in cases.values())
    statuses = {
        r["statut"]
        for case in cases.values()
        for per in case["python"]["objectifs"].values()
        for r in per.values()
    }
    assert statuses == set(bilan.STATUTS)  # every status is compared at least once
    result = run_node_test(NODE_TEST, "TNQ_BILAN_CASES", cases, tmp_path)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert re.search(rf"^# pass {len(cases)}$", result.stdout, re.MULTILINE), result.stdout[-2000:]

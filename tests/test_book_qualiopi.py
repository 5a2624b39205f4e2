"""The Qualiopi evidence in the static book: the profile's table per objective, the end-of-course
questionnaire kept by this browser (and back after a reload, the comment shown as text), and the
export carrying objectives, positioning and satisfaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_book_home import chapter_page, work_through

from transition_numerique import bilan
from transition_numerique.learner.progress import load_export

pytestmark = [pytest.mark.browser, pytest.mark.build]

ROOT = Path(__file__).resolve().parents[1]
COMMENT = "Très utile <img src=x onerror=alert(1)> & concret"


def test_objectives_satisfaction_and_export_in_the_book(
    offline_page, book_html: Path, tmp_path: Path
) -> None:
    page = offline_page.page
    work_through(page, book_html, "02", "02-portee-evenements")
    page.goto(chapter_page(book_html, "09-bilan"))
    profile = page.locator("section.tnq").filter(has_text="Votre profil de maturité numérique")
    rows = profile.locator("table.tnq-objectifs tbody tr")
    rows.first.wait_for()
    statuses = {
        (r.get_attribute("data-chapitre"), r.get_attribute("data-objectif")): r.get_attribute("data-statut")
        for r in rows.all()
    }
    assert any(status != bilan.NON_EVALUE for (c, _), status in statuses.items() if c == "02")
    assert all(status == bilan.NON_EVALUE for (c, _), status in statuses.items() if c == "05")
    positioned = profile.locator(".tnq-positionnement").inner_text()
    assert positioned.startswith("Positionnement à l’entrée (diagnostic d’entrée)\u00a0: 2. ")
    assert "50/100 (" in positioned

    form = page.locator("section.tnq").filter(has_text="Votre avis sur la formation")
    form.locator("fieldset.tnq-q").nth(0).get_by_label("4 — Tout à fait d’accord").check()
    form.locator("fieldset.tnq-q").nth(1).get_by_label("2 — Plutôt pas d’accord").check()
    form.locator("textarea").fill(COMMENT)
    form.locator("textarea").blur()
    page.reload()
    form = page.locator("section.tnq").filter(has_text="Votre avis sur la formation")
    form.locator("textarea").wait_for()
    assert form.locator("textarea").input_value() == COMMENT
    assert form.locator("input:checked").count() == 2
    assert page.locator("img[src=x]").count() == 0

    profile = page.locator("section.tnq").filter(has_text="Votre profil de maturité numérique")
    with page.expect_download() as download:
        profile.get_by_role("button", name="Exporter mes résultats").click()
    exported = tmp_path / "export.json"
    download.value.save_as(exported)
    export = load_export(exported)
    answer = export.satisfaction["fin-de-formation"]
    assert answer.notes == {"objectifs-clairs": 4, "contenus-utiles": 2} and answer.commentaire == COMMENT
    assert export.objectifs == bilan.resultats_par_objectif(
        export.chapters, bilan.banques(ROOT / "notebooks" / "quiz")
    )
    assert export.positionnement["02"].maturite == 50.0 and export.positionnement["02"].date is not None
    assert offline_page.blocked == [] and offline_page.failed == [] and offline_page.console_errors == []

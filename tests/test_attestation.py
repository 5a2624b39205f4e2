"""The per-trainee attestation: HTML from an export (escaped, dated, per-objective table) and its PDF,
printed by Debian's chromium (pypdf reads the text back)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from transition_numerique import bilan
from transition_numerique.course.chapters import chapter
from transition_numerique.learner.progress import load_export
from transition_numerique.trainer import attestation

ROOT = Path(__file__).resolve().parents[1]
BANKS = ROOT / "notebooks" / "quiz"
EXPORTS = ROOT / "tests" / "fixtures" / "exports"
CAMILLE = EXPORTS / "camille-durand.json"


def test_page_shows_name_escaped_date_positioning_objectives_and_satisfaction() -> None:
    export = load_export(CAMILLE)
    html = attestation.page_html(export, le=date(2027, 1, 15), quiz_dir=BANKS)
    assert "Camille <b>" not in html and "Camille &lt;b&gt;Durand&lt;/b&gt; &amp; fils" in html
    assert "attestation établie le 15 janvier 2027" in html
    assert "<script>" not in html  # the satisfaction comment is not copied onto the certificate
    first = next(iter(export.objectifs["02"]))
    result = export.objectifs["02"][first]
    text = chapter("02").objectives_by_id[first]
    row = f"<td>{chapter('02').heading}</td><td>{text}</td><td>{result.statut}</td>"
    assert row in html
    assert html.count("<tr>") > sum(len(v) for v in export.objectifs.values())
    assert "Positionnement à l’entrée" in html and "41,7/100" in html
    assert "<td>Votre avis sur la formation</td><td>répondu le " in html
    assert "<td>Votre avis quelques semaines après la formation</td><td>non répondu</td>" in html
    assert "6. Développer" not in html.split("Positionnement à l’entrée")[0]  # not started: not listed


def test_an_older_export_is_graded_from_its_answers() -> None:
    old = load_export(EXPORTS / "ancien-sophie-martin.json")
    html = attestation.page_html(old, quiz_dir=BANKS)
    expected = bilan.resultats_par_objectif(old.chapters, bilan.banques(BANKS))
    statuses = [r.statut for per in expected.values() for r in per.values()]
    assert html.count("</td><td>acquis</td>") == statuses.count(bilan.ACQUIS)
    assert "Sophie Martin" in html and "date non connue" in html


@pytest.mark.browser
def test_the_pdf_has_the_name_and_the_objectives(tmp_path: Path, browser) -> None:
    export = load_export(CAMILLE)
    pdf = attestation.imprimer(attestation.page_html(export, quiz_dir=BANKS), tmp_path / "a.pdf", browser)
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    flat = " ".join(text.replace("ﬁ", "fi").split())
    assert "Attestation de suivi de formation" in flat
    assert "Stagiaire : Camille <b>Durand</b> & fils" in flat.replace("\u00a0", " ")
    assert "Résultats par objectif" in flat and "Chapitre Objectif Résultat Réponses justes" in flat
    for per in export.objectifs.values():
        for result in per.values():
            assert result.statut in flat


@pytest.mark.browser
def test_command_line(tmp_path: Path) -> None:
    """In a process of its own: the session's browser fixture already runs a Playwright loop here."""
    out = tmp_path / "sortie" / "attestation.pdf"
    env = os.environ | {"PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "transition_numerique", "attestation"]
    done = subprocess.run(
        [*command, str(CAMILLE), "--sortie", str(out)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF") and "Attestation écrite" in done.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    done = subprocess.run([*command, str(bad), "--sortie", str(out)], capture_output=True, text=True, env=env)
    assert done.returncode == 1 and "Export invalide" in done.stderr

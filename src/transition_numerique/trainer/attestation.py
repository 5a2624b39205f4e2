"""A trainee's attestation, dated and printable: HTML built from one export, printed to PDF by chromium.

    python -m transition_numerique attestation mes-resultats.json --sortie attestation.pdf

The page states what the export proves, for a Qualiopi audit: the trainee's name as they entered it,
the chapters done (quiz answered, positioning given; the time spent is not measured by the course, so
the registry's planned duration is shown and said to be planned), the positioning at entry (indicator
8), the results per objective (indicator 11) and whether the satisfaction questionnaires were answered
(indicator 30, without their content: the comments are the trainer's to read, not the certificate's).
Everything that comes from the export is escaped. The PDF is printed as the course prints its handout:
Debian's chromium through Playwright, every request to another host refused.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from datetime import date as Date
from html import escape
from pathlib import Path
from typing import Any

from babel.dates import format_date

from ..course.chapters import CHAPTERS, chapter, duree
from ..course.satisfaction import SatisfactionError, load_questionnaires
from ..course.satisfaction import default_path as questionnaires_path
from ..learner.bilan import (
    NON_EVALUE,
    SEUIL_ACQUIS,
    SEUIL_EN_COURS,
    banques,
    positionnements,
    resultats_par_objectif,
)
from ..learner.progress import ProgressError, ProgressExport, load_export
from ..reporting import NBSP, plural

_LOCAL = ("file:", "data:", "about:", "blob:")

_STYLE = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; color: #1a1a1a; line-height: 1.35; }
h1 { font-size: 16pt; margin: 0 0 4pt; } h2 { font-size: 12pt; margin: 14pt 0 4pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; page-break-inside: auto; }
th, td { border: 0.6pt solid #8a8a8a; padding: 3pt 5pt; text-align: left; vertical-align: top; }
th { background: #eeeeee; } tr { page-break-inside: avoid; } .chapitres td:last-child { white-space: nowrap; }
.meta { color: #4a4a4a; } .signature { margin-top: 24pt; display: flex; gap: 40pt; }
.signature div { flex: 1; border-top: 0.6pt solid #8a8a8a; padding-top: 4pt; min-height: 40pt; }
"""


def _long_date(value: Date) -> str:
    """« 2 décembre 2026 » (Babel's French long date)."""
    return format_date(value, format="long", locale="fr_FR")


def _table(head: list[str], rows: list[list[str]], css: str) -> str:
    """An HTML table; every cell is escaped here."""
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>'


def page_html(export: ProgressExport, *, le: Date | None = None, quiz_dir: Path | None = None) -> str:
    """The attestation of one export as a complete HTML page, dated ``le`` (today by default)."""
    day = le or Date.today()
    name = export.participant.strip() if export.participant and export.participant.strip() else None
    per = export.objectifs or resultats_par_objectif(export.chapters, banques(quiz_dir))
    positions = export.positionnement or positionnements(export.chapters)
    exported = _long_date(export.exported_at.date())
    parts = [
        "<h1>Attestation de suivi de formation</h1>",
        f'<p class="meta">Formation «{NBSP}Les défis de la transition numérique{NBSP}» — attestation établie '
        f"le {escape(_long_date(day))}, d’après l’export des résultats du {escape(exported)}.</p>",
        f'<p>Stagiaire{NBSP}: <strong class="participant">'
        + (escape(name) if name else "nom non renseigné dans l’export")
        + "</strong></p>",
    ]
    rows = []
    for item in CHAPTERS:
        result = export.chapters.get(item.id)
        if result is None or not (result.quiz.answered or result.maturite is not None):
            continue  # not started
        quiz = result.quiz
        done = "terminé" if quiz.total and quiz.answered == quiz.total else "commencé"
        rows.append(
            [
                item.heading,
                done,
                f"{quiz.answered} sur {quiz.total}",
                "oui" if result.maturite is not None else "non",
                f"prévu{NBSP}: {duree(item.minutes.autonomie)}",
            ]
        )
    head = ["Chapitre", "État", "Questions répondues", "Positionnement", "Durée"]
    parts += [
        "<h2>Chapitres suivis</h2>",
        _table(head, rows, "chapitres") if rows else "<p>Aucun chapitre commencé.</p>",
        '<p class="meta">Temps passé non mesuré par la formation{NBSP}: la durée indiquée est la durée '
        "prévue en autonomie par le programme.</p>".replace("{NBSP}", NBSP),
    ]
    rows = []
    for chapitre, position in positions.items():
        shown = "non évalué" if position.maturite is None else f"{position.maturite:g}/100".replace(".", ",")
        when = f"{position.date:%d/%m/%Y}" if position.date else "date non connue"
        rows.append([chapter(chapitre).heading, shown, when])
    parts += [
        "<h2>Positionnement à l’entrée</h2>",
        "<p>Autoévaluation du diagnostic d’entrée de chaque chapitre, ramenée sur 100.</p>",
        _table(["Chapitre", "Maturité à l’entrée", "Date"], rows, "positionnement")
        if rows
        else "<p>Aucun diagnostic d’entrée dans l’export.</p>",
    ]
    rows = []
    for chapitre, results in per.items():
        item = chapter(chapitre)
        for objective, result in results.items():
            score = f"{result.justes}/{result.questions}" if result.repondues else "—"
            rows.append([item.heading, item.objectives_by_id.get(objective, objective), result.statut, score])
    rule = (
        f"Un objectif est acquis à partir de {round(100 * SEUIL_ACQUIS)}{NBSP}% de réponses justes à ses "
        f"questions, en cours d’acquisition à partir de {round(100 * SEUIL_EN_COURS)}{NBSP}%, "
        f"«{NBSP}{NON_EVALUE}{NBSP}» sans réponse."
    )
    parts += [
        "<h2>Résultats par objectif</h2>",
        f"<p>{escape(rule)}</p>",
        _table(["Chapitre", "Objectif", "Résultat", "Réponses justes"], rows, "objectifs")
        if rows
        else "<p>Aucun résultat de quiz dans l’export.</p>",
    ]
    try:
        forms = [(q.id, q.titre) for q in load_questionnaires(questionnaires_path(quiz_dir)).questionnaires]
    except SatisfactionError:
        forms = []
    forms += [(key, key) for key in export.satisfaction if key not in dict(forms)]
    rows = []
    for key, title in forms:
        answer = export.satisfaction.get(key)
        given = f"répondu le {answer.date:%d/%m/%Y}" if answer else "non répondu"
        rows.append([title, given])
    parts += [
        "<h2>Appréciation de la formation</h2>",
        _table(["Questionnaire", "Réponse"], rows, "satisfaction"),
        '<div class="signature"><div>Le formateur (nom, date, signature)</div>'
        "<div>Le stagiaire (date, signature)</div></div>",
    ]
    title = f"Attestation — {name}" if name else "Attestation de suivi"
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        + "\n".join(parts)
        + "</body></html>\n"
    )


def imprimer(html: str, sortie: Path, browser: Any = None) -> Path:
    """Print ``html`` to the A4 PDF ``sortie`` with Debian's chromium (``browser``: one to reuse)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        chromium = shutil.which("chromium")
        if chromium is None:
            raise SystemExit("chromium est introuvable : lancez 'make setup'.")
        with sync_playwright() as playwright:
            started = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            try:
                return imprimer(html, sortie, started)
            finally:
                started.close()
    page = browser.new_page()
    try:
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(_LOCAL) else r.abort())
        page.set_content(html, wait_until="load")
        sortie.parent.mkdir(parents=True, exist_ok=True)
        sortie.write_bytes(page.pdf(format="A4", print_background=True, prefer_css_page_size=True))
    finally:
        page.close()
    return sortie


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m transition_numerique attestation",
        description="Imprime l’attestation de suivi d’un stagiaire (PDF) depuis son export de résultats.",
    )
    parser.add_argument("export", type=Path, help="l’export du stagiaire (fichier .json)")
    parser.add_argument("--sortie", type=Path, required=True, help="le PDF à écrire")
    parser.add_argument("--html", type=Path, help="écrire aussi la page HTML à ce chemin")
    args = parser.parse_args(argv)
    try:
        export = load_export(args.export)
    except ProgressError as error:
        print(f"Export invalide{NBSP}:", file=sys.stderr)
        for issue in error.issues:
            print(f"- {issue}", file=sys.stderr)
        return 1
    html = page_html(export)
    if args.html:
        args.html.parent.mkdir(parents=True, exist_ok=True)
        args.html.write_text(html, encoding="utf-8")
    imprimer(html, args.sortie)
    objectives = sum(len(v) for v in (export.objectifs or {}).values())
    shown = f", {plural(objectives, 'objectif')}" if objectives else ""
    print(f"Attestation écrite dans {args.sortie}{shown}.")
    return 0

"""The trainer's team picture, built from the trainees' exports gathered in one folder.

>>> from transition_numerique import equipe
>>> groupe = equipe.charger("exemples/equipe")   # every *.json validated; a bad file is named, skipped
>>> groupe.repartition()                          # maturity per problem: each trainee a point, the median
>>> groupe.tableau()                              # trainees, median, minimum, maximum per problem
>>> groupe.questions_manquees()                   # the questions the team missed most, with their text
>>> groupe.synthese()                             # « 6 stagiaires ; point fort… ; chantier prioritaire… »
>>> groupe.positionnement()                       # the diagnostic d'entrée: who positioned, median, dates
>>> groupe.objectifs()                            # per objective: how many acquis, en cours, non acquis
>>> groupe.satisfaction()                         # per questionnaire: answers, mean per statement, comments
>>> groupe.reponses("04", "persona")              # the answers to one exercise step, side by side

Participants' names are never shown in the figures: the picture is about the team. The answers to an
exercise show the name a trainee put in the export, « Stagiaire 1 », « Stagiaire 2 »… otherwise; every
answer is escaped. Question texts come from the banks
and are rendered as the quiz renders them (:mod:`transition_numerique.widgets.markup`: raw HTML
escaped); file names and error messages are escaped too. Tables display as HTML with a plain-text twin.
"""

from __future__ import annotations

import math
import os
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from pathlib import Path

from ..course.actions import Catalogue, default_catalogue
from ..course.bank import Bank, QuizBankError, load_bank
from ..course.chapters import CHAPTERS, PROBLEMS, Chapter, chapter
from ..course.exercises import FORMULAS, Calcul, Champs, Liste, Step, Tableau, load_exercises
from ..course.satisfaction import FIN_DE_FORMATION, SatisfactionError, load_questionnaires
from ..course.satisfaction import default_path as questionnaires_path
from ..figures.chart import Chart
from ..figures.formatting import NBSP, number, percent
from ..figures.style import DATA_GID, LOOKS, OKABE_ITO, TEXT_PT, finish, legend, new_figure
from ..learner.bilan import STATUTS, Affichage, banques, positionnements, resultats_par_objectif
from ..learner.progress import ObjectiveResult, Positioning, ProgressError, ProgressExport, load_export
from ..reporting import plural, plural_s
from ..widgets.markup import inline_html

MEDIANE_GID = "mediane"
#: how far apart trainees with the same maturity are drawn on the strip plot (in rows)
_STACK = 0.16


@dataclass(frozen=True)
class Rejet:
    """A file of the folder that does not count, and why."""

    fichier: str
    raison: str


@dataclass(frozen=True)
class QuestionManquee:
    """One quiz question: how many trainees answered it, and how many got it wrong."""

    chapitre: Chapter
    id: str
    #: the question as the bank writes it (Markdown), None if the bank no longer has it
    texte: str | None
    manquee: int
    repondue: int

    @property
    def part(self) -> float:
        return self.manquee / self.repondue

    @property
    def texte_brut(self) -> str:
        return self.texte or f"question «{NBSP}{self.id}{NBSP}» (retirée de la banque)"

    @property
    def bilan_texte(self) -> str:
        """« 4 stagiaires sur 5 (80 %) »."""
        return f"{plural(self.manquee, 'stagiaire')} sur {self.repondue} ({percent(100 * self.part)})"


def _reason(error: ProgressError) -> str:
    """The error's issues without the file's path, which the report already names."""
    return f"{NBSP}; ".join(issue.describe(file=False) for issue in error.issues)


@dataclass(frozen=True)
class Equipe:
    """The valid exports of a folder, the files set aside, and the team's figures."""

    dossier: str
    exports: tuple[ProgressExport, ...]
    rejets: tuple[Rejet, ...] = ()
    introuvable: bool = False
    catalogue: Catalogue = field(default_factory=default_catalogue)
    quiz_dir: Path | None = None

    @property
    def effectif(self) -> int:
        return len(self.exports)

    def libelle(self, item: Chapter) -> str:
        """« 4. Stratégie de contenus »."""
        return f"{int(item.id)}. {self.catalogue.of(item.id).libelle}"

    # --- figures --------------------------------------------------------------------------------

    def maturites(self) -> dict[str, list[float]]:
        """For each problem, the maturity of every trainee who rated it, in increasing order."""
        values: dict[str, list[float]] = {item.id: [] for item in PROBLEMS}
        for export in self.exports:
            for chapitre, result in export.chapters.items():
                if chapitre in values and result.maturite is not None:
                    values[chapitre].append(result.maturite)
        return {chapitre: sorted(found) for chapitre, found in values.items()}

    def medianes(self) -> dict[str, float | None]:
        return {c: statistics.median(v) if v else None for c, v in self.maturites().items()}

    @cached_property
    def _banks(self) -> dict[str, Bank | None]:
        banks: dict[str, Bank | None] = {}
        for item in PROBLEMS:
            try:
                banks[item.id] = load_bank(item.id, self.quiz_dir)
            except QuizBankError:
                banks[item.id] = None  # the questions are then named by their id
        return banks

    def manquees(self) -> list[QuestionManquee]:
        """Questions missed at least once, the most missed first: share of those who answered, then
        number of trainees, then the course's order."""
        counts: dict[tuple[str, str], list[int]] = {}
        for export in self.exports:
            for chapitre, result in export.chapters.items():
                for question_id, correct in result.reponses.items():
                    tally = counts.setdefault((chapitre, question_id), [0, 0])
                    tally[0] += not correct
                    tally[1] += 1
        found = []
        for item in PROBLEMS:
            bank = self._banks[item.id]
            order = [q.id for q in bank.questions] if bank else []
            keys = sorted((k for k in counts if k[0] == item.id), key=lambda k: _position(order, k[1]))
            for _, question_id in keys:
                missed, answered = counts[item.id, question_id]
                if missed:
                    text = bank.question(question_id).question if question_id in order else None
                    found.append(QuestionManquee(item, question_id, text, missed, answered))
        return sorted(found, key=lambda q: (-q.part, -q.manquee))

    def par_objectif(self) -> dict[tuple[str, str], dict[str, int]]:
        """(chapter, objective) → how many trainees have each status (:data:`~.bilan.STATUTS`), in the
        registry's order. An export's recorded results are used; an older export's are graded from its
        answers against the current banks. A trainee without the chapter counts as « non évalué »."""
        counts: dict[tuple[str, str], dict[str, int]] = {
            (item.id, objective): dict.fromkeys(STATUTS, 0)
            for item in CHAPTERS
            for objective in item.objectives_by_id
        }
        for per in self._resultats_objectifs:
            for key, tally in counts.items():
                result = per.get(key[0], {}).get(key[1])
                tally[result.statut if result and result.statut in tally else STATUTS[-1]] += 1
        return counts

    @cached_property
    def _resultats_objectifs(self) -> list[dict[str, dict[str, ObjectiveResult]]]:
        banks = banques(self.quiz_dir)
        return [e.objectifs or resultats_par_objectif(e.chapters, banks) for e in self.exports]

    def positions(self) -> dict[str, list[Positioning]]:
        """For each chapter, the positioning (diagnostic d'entrée) of every trainee who gave it."""
        found: dict[str, list[Positioning]] = {item.id: [] for item in CHAPTERS}
        for export in self.exports:
            for chapitre, position in (export.positionnement or positionnements(export.chapters)).items():
                if chapitre in found:
                    found[chapitre].append(position)
        return found

    # --- what the notebook shows ----------------------------------------------------------------

    def _rapport(self) -> tuple[list[str], list[str]]:
        if self.introuvable:
            message = f"Le dossier {self.dossier} n’existe pas{NBSP}: vérifiez le chemin indiqué plus haut."
            return [message], [f"<p>{escape(message)}</p>"]
        read = self.effectif + len(self.rejets)
        if read == 0:
            message = (
                f"Le dossier {self.dossier} ne contient aucun fichier{NBSP}: déposez-y les exports des "
                "stagiaires (fichiers .json créés à la fin du bilan)."
            )
            return [message], [f"<p>{escape(message)}</p>"]
        head = (
            f"Dossier {self.dossier}{NBSP}: {read} fichier{plural_s(read)} lu{plural_s(read)}, "
            f"{self.effectif} export{plural_s(self.effectif)} valide{plural_s(self.effectif)}."
        )
        plain, html = [head], [f"<p>{escape(head)}</p>"]
        if self.rejets:
            s = plural_s(len(self.rejets))
            title = f"Fichier{s} écarté{s}, les autres comptent{NBSP}:"
            plain.append(title)
            plain += [f"- {r.fichier}{NBSP}: {r.raison}" for r in self.rejets]
            items = "".join(
                f"<li><code>{escape(r.fichier)}</code>{NBSP}: {escape(r.raison)}</li>" for r in self.rejets
            )
            html.append(f"<p>{escape(title)}</p><ul>{items}</ul>")
        return plain, html

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        plain, html = self._rapport()
        return Affichage("\n".join(plain), html="".join(html))._repr_mimebundle_()

    def __repr__(self) -> str:
        return "\n".join(self._rapport()[0])

    def _personne(self) -> Affichage | None:
        if self.effectif:
            return None
        text = f"Aucun export valide{NBSP}: rien à montrer pour l’instant."
        return Affichage(text, html=f"<p>{escape(text)}</p>")

    def repartition(self) -> Chart | Affichage:
        """A strip plot: one row per problem, each trainee a point, the median a vertical mark."""
        return self._personne() or _strip_plot(self)

    def tableau(self) -> Affichage:
        """Per problem: trainees who rated it, median, minimum and maximum."""
        if empty := self._personne():
            return empty
        head = ["Problème", "Stagiaires évalués", "Médiane", "Minimum", "Maximum"]
        rows, plain = [], []
        for item in PROBLEMS:
            values = self.maturites()[item.id]
            cells = [self.libelle(item), f"{len(values)} sur {self.effectif}"]
            if values:
                cells += [_sur_100(statistics.median(values)), _sur_100(values[0]), _sur_100(values[-1])]
            else:
                cells += ["—", "—", "—"]
            rows.append(cells)
            plain.append(
                f"{cells[0]}{NBSP}: "
                + ", ".join(f"{h.lower()} {c}" for h, c in zip(head[1:], cells[1:], strict=True))
            )
        return Affichage("\n".join(plain), html=_table(head, [[escape(c) for c in row] for row in rows]))

    def positionnement(self) -> Affichage:
        """Positioning at entry (Qualiopi indicator 8): per chapter, trainees positioned, median maturity
        at entry, and the dates of the diagnostics when the exports give them."""
        if empty := self._personne():
            return empty
        head = ["Chapitre", "Stagiaires positionnés", "Médiane à l’entrée", "Dates"]
        rows, plain = [], []
        for item in CHAPTERS:
            found = self.positions()[item.id]
            values = [p.maturite for p in found if p.maturite is not None]
            dates = sorted(p.date for p in found if p.date)
            shown = (
                "inconnues"
                if not dates
                else f"{dates[0]:%d/%m/%Y}"
                if dates[0].date() == dates[-1].date()
                else f"du {dates[0]:%d/%m/%Y} au {dates[-1]:%d/%m/%Y}"
            )
            median = _sur_100(statistics.median(values)) if values else "—"
            cells = [item.heading, f"{len(found)} sur {self.effectif}", median, shown]
            rows.append(cells)
            plain.append(f"{cells[0]}{NBSP}: {cells[1]} positionnés, médiane {median}, dates {shown}")
        title = f"Positionnement à l’entrée (diagnostic d’entrée des chapitres){NBSP}:"
        html = f"<p>{escape(title)}</p>" + _table(head, [[escape(c) for c in row] for row in rows])
        return Affichage("\n".join([title, *plain]), html=html)

    def objectifs(self) -> Affichage:
        """Per chapter objective (Qualiopi indicator 11): how many trainees acquired it, are acquiring
        it, have not acquired it, or were not evaluated on it."""
        if empty := self._personne():
            return empty
        head = ["Chapitre", "Objectif", *STATUTS]
        rows, plain = [], []
        for (chapitre, objective), tally in self.par_objectif().items():
            item = chapter(chapitre)
            text = item.objectives_by_id[objective]
            rows.append([item.heading, text, *(str(tally[s]) for s in STATUTS)])
            plain.append(f"{chapitre} {text}{NBSP}: " + ", ".join(f"{s} {tally[s]}" for s in STATUTS))
        title = f"Résultats par objectif ({plural(self.effectif, 'stagiaire')}){NBSP}:"
        html = f"<p>{escape(title)}</p>" + _table(head, [[escape(c) for c in row] for row in rows])
        return Affichage("\n".join([title, *plain]), html=html)

    def satisfaction(self, questionnaire: str = FIN_DE_FORMATION) -> Affichage:
        """One questionnaire's answers (Qualiopi indicator 30): how many trainees answered, the mean and
        the spread of each statement's ratings, and the comments, anonymous and escaped."""
        if empty := self._personne():
            return empty
        try:
            found = load_questionnaires(questionnaires_path(self.quiz_dir))
            form = found.get(questionnaire)
        except (SatisfactionError, KeyError) as error:
            text = f"Questionnaire «{NBSP}{questionnaire}{NBSP}» indisponible{NBSP}: {error}"
            return Affichage(text, html=f"<p>{escape(text)}</p>")
        answers = [e.satisfaction[questionnaire] for e in self.exports if questionnaire in e.satisfaction]
        title = (
            f"{form.titre}{NBSP}: {plural(len(answers), 'réponse')} sur {plural(self.effectif, 'stagiaire')}."
        )
        if not answers:
            return Affichage(title, html=f"<p>{escape(title)}</p>")
        scale = found.echelle
        head = [
            "Affirmation",
            "Réponses",
            f"Moyenne (de {scale.min} à {scale.max})",
            *map(str, range(scale.min, scale.max + 1)),
        ]
        rows, plain = [], [title]
        for statement in form.affirmations:
            notes = [a.notes[statement.id] for a in answers if statement.id in a.notes]
            mean = number(round(statistics.mean(notes), 1)) if notes else "—"
            spread = [str(notes.count(v)) for v in range(scale.min, scale.max + 1)]
            rows.append([statement.enonce, str(len(notes)), mean, *spread])
            plain.append(
                f"{statement.enonce}{NBSP}: {len(notes)} réponse{plural_s(len(notes))}, moyenne {mean}"
            )
        comments = [a.commentaire.strip() for a in answers if a.commentaire.strip()]
        html = f"<p>{escape(title)}</p>" + _table(head, [[escape(c) for c in row] for row in rows])
        if comments:
            label = f"{form.texte_libre} ({len(comments)} commentaire{plural_s(len(comments))})"
            plain.append(label)
            plain += [f"- {c}" for c in comments]
            items = "".join(f"<li>{escape(c)}</li>" for c in comments)
            html += f'<p>{escape(label)}</p><ul class="tnq-commentaires">{items}</ul>'
        return Affichage("\n".join(plain), html=html)

    def questions_manquees(self, nombre: int = 5) -> Affichage:
        """The ``nombre`` questions the team missed most, with their text and the share who missed them."""
        if empty := self._personne():
            return empty
        missed = self.manquees()[:nombre]
        if not missed:
            text = "Aucune question manquée dans les exports (ou aucun quiz fait)."
            return Affichage(text, html=f"<p>{escape(text)}</p>")
        head = ["Rang", "Chapitre", "Question", "Manquée par"]
        rows, plain = [], []
        for rank, question in enumerate(missed, 1):
            shown = inline_html(question.texte) if question.texte else escape(question.texte_brut)
            label = self.libelle(question.chapitre)
            rows.append([str(rank), escape(label), shown, escape(question.bilan_texte)])
            plain.append(f"{rank}. [{label}] {question.texte_brut} — manquée par {question.bilan_texte}")
        return Affichage("\n".join(plain), html=_table(head, rows))

    def synthese(self) -> Affichage:
        """One anonymised sentence to discuss with the team."""
        if empty := self._personne():
            return empty
        values = self.maturites()
        quorum = max(1, math.ceil(self.effectif / 2))
        medians = {c: statistics.median(v) for c, v in values.items() if len(v) >= quorum}
        parts = [f"{self.effectif} stagiaire{plural_s(self.effectif)}"]
        best = max(medians, key=lambda c: medians[c], default=None)  # the course's order on ties
        worst = min(medians, key=lambda c: medians[c], default=None)
        if len(medians) >= 2 and medians[best] > medians[worst]:
            name = {item.id: self.libelle(item) for item in PROBLEMS}
            parts.append(f"point fort de l’équipe{NBSP}: {name[best]} (médiane {_sur_100(medians[best])})")
            parts.append(f"chantier prioritaire{NBSP}: {name[worst]} (médiane {_sur_100(medians[worst])})")
        elif len(medians) >= 2:
            parts.append(f"même médiane sur tous les problèmes comparés ({_sur_100(medians[best])})")
        else:
            parts.append("trop peu d’autoévaluations communes pour dégager un point fort et un chantier")
        text = f"{NBSP}; ".join(parts) + "."
        left_out = [self.libelle(item) for item in PROBLEMS if item.id not in medians]
        if left_out and len(medians) >= 2:
            text += (
                f" Non comparés, faute d’autoévaluation par au moins la moitié de l’équipe{NBSP}: "
                + ", ".join(left_out)
                + "."
            )
        return Affichage(text, html=f"<p>{escape(text)}</p>")

    def reponses(self, chapitre: str, etape: str, exercises_dir: Path | None = None) -> Affichage:
        """The answers of every trainee who filled the exercise step ``etape`` of ``chapitre``, side by
        side: one row per trainee, one column per field (or item, or input); a table step shows its rows
        one per line. Named as in the export, else « Stagiaire N » (the folder's order)."""
        if empty := self._personne():
            return empty
        step = load_exercises(chapitre, exercises_dir).etape(etape)
        head, cells = _answer_columns(step)
        rows, plain = [], []
        for rank, export in enumerate(self.exports, 1):
            result = export.chapters.get(chapitre)
            if result is None or etape not in result.exercices:
                continue
            name = (export.participant or "").strip() or f"Stagiaire {rank}"
            values = cells(result.exercices[etape])
            rows.append([escape(name), *(escape(v).replace("\n", "<br>") for v in values)])
            plain.append(f"{name}{NBSP}: " + " | ".join(v.replace("\n", " / ") for v in values))
        title = (
            f"Exercice {chapitre}, «{NBSP}{step.titre}{NBSP}»{NBSP}: {len(rows)} réponse{plural_s(len(rows))}"
        )
        title += f" sur {self.effectif} export{plural_s(self.effectif)}."
        if not rows:
            return Affichage(title, html=f"<p>{escape(title)}</p>")
        return Affichage(
            "\n".join([title, *plain]), html=f"<p>{escape(title)}</p>" + _table(["Stagiaire", *head], rows)
        )


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    return value if isinstance(value, str) else ""


def _answer_columns(step: Step) -> tuple[list[str], Callable[[object], list[str]]]:
    """The columns of a step's answers and how one answer fills them (texts, not yet escaped)."""
    if isinstance(step, Champs):
        return [c.libelle for c in step.champs], lambda r: [_text((r or {}).get(c.id)) for c in step.champs]
    if isinstance(step, Liste):
        return [e.texte for e in step.elements], lambda r: [
            "✓" if e.id in (r or []) else "—" for e in step.elements
        ]
    if isinstance(step, Calcul):
        keys = [("budget", "Budget annuel (€)")] + [(p.id, f"{p.libelle} (%)") for p in step.postes]
        if step.formule != "repartition":
            keys = [(k, step.libelles.get(k, label)) for k, label in FORMULAS[step.formule]["entrees"]]
        return [label for _, label in keys], lambda r: [_text((r or {}).get(key)) for key, _ in keys]
    if isinstance(step, Tableau):

        def lines(rows: object) -> list[str]:
            kept = [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []
            shown = (" · ".join(_text(row.get(c.id)) or "—" for c in step.colonnes) for row in kept)
            return [str(len(kept)), "\n".join(shown)]

        return ["Lignes", " · ".join(c.libelle for c in step.colonnes)], lines
    return ["Réponse"], lambda r: [_text(r)]


def _position(order: list[str], question_id: str) -> tuple[int, str]:
    return (order.index(question_id) if question_id in order else len(order), question_id)


def _sur_100(value: float) -> str:
    return f"{number(round(value, 1))}/100"


def _table(head: list[str], rows: list[list[str]]) -> str:
    """An HTML table; the cells must already be escaped."""
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def charger(
    dossier: str | os.PathLike[str],
    *,
    quiz_dir: Path | None = None,
    catalogue: Catalogue | None = None,
) -> Equipe:
    """Read every ``*.json`` of ``dossier`` with :func:`load_export`; a file that is not a valid export
    is listed with its reason and the others still count. Hidden files are not read."""
    folder = Path(dossier)
    shown = folder.as_posix()
    options = {"quiz_dir": quiz_dir, "catalogue": catalogue or default_catalogue()}
    if not folder.is_dir():
        return Equipe(shown, (), introuvable=True, **options)
    exports, rejets = [], []
    for path in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
        if path.is_dir():
            rejets.append(Rejet(path.name, "sous-dossier, non lu"))
        elif path.suffix.lower() != ".json":
            rejets.append(Rejet(path.name, "pas un fichier .json, non lu"))
        else:
            try:
                exports.append(load_export(path))
            except ProgressError as error:
                rejets.append(Rejet(path.name, _reason(error)))
    return Equipe(shown, tuple(exports), tuple(rejets), **options)


# --- chart ----------------------------------------------------------------------------------------


def _strip_plot(team: Equipe) -> Chart:
    figure, axes = new_figure()
    values, medians = team.maturites(), team.medianes()
    look = LOOKS[0]
    labels, described = [], []
    point_label, median_label = "un stagiaire", "médiane"
    rows = len(PROBLEMS)
    for index, item in enumerate(PROBLEMS):
        y = rows - index
        found = values[item.id]
        labels.append(f"{team.libelle(item)} (n{NBSP}={NBSP}{len(found)})")
        if not found:
            axes.text(50, y, "aucune autoévaluation", ha="center", va="center", color="#4a4a4a")
            described.append(f"{team.libelle(item)}{NBSP}: aucune autoévaluation")
            continue
        seen: dict[float, int] = {}
        heights = []
        for value in found:  # equal values side by side: 0, +1, -1, +2… steps around the row
            rank = seen[value] = seen.get(value, -1) + 1
            heights.append(y + _STACK * ((rank + 1) // 2) * (1 if rank % 2 else -1))
        axes.plot(
            found,
            heights,
            linestyle="none",
            marker=look.marker,
            markersize=7,
            color=look.color,
            gid=DATA_GID,
            label=point_label,
        )
        median = medians[item.id]
        axes.plot(
            [median],
            [y],
            linestyle="none",
            marker="|",
            markersize=22,
            markeredgewidth=3,
            color=OKABE_ITO["vermillon"],
            gid=MEDIANE_GID,
            label=median_label,
        )
        point_label = median_label = "_nolegend_"
        described.append(
            f"{team.libelle(item)}{NBSP}: {len(found)} stagiaire{plural_s(len(found))}, "
            f"médiane {_sur_100(median)}, de {_sur_100(found[0])} à {_sur_100(found[-1])}"
        )
    axes.set_yticks(range(rows, 0, -1), labels, fontsize=TEXT_PT)
    axes.set_ylim(0.4, rows + 0.6)
    axes.set_xlim(-3, 103)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_xlabel("Maturité (sur 100)", fontsize=TEXT_PT)
    axes.grid(axis="x", color="#d0d0d0", linewidth=0.8)
    axes.set_axisbelow(True)
    legend(axes, loc="upper left", bbox_to_anchor=(1.01, 1))
    title = "Maturité de l’équipe par problème"
    source = (
        f"Source{NBSP}: exports des stagiaires ({team.effectif} fichier{plural_s(team.effectif)} "
        f"valide{plural_s(team.effectif)}), autoévaluations des chapitres 1 à 8."
    )
    note = (
        f"Chaque point est un stagiaire, le trait vertical la médiane{NBSP}; n{NBSP}: nombre de stagiaires "
        "qui ont fait l’autoévaluation du chapitre."
    )
    finish(figure, axes, title, [note, source])
    alt = (
        f"{title}. Nuage de points par problème{NBSP}: " + f"{NBSP}; ".join(described) + f". {note} {source}"
    )
    return Chart(figure=figure, title=title, alt=alt, source_line=source, sources=())

"""The bilan: the trainee's maturity profile on the eight problems, the weakest first, an action plan.

>>> from transition_numerique import bilan
>>> mon_bilan = bilan.charger()      # the trainee's progress; or bilan.charger("exemples/….json")
>>> mon_bilan.radar()                # maturity per problem; a problem not rated is marked, never 0
>>> mon_bilan.points_faibles()       # table, weakest first
>>> mon_bilan.plan_action()          # actions for the weakest problems, quick wins first
>>> mon_bilan.matrice()              # the same actions on an impact / effort matrix
>>> mon_bilan.objectifs()            # per chapter objective: acquis, en cours, non acquis, non évalué
>>> mon_bilan.positionnement()       # the diagnostic d’entrée as positioning at entry
>>> bilan.satisfaction()             # the end-of-course questionnaire (bilan.satisfaction("a-froid"))
>>> bilan.exporter("mon-profil")     # mes-exports/mon-profil.json (for the trainer) and .png

Maturity is the progress store's: the mean self-assessment rating rescaled to 0–100. Chapter 00 does
not count. Charts reuse the figures' look (:mod:`.figures.style`) and display object
(:class:`.figures.Chart`: PNG with alt text, deterministic text/plain). Tables and messages display as
Markdown, so that the links to the chapters work in JupyterLab and in the book.
"""

from __future__ import annotations

import math
import os
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from matplotlib.figure import Figure

from ..course.actions import Action, ActionsError, Catalogue, ProblemActions, default_catalogue
from ..course.bank import Bank, QuizBankError, find_quiz_dir, load_bank
from ..course.chapters import CHAPTERS, PROBLEMS, Chapter, chapter
from ..course.satisfaction import FIN_DE_FORMATION, load_questionnaires
from ..course.satisfaction import default_path as questionnaires_path
from ..figures.chart import Chart
from ..figures.formatting import NBSP, number, percent
from ..figures.style import (
    DATA_GID,
    DPI,
    FOOTER_PT,
    HEIGHT,
    LEGEND_PT,
    LOOKS,
    OKABE_ITO,
    TEXT_PT,
    TITLE_PT,
    TITLE_WIDTH,
    WIDTH,
    finish,
    legend,
    new_figure,
)
from ..reporting import join
from ..widgets.widget import Profil, Satisfaction
from .progress import (
    ChapterResult,
    ObjectiveResult,
    Positioning,
    ProgressFile,
    ProgressStore,
    ProgressWarning,
    QuizScore,
    load_export,
    progress,
    write_export,
)

#: how many of the weakest problems the action plan covers, and how many actions for each
PRIORITES, ACTIONS_PAR_PROBLEME = 3, 3
#: gid of the hatched wedges marking a problem not yet rated on the radar
NON_EVALUE_GID = "non-evalue"
NON_EVALUE = "non évalué"
EXPORT_FOLDER = "mes-exports"

#: the four cells of the impact / effort matrix, in the order the plan proposes them
QUADRANTS: dict[tuple[str, str], str] = {
    ("fort", "faible"): "Gains rapides",
    ("fort", "important"): "Projets de fond",
    ("moyen", "faible"): "Améliorations simples",
    ("moyen", "important"): "À programmer plus tard",
}
_QUADRANT_ORDER = list(QUADRANTS)

#: the statuses of an objective (Qualiopi indicator 11: évaluation des acquis), best first
ACQUIS, EN_COURS, NON_ACQUIS = "acquis", "en cours d’acquisition", "non acquis"
STATUTS = (ACQUIS, EN_COURS, NON_ACQUIS, NON_EVALUE)
#: share of an objective's questions answered right from which it is « acquis », « en cours »
SEUIL_ACQUIS, SEUIL_EN_COURS = 0.75, 0.5


def statut_objectif(justes: int, repondues: int, questions: int) -> str:
    """An objective's status from its quiz questions: « non évalué » while none is answered; else the
    share answered right out of all its questions (an unanswered one is not yet shown): at least
    ``SEUIL_ACQUIS`` « acquis », at least ``SEUIL_EN_COURS`` « en cours d’acquisition », else « non
    acquis ». With 2 questions: 2 right acquis, 1 en cours, 0 non acquis; with 3: 3, then 2, then 0 or 1."""
    if repondues == 0 or questions == 0:
        return NON_EVALUE
    share = justes / questions
    return ACQUIS if share >= SEUIL_ACQUIS else EN_COURS if share >= SEUIL_EN_COURS else NON_ACQUIS


def resultats_par_objectif(
    chapters: dict[str, ChapterResult], banks: dict[str, Bank | None]
) -> dict[str, dict[str, ObjectiveResult]]:
    """Each chapter's objectives (the registry's, in its order) graded from the answers (``reponses``)
    against the questions that name them in the bank; a chapter without a bank is left out."""
    found: dict[str, dict[str, ObjectiveResult]] = {}
    for chapitre, result in chapters.items():
        bank = banks.get(chapitre)
        if bank is None:
            continue
        per: dict[str, ObjectiveResult] = {}
        for objective in chapter(chapitre).objectives_by_id:
            ids = [q.id for q in bank.questions if q.objectif == objective]
            answered = [result.reponses[i] for i in ids if i in result.reponses]
            right, count = sum(answered), len(answered)
            status = statut_objectif(right, count, len(ids))
            per[objective] = ObjectiveResult(questions=len(ids), repondues=count, justes=right, statut=status)
        found[chapitre] = per
    return found


def positionnements(
    chapters: dict[str, ChapterResult], stored: ProgressFile | None = None
) -> dict[str, Positioning]:
    """The diagnostic d'entrée of each chapter rated, as positioning: its maturity and, from the store,
    the date of its first rating (unknown for an export)."""
    found = {}
    for chapitre, result in chapters.items():
        if result.maturite is None:
            continue
        record = stored.chapters.get(chapitre) if stored else None
        dates = [record.autoevaluation[k].date for k in result.autoevaluation] if record else []
        found[chapitre] = Positioning(maturite=result.maturite, date=min(dates) if dates else None)
    return found


def banques(quiz_dir: Path | None = None) -> dict[str, Bank | None]:
    """Every chapter's bank, None for a chapter whose bank is missing or invalid."""
    folder = quiz_dir or find_quiz_dir()
    found: dict[str, Bank | None] = {}
    for item in CHAPTERS:
        try:
            found[item.id] = load_bank(item.id, folder)
        except (QuizBankError, OSError):
            found[item.id] = None
    return found


@dataclass(frozen=True)
class Affichage:
    """A message or a table: Markdown or HTML in Jupyter and in the book, the same content as plain
    text (what nbval compares, with the rich form)."""

    texte: str
    markdown: str | None = None
    html: str | None = None

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        rich = {"text/markdown": self.markdown, "text/html": self.html}
        return {"text/plain": self.texte} | {mime: data for mime, data in rich.items() if data is not None}

    def __repr__(self) -> str:
        return self.texte


@dataclass(frozen=True)
class Probleme:
    """One of the eight problems in a profile: maturity (None if not rated) and quiz score."""

    chapitre: Chapter
    libelle: str
    maturite: float | None
    quiz: QuizScore | None

    @property
    def etiquette(self) -> str:
        """« 4. Stratégie de contenus »."""
        return f"{int(self.chapitre.id)}. {self.libelle}"

    @property
    def lien(self) -> str:
        """A Markdown link to the chapter's notebook (the bilan sits next to the chapters)."""
        return f"[{int(self.chapitre.id)}. {self.chapitre.title}]({Path(self.chapitre.notebook).name})"

    @property
    def evalue(self) -> bool:
        return self.maturite is not None

    @property
    def commence(self) -> bool:
        """Rated, or at least one quiz answer."""
        return self.evalue or bool(self.quiz and self.quiz.answered)

    @property
    def maturite_texte(self) -> str:
        return NON_EVALUE if self.maturite is None else f"{number(self.maturite)}/100"

    @property
    def quiz_texte(self) -> str:
        """« 7/9 », « 4/9 (5 réponses) », or « pas encore fait »."""
        if self.quiz is None or self.quiz.answered == 0:
            return "pas encore fait"
        score = f"{self.quiz.correct}/{self.quiz.total}"
        if self.quiz.answered < self.quiz.total:
            score += f" ({self.quiz.answered} réponse{'s' if self.quiz.answered > 1 else ''})"
        return score

    def _faiblesse(self) -> tuple[float, float, str]:
        """Sort key, weakest first: maturity, then share of right quiz answers (unknown last)."""
        quiz = self.quiz
        share = quiz.correct / quiz.total if quiz and quiz.answered and quiz.total else math.inf
        return (self.maturite if self.maturite is not None else math.inf, share, self.chapitre.id)


@dataclass(frozen=True)
class ActionChoisie:
    """One action of the plan: its number, the action and the problem it serves."""

    numero: int
    action: Action
    probleme: Probleme

    @property
    def quadrant(self) -> str:
        return QUADRANTS[self.action.impact, self.action.effort]


@dataclass(frozen=True)
class Bilan:
    """A maturity profile on the eight problems, from the trainee's progress or from an export."""

    problemes: tuple[Probleme, ...]
    avertissements: tuple[str, ...] = ()
    #: for an example profile: the fictitious company, named in titles (« une entreprise fictive »)
    exemple: str | None = None
    catalogue: Catalogue = field(default_factory=default_catalogue)
    #: chapter → objective id → result (:func:`resultats_par_objectif`)
    par_objectif: dict[str, dict[str, ObjectiveResult]] = field(default_factory=dict)
    #: chapter → diagnostic d'entrée as positioning (:func:`positionnements`)
    positions: dict[str, Positioning] = field(default_factory=dict)

    # --- data -----------------------------------------------------------------------------------

    @property
    def evalues(self) -> tuple[Probleme, ...]:
        return tuple(p for p in self.problemes if p.evalue)

    @property
    def manquants(self) -> tuple[Probleme, ...]:
        return tuple(p for p in self.problemes if not p.evalue)

    @property
    def commence(self) -> bool:
        """At least one rating or one quiz answer in chapters 01 to 08."""
        return any(p.commence for p in self.problemes)

    def classement(self) -> tuple[Probleme, ...]:
        """Every problem, weakest first; the problems not rated come last, in the course's order."""
        return tuple(sorted(self.problemes, key=Probleme._faiblesse))

    def plan(self) -> tuple[ActionChoisie, ...]:
        """Up to ``ACTIONS_PAR_PROBLEME`` actions for each of the ``PRIORITES`` weakest rated problems,
        quick wins first (then by quadrant), the weakest problem first within a quadrant."""
        weakest = [p for p in self.classement() if p.evalue][:PRIORITES]
        picked: list[tuple[int, int, Action, Probleme]] = []
        for rank, problem in enumerate(weakest):
            actions = self.catalogue.of(problem.chapitre.id).actions
            ranked = sorted(actions, key=lambda a: _QUADRANT_ORDER.index((a.impact, a.effort)))
            for action in ranked[:ACTIONS_PAR_PROBLEME]:
                picked.append((_QUADRANT_ORDER.index((action.impact, action.effort)), rank, action, problem))
        picked.sort(key=lambda item: item[:2])
        return tuple(ActionChoisie(n, action, problem) for n, (_, _, action, problem) in enumerate(picked, 1))

    # --- what the notebook shows ----------------------------------------------------------------

    @property
    def _titre(self) -> str:
        if self.exemple:
            return f"Exemple{NBSP}: profil de maturité numérique d'{self.exemple}"
        return "Votre profil de maturité numérique"

    def _resume(self) -> tuple[list[str], list[str]]:
        """The summary as (plain lines, Markdown lines)."""
        plain: list[str] = [f"Attention{NBSP}: {message}" for message in self.avertissements]
        markdown: list[str] = [f"**Attention{NBSP}:** {message}\n" for message in self.avertissements]
        if not self.commence:
            intro = (
                "Aucun résultat enregistré pour l’instant\u00a0: votre profil se construit à partir du "
                "diagnostic d’entrée de chaque chapitre. Ouvrez un chapitre, notez les affirmations de "
                "l’autoévaluation, répondez au quiz, puis revenez ici et exécutez de nouveau ce notebook "
                "(menu {menu}). Les huit chapitres\u00a0:"
            )
            plain.append(intro.format(menu="Exécution › Exécuter toutes les cellules"))
            markdown.append(intro.format(menu="**Exécution › Exécuter toutes les cellules**") + "\n")
        else:
            done = len(self.evalues)
            head = f"Problèmes évalués{NBSP}: {done} sur {len(self.problemes)}."
            answered = sum(p.quiz.answered for p in self.problemes if p.quiz)
            right = sum(p.quiz.correct for p in self.problemes if p.quiz)
            total = sum(p.quiz.total for p in self.problemes if p.quiz)
            head += f" Quiz{NBSP}: {right} bonnes réponses sur {total} questions ({answered} répondues)."
            plain.append(head)
            markdown.append(head + "\n")
            if self.manquants:
                rest = (
                    f"Pour compléter le profil, faites le diagnostic d’entrée de ces chapitres{NBSP}; "
                    f"ils apparaissent «{NBSP}{NON_EVALUE}{NBSP}» sur le radar, "
                    f"sans être comptés comme 0{NBSP}:"
                )
                plain.append(rest)
                markdown.append(rest + "\n")
        for problem in self.manquants:
            plain.append(
                f"- {problem.chapitre.id} {problem.chapitre.title} ({Path(problem.chapitre.notebook).name})"
            )
            markdown.append(f"- {problem.lien}")
        return plain, markdown

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        plain, markdown = self._resume()
        return Affichage("\n".join(plain), "\n".join(markdown))._repr_mimebundle_()

    def __repr__(self) -> str:
        return "\n".join(self._resume()[0])

    def radar(self) -> Chart | Affichage:
        """Maturity per problem on a radar; a message instead of an empty chart when nothing is rated."""
        if not self.evalues:
            return _rien_a_montrer("le radar")
        return _radar(self.problemes, self._titre)

    def points_faibles(self) -> Affichage:
        """The problems, weakest first: maturity and quiz score, with a link to each chapter."""
        if not self.commence:
            return _rien_a_montrer("le classement")
        rows = ["| Rang | Problème | Maturité | Quiz |", "|---:|---|---|---|"]
        plain = []
        rank = 0
        for problem in self.classement():
            rank += problem.evalue
            shown = str(rank) if problem.evalue else "—"
            rows.append(f"| {shown} | {problem.lien} | {problem.maturite_texte} | {problem.quiz_texte} |")
            maturity = f"maturité {problem.maturite_texte}" if problem.evalue else NON_EVALUE
            scores = f"{maturity}, quiz {problem.quiz_texte}"
            plain.append(f"{shown} {problem.etiquette}{NBSP}: {scores}")
        return Affichage("\n".join(plain), "\n".join(rows))

    def objectifs(self) -> Affichage:
        """Each chapter objective: « acquis », « en cours d’acquisition », « non acquis » or « non évalué »,
        with the right answers out of its questions (Qualiopi indicator 11)."""
        if not self.par_objectif:
            return _rien_a_montrer("les résultats par objectif")
        rows = ["| Chapitre | Objectif | Résultat | Réponses justes |", "|---|---|---|---|"]
        plain = [f"Résultats par objectif (seuils{NBSP}: {_seuils()})"]
        for chapitre, per in self.par_objectif.items():
            item = chapter(chapitre)
            for objective, result in per.items():
                text = item.objectives_by_id.get(objective, objective)
                score = _score_objectif(result)
                rows.append(f"| {item.heading} | {text} | {result.statut} | {score} |")
                plain.append(f"{chapitre} {text}{NBSP}: {result.statut} ({score})")
        return Affichage("\n".join(plain), "\n".join([plain[0], "", *rows]))

    def positionnement(self) -> Affichage:
        """The positioning at entry: each chapter's diagnostic d'entrée (maturity, date when known)."""
        if not self.positions:
            return _rien_a_montrer("le positionnement à l’entrée")
        title = f"Positionnement à l’entrée (diagnostic d’entrée de chaque chapitre){NBSP}:"
        rows = ["| Chapitre | Maturité à l’entrée | Date |", "|---|---|---|"]
        plain = [title]
        for chapitre, position in self.positions.items():
            item = chapter(chapitre)
            shown = _date(position.date)
            rows.append(f"| {item.heading} | {_maturite(position.maturite)} | {shown} |")
            plain.append(f"- {item.heading}{NBSP}: {_maturite(position.maturite)} ({shown})")
        return Affichage("\n".join(plain), "\n".join([title, "", *rows]))

    def plan_action(self) -> Affichage:
        """The plan as a numbered table (the numbers of the matrix)."""
        plan = self.plan()
        if not plan:
            return _rien_a_montrer("le plan d’action")
        rows = ["| N° | Action | Problème | Catégorie |", "|---:|---|---|---|"]
        plain = []
        for item in plan:
            problem = item.probleme
            rows.append(f"| {item.numero} | {item.action.action} | {problem.etiquette} | {item.quadrant} |")
            plain.append(
                f"{item.numero}. {item.action.action} ({problem.etiquette}{NBSP}; {item.quadrant.lower()})"
            )
        weakest = join(dict.fromkeys(item.probleme.etiquette for item in plan))
        intro = f"Actions proposées pour les problèmes les moins avancés{NBSP}: {weakest}."
        return Affichage("\n".join([intro, *plain]), "\n".join([intro, "", *rows]))

    def matrice(self) -> Chart | Affichage:
        """The plan's actions on a 2 × 2 impact / effort matrix, numbered as in :meth:`plan_action`."""
        plan = self.plan()
        if not plan:
            return _rien_a_montrer("la matrice impact / effort")
        return _matrice(plan, self.exemple)


def _seuils() -> str:
    return (
        f"{ACQUIS} à partir de {percent(100 * SEUIL_ACQUIS)} de réponses justes, "
        f"{EN_COURS} à partir de {percent(100 * SEUIL_EN_COURS)}"
    )


def _score_objectif(result: ObjectiveResult) -> str:
    """« 2/3 », « 1/3 (2 réponses) », « aucune question » or « pas de réponse »."""
    if result.questions == 0:
        return "aucune question"
    if result.repondues == 0:
        return "pas de réponse"
    score = f"{result.justes}/{result.questions}"
    if result.repondues < result.questions:
        score += f" ({result.repondues} réponse{'s' if result.repondues > 1 else ''})"
    return score


def _maturite(value: float | None) -> str:
    return NON_EVALUE if value is None else f"{number(value)}/100"


def _date(value: datetime | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "date inconnue"


def _rien_a_montrer(what: str) -> Affichage:
    text = (
        f"Pas encore de résultat{NBSP}: {what} s’affichera quand vous aurez noté les affirmations du "
        "diagnostic d’entrée d’au moins un chapitre."
    )
    return Affichage(text, text)


# --- loading --------------------------------------------------------------------------------------


def _profil(chapters: dict[str, ChapterResult], catalogue: Catalogue) -> tuple[Probleme, ...]:
    problems = []
    for item in PROBLEMS:
        result = chapters.get(item.id)
        problems.append(
            Probleme(
                chapitre=item,
                libelle=catalogue.of(item.id).libelle,
                maturite=result.maturite if result else None,
                quiz=result.quiz if result else None,
            )
        )
    return tuple(problems)


def _catalogue(catalogue: Catalogue | None) -> tuple[Catalogue, list[str]]:
    """The catalogue given, else the course's; an invalid one gives way to the chapter titles and no
    actions, with a message naming the file."""
    if catalogue is not None:
        return catalogue, []
    try:
        return default_catalogue(), []
    except ActionsError as error:
        first = str(error.issues[0]) if error.issues else str(error)
        others = len(error.issues) - 1
        s = "s" if others > 1 else ""
        more = f" (et {others} autre{s} problème{s})" if others > 0 else ""
        message = (
            f"le catalogue d’actions est invalide, aucun plan d’action ne peut être proposé{NBSP}: "
            f"{first}{more}. Prévenez votre formateur."
        )
        entries = [ProblemActions(chapitre=p.id, libelle=p.title, actions=[]) for p in PROBLEMS]
        return Catalogue(problemes=entries), [message]


def _progression(
    store: ProgressStore | None, quiz_dir: Path | None
) -> tuple[dict[str, ChapterResult], list[str]]:
    """The store's results, and the :class:`ProgressWarning` messages raised meanwhile (a progress file
    moved aside, a bank left out); other warnings go on as usual."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ProgressWarning)
        chapters = progress(store, quiz_dir).chapters
    notes = []
    for warning in caught:
        if issubclass(warning.category, ProgressWarning):
            notes.append(str(warning.message))
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    return chapters, notes


def charger(
    export: str | os.PathLike[str] | None = None,
    *,
    exemple: str | None = None,
    store: ProgressStore | None = None,
    quiz_dir: Path | None = None,
    catalogue: Catalogue | None = None,
) -> Bilan:
    """The trainee's profile (progress store), or the profile of an export file.

    What the trainee cannot fix does not stop the bilan: a progress file that cannot be read is moved
    aside by the store and the profile starts empty; a chapter whose bank is invalid is left out; an
    invalid action catalogue leaves the plan empty. Each is told in ``avertissements`` (shown by the
    bilan). A bad export raises :class:`~transition_numerique.learner.progress.ProgressError`.
    """
    actions, notes = _catalogue(catalogue)
    if export is not None:
        loaded = load_export(export)
        chapters = loaded.chapters
        per = loaded.objectifs or resultats_par_objectif(chapters, banques(quiz_dir))
        positions = loaded.positionnement or positionnements(chapters)
    else:
        chapters, progress_notes = _progression(store, quiz_dir)
        notes = progress_notes + notes
        per = resultats_par_objectif(chapters, banques(quiz_dir))
        positions = positionnements(chapters, (store or ProgressStore()).load())
    return Bilan(
        _profil(chapters, actions),
        tuple(notes),
        exemple=exemple,
        catalogue=actions,
        par_objectif=per,
        positions=positions,
    )


@dataclass(frozen=True)
class Export:
    """The files :func:`exporter` wrote (none when there was nothing to export)."""

    json: Path | None
    png: Path | None
    message: str

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/plain": self.message, "text/markdown": self.message.replace("\n", "\n\n")}

    def __repr__(self) -> str:
        return self.message


def exporter(
    nom: str,
    dossier: str | os.PathLike[str] = EXPORT_FOLDER,
    *,
    participant: str | None = None,
    store: ProgressStore | None = None,
    quiz_dir: Path | None = None,
) -> Export:
    """Write ``dossier/nom.json`` (the export the trainer reads) and ``dossier/nom.png`` (the radar).

    Nothing is written while no chapter has been started; the PNG only once a problem is rated. The
    message names the files as given (relative to the notebook), without date, after the bilan's
    warnings (a chapter left out because its bank is invalid, for instance).
    """
    if not nom or Path(nom).name != nom or nom in (".", ".."):
        raise ValueError(
            f"nom de fichier attendu, sans dossier, par exemple «{NBSP}mon-profil{NBSP}» (ici {nom!r})"
        )
    chapters, notes = _progression(store, quiz_dir)
    actions, catalogue_notes = _catalogue(None)
    profile = Bilan(_profil(chapters, actions), tuple(notes + catalogue_notes), catalogue=actions)
    warned = [f"Attention{NBSP}: {message}" for message in profile.avertissements]
    if not profile.commence:
        message = (
            f"Rien à exporter pour l’instant{NBSP}: aucun chapitre n’est commencé. "
            "Faites le diagnostic d’entrée d’un chapitre, puis exportez votre profil."
        )
        return Export(None, None, "\n".join([*warned, message]))
    folder = Path(dossier)
    stored = (store or ProgressStore()).load()
    json_path = write_export(
        folder / f"{nom}.json",
        chapters,
        participant,
        objectifs=resultats_par_objectif(chapters, banques(quiz_dir)),
        positionnement=positionnements(chapters, stored),
        satisfaction=stored.satisfaction,
    )
    lines = [
        *warned,
        f"Profil exporté dans le dossier {folder.as_posix()}{NBSP}:",
        f"- {json_path.name} (à remettre à votre formateur)",
    ]
    png_path = None
    chart = profile.radar()
    if isinstance(chart, Chart):
        png_path = folder / f"{nom}.png"
        png_path.write_bytes(chart.png)
        lines.append(f"- {png_path.name} (l’image de votre radar)")
    else:
        lines.append(f"Pas d’image{NBSP}: aucun problème n’est encore évalué.")
    return Export(json_path, png_path, "\n".join(lines))


# --- charts ---------------------------------------------------------------------------------------

_SOURCE = f"Source{NBSP}: autoévaluations du diagnostic d’entrée des chapitres 1 à 8."


def _radar(problems: Sequence[Probleme], title: str) -> Chart:
    """Polar axes, one spoke per problem (clockwise from the top), 0 at the centre, 100 at the rim."""
    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI, layout="constrained", facecolor="white")
    axes = figure.add_subplot(projection="polar")
    step = 2 * math.pi / len(problems)
    angles = [index * step for index in range(len(problems))]
    axes.set_theta_offset(math.pi / 2)
    axes.set_theta_direction(-1)
    axes.set_ylim(0, 100)
    axes.set_yticks([25, 50, 75], ["25", "50", "75"], fontsize=FOOTER_PT, color="#4a4a4a")
    axes.set_rlabel_position(step / 2 * 180 / math.pi)
    axes.set_xticks(angles, [f"{p.etiquette}\n{p.maturite_texte}" for p in problems], fontsize=TEXT_PT)
    for angle, label in zip(angles, axes.get_xticklabels(), strict=True):  # outwards, clear of the rim
        side = math.sin(angle)
        label.set_horizontalalignment("center" if abs(side) < 0.1 else "left" if side > 0 else "right")
    axes.grid(color="#d0d0d0", linewidth=0.8)
    look = LOOKS[0]
    radii = [p.maturite if p.maturite is not None else math.nan for p in problems]
    for index, problem in enumerate(problems):
        after = (index + 1) % len(problems)
        if not problem.evalue:
            axes.bar(
                angles[index],
                100,
                width=step * 0.5,
                bottom=0,
                facecolor="#f2f2f2",
                edgecolor="#6e6e6e",
                hatch="//",
                linewidth=0.8,
                gid=NON_EVALUE_GID,
                zorder=1,
            )
        elif problems[after].evalue:  # the area between two rated neighbours
            axes.fill(
                [0, angles[index], angles[index] + step],
                [0, radii[index], radii[after]],
                color=look.color,
                alpha=0.15,
                linewidth=0,
                zorder=2,
            )
    axes.plot([*angles, 2 * math.pi], [*radii, radii[0]], color=look.color, linewidth=2, zorder=3)
    rated = [(angle, radius) for angle, radius in zip(angles, radii, strict=True) if not math.isnan(radius)]
    axes.plot(
        [a for a, _ in rated],
        [r for _, r in rated],
        linestyle="none",
        marker=look.marker,
        markersize=7,
        color=look.color,
        gid=DATA_GID,
        zorder=4,
    )
    axes.spines["polar"].set_color("#6e6e6e")
    note = (
        f"Maturité{NBSP}: moyenne des notes d’autoévaluation (de 1 à 5) ramenée sur 100. "
        f"Un problème non évalué est hachuré{NBSP}: il n’est pas compté comme 0."
    )
    finish(figure, axes, "", [note, _SOURCE])
    # a polar axes is narrower than the figure: the title goes to the figure's left edge, like the others
    figure.suptitle(
        textwrap.fill(title, TITLE_WIDTH), x=0.012, ha="left", fontsize=TITLE_PT, fontweight="bold"
    )
    values = f"{NBSP}; ".join(f"{p.etiquette}{NBSP}: {p.maturite_texte}" for p in problems)
    alt = f"{title}. Graphique en radar, maturité sur 100 par problème{NBSP}: {values}. {note} {_SOURCE}"
    return Chart(figure=figure, title=title, alt=alt, source_line=_SOURCE, sources=())


_PLAN_SOURCE = (
    f"Source{NBSP}: actions tirées des rubriques «{NBSP}À retenir{NBSP}» des chapitres, "
    f"pour les {PRIORITES} problèmes les moins bien évalués."
)


def _matrice(plan: Sequence[ActionChoisie], exemple: str | None) -> Chart:
    """Effort on x (faible | important), impact on y (moyen | fort); numbered points in each cell."""
    figure, axes = new_figure()
    axes.set_xlim(0, 2)
    axes.set_ylim(0, 2)
    axes.spines[["top", "right"]].set_visible(True)
    for spine in axes.spines.values():
        spine.set_color("#6e6e6e")
    axes.axvline(1, color="#6e6e6e", linewidth=1)
    axes.axhline(1, color="#6e6e6e", linewidth=1)
    axes.set_xticks([0.5, 1.5], ["faible", "important"])
    axes.set_yticks([0.5, 1.5], ["moyen", "fort"])
    axes.set_xlabel("Effort", fontsize=TEXT_PT)
    axes.set_ylabel("Impact", fontsize=TEXT_PT)
    axes.tick_params(length=0)
    problems = list(dict.fromkeys(item.probleme.chapitre.id for item in plan))
    drawn: set[str] = set()
    for (impact, effort), name in QUADRANTS.items():
        x0, y0 = (0 if effort == "faible" else 1), (1 if impact == "fort" else 0)
        if (impact, effort) == ("fort", "faible"):
            axes.axvspan(x0, x0 + 1, ymin=0.5, ymax=1, color=OKABE_ITO["vert"], alpha=0.08, linewidth=0)
        axes.text(x0 + 0.03, y0 + 0.95, name, fontsize=LEGEND_PT, fontweight="bold", va="top")
        items = [item for item in plan if item.quadrant == name]
        if not items:
            axes.text(
                x0 + 0.5, y0 + 0.45, "aucune action retenue", ha="center", fontsize=LEGEND_PT, color="#4a4a4a"
            )
        for slot, item in enumerate(items):
            x = x0 + 0.14 + (slot % 3) * 0.3
            y = y0 + 0.68 - (slot // 3) * 0.22
            look = LOOKS[problems.index(item.probleme.chapitre.id)]
            first = item.probleme.chapitre.id not in drawn
            drawn.add(item.probleme.chapitre.id)
            axes.plot(
                [x],
                [y],
                linestyle="none",
                marker=look.marker,
                markersize=10,
                color=look.color,
                gid=DATA_GID,
                label=item.probleme.etiquette if first else "_nolegend_",
            )
            axes.text(x + 0.05, y, str(item.numero), fontsize=TEXT_PT, fontweight="bold", va="center")
    legend(axes, loc="upper left", bbox_to_anchor=(1.01, 1), title="Problème", title_fontsize=LEGEND_PT)
    title = "Plan d’action de l’exemple" if exemple else "Votre plan d’action"
    title += f"{NBSP}: impact et effort"
    finish(figure, axes, title, ["Les numéros renvoient au tableau du plan d’action.", _PLAN_SOURCE])
    cells = []
    for name in QUADRANTS.values():
        numbers = [str(item.numero) for item in plan if item.quadrant == name]
        cells.append(f"{name}{NBSP}: " + (f"actions {join(numbers)}" if numbers else "aucune action"))
    alt = (
        f"{title}. Matrice à quatre cases, l’effort en abscisse et l’impact en ordonnée. "
        + f"{NBSP}; ".join(cells)
        + f". {_PLAN_SOURCE}"
    )
    return Chart(figure=figure, title=title, alt=alt, source_line=_PLAN_SOURCE, sources=())


# --- the profile drawn in the page ------------------------------------------------------------------


def mon_profil(
    *, store: ProgressStore | None = None, quiz_dir: Path | None = None, catalogue: Catalogue | None = None
) -> Profil:
    """The trainee's profile as a widget: radar, weakest first, action plan and an export button.

    In JupyterLab it shows the progress store; in the book, what this browser kept. The front-end
    computes it with the rules above, from the banks' ids and the catalogue embedded here (one source).
    A bank or a catalogue that does not load is reported in the widget; the rest is still shown.
    """
    notes: list[str] = []
    try:
        actions: Catalogue | None = catalogue or default_catalogue()
    except ActionsError as error:
        actions = None
        notes.append(f"catalogue d’actions invalide, pas de plan d’action ({error.issues[0]})")
    folder = quiz_dir or find_quiz_dir()
    cours = []
    for item in CHAPTERS:
        entry = {
            "id": item.id,
            "titre": item.title,
            "page": Path(item.notebook).stem,
            "probleme": item in PROBLEMS,
        }
        entry["libelle"] = actions.of(item.id).libelle if actions and entry["probleme"] else item.title
        try:
            bank = load_bank(item.id, folder)
        except QuizBankError as error:
            notes.append(
                f"chapitre {item.id} non compté, sa banque de questions est invalide ({error.issues[0]})"
            )
            bank = None
        entry["questions"] = [q.id for q in bank.questions] if bank else []
        entry["objectifs"] = (
            [
                {"id": key, "texte": text, "questions": [q.id for q in bank.questions if q.objectif == key]}
                for key, text in item.objectives_by_id.items()
            ]
            if bank
            else []
        )
        entry["affirmations"] = [s.id for s in bank.autoevaluation] if bank else []
        scale = bank.echelle if bank else None
        entry["echelle"] = {"min": scale.min if scale else 1, "max": scale.max if scale else 5}
        cours.append(entry)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ProgressWarning)
        stored = (store or ProgressStore()).load()
    notes.extend(str(w.message) for w in caught if issubclass(w.category, ProgressWarning))
    return Profil(
        cours=cours,
        catalogue={p.chapitre: [a.model_dump() for a in p.actions] for p in actions.problemes}
        if actions
        else {},
        regles={
            "priorites": PRIORITES,
            "actions": ACTIONS_PAR_PROBLEME,
            "quadrants": [[impact, effort, label] for (impact, effort), label in QUADRANTS.items()],
            "seuils": {"acquis": SEUIL_ACQUIS, "en_cours": SEUIL_EN_COURS},
            "statuts": list(STATUTS),
        },
        progression=stored.model_dump(mode="json")["chapters"],
        satisfaction=stored.model_dump(mode="json")["satisfaction"],
        avertissements=notes,
    )


def satisfaction(
    questionnaire: str = FIN_DE_FORMATION, *, store: ProgressStore | None = None, quiz_dir: Path | None = None
) -> Satisfaction:
    """A satisfaction questionnaire as a widget (``"fin-de-formation"`` at the end of the bilan,
    ``"a-froid"`` weeks later): ratings and a free text, kept in the progress store (in the book, in the
    browser) and carried by :func:`exporter` and the profile's export button."""
    found = load_questionnaires(questionnaires_path(quiz_dir))
    return Satisfaction(found.get(questionnaire), found.echelle, store or ProgressStore())

"""What the Moodle XML and GIFT exports share: names, categories, grades, texts and objectives.

Both formats carry the banks the same way:

- **one category per chapter**, ``$course$/top/05 – Communiquer sur les médias sociaux``, its id and
  title taken from the course registry. Moodle creates it when the import's « Obtenir la catégorie à
  partir du fichier » (« Get category from file ») is ticked.
- **stable names**: each question is named ``05-reseau-ou-media`` (bank id + question id) and carries
  the same ``idnumber``. Moodle's import never updates a question: it always adds one, and drops an
  idnumber already used in the target category (``question/format.php``). A re-import into the same
  category therefore duplicates; the stable name and idnumber are what let the trainer find and retire
  the older copies (or import into a fresh category).
- **the objective** a question checks (``objectif`` in the bank) becomes the Moodle tag
  ``objectif-05-choisir-reseaux``: a tag is at most 50 characters, hence the registry's 30-character ids.
  A quiz can draw random questions by tag, one objective at a time.
- **texts**: the banks' Markdown rendered by the widgets' own safe renderer (:mod:`..widgets.markup`: raw
  HTML escaped, no images, only http, https and mailto links), so Moodle shows what the book shows, in
  Moodle's ``html`` format. Moodle's own Markdown is not CommonMark, hence HTML rather than GIFT's
  ``[markdown]``.
- **grades**: single choice, 100 % for the right option and 0 for the others; multiple choice, 100/n % for
  each of the n right options and −100 % for each wrong one. Moodle accepts only the fractions of
  ``question_bank::fraction_options_full`` (:data:`MOODLE_FRACTIONS`, matched within 0.00001), and for
  multiple answers the right ones must add up to 100 % once rounded to two decimals
  (``qtype_multichoice``): three right options get 33.33333 % each. The course counts a multiple choice
  right only when every right option and nothing else is ticked; Moodle's core multiple choice gives
  partial credit, and −100 % per wrong tick is the closest it comes (one wrong tick gives 0). Numeric: the
  answer with its tolerance, and the unit as an optional one.
- **the self-assessment statements are left out.** They rate the trainee's own company on a scale and
  have no right answer; Moodle's question bank has no ungraded rating question (a choice question without
  a 100 % option is reported as faulty at import, and would count in the quiz's grade). Moodle's Feedback
  activity is the place for them: each category's note says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..course.bank import Bank, ChoixMultiple, ChoixUnique, Numerique, VraiFaux
from ..course.chapters import Chapter, chapter
from ..reporting import NBSP, InputError, Issue, plural, plural_s
from ..widgets.markup import block_html, inline_html

AnyQuestion = ChoixUnique | ChoixMultiple | VraiFaux | Numerique
#: Moodle's allowed positive grade fractions (``question_bank::fraction_options_full``, 7 decimals); the
#: negative ones are their opposites.
MOODLE_FRACTIONS = (
    1.0,
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
)
#: How close Moodle's import wants a fraction to one of its own (``match_grade_options``).
FRACTION_TOLERANCE = 0.00001


class ExportError(InputError):
    """Banks that cannot be written in an LMS format; ``issues`` lists every problem."""


def bank_file(bank: Bank) -> str:
    """How an export problem names the bank."""
    return f"{bank.chapitre}.yaml"


def question_name(bank: Bank, question: AnyQuestion) -> str:
    """The question's name and idnumber in Moodle: ``05-reseau-ou-media``."""
    return f"{bank.chapitre}-{question.id}"


def category_name(item: Chapter) -> str:
    """The chapter's category: « 05 – Communiquer sur les médias sociaux » (sorted by id in Moodle)."""
    return f"{item.id} – {item.title}"


def category_path(bank: Bank) -> str:
    """The category path Moodle reads; a « / » inside a name is written « // »."""
    return "$course$/top/" + category_name(chapter(bank.chapitre)).replace("/", "//")


def category_idnumber(bank: Bank) -> str:
    return f"chapitre-{bank.chapitre}"


def objective_tag(bank: Bank, objective: str) -> str:
    """The Moodle tag of one of the chapter's objectives: ``objectif-05-choisir-reseaux``."""
    return f"objectif-{bank.chapitre}-{objective}"


def objectives(bank: Bank) -> list[tuple[str, str]]:
    """The chapter's objectives from the registry, as (tag, text)."""
    return [(objective_tag(bank, key), text) for key, text in chapter(bank.chapitre).objectives_by_id.items()]


def question_tags(bank: Bank, question: AnyQuestion) -> list[str]:
    return [objective_tag(bank, question.objectif)] if question.objectif else []


def percent(fraction: float) -> str:
    """A fraction as Moodle writes its percentage: 1 → « 100 », 0.3333333 → « 33.33333 »."""
    return f"{fraction * 100:.5f}".rstrip("0").rstrip(".")


def share(right: int) -> str | None:
    """The percentage of each of ``right`` right options, if Moodle has that fraction (1/n for n = 1 to 10
    and 20); ``None`` otherwise."""
    return next((percent(f) for f in MOODLE_FRACTIONS if abs(f - 1 / right) < FRACTION_TOLERANCE), None)


def choice_fractions(question: ChoixUnique | ChoixMultiple) -> list[str]:
    """Each option's grade, in percent, as Moodle writes it (see the module's docstring)."""
    if isinstance(question, ChoixUnique):
        return ["100" if option.correct else "0" for option in question.choix]
    each = share(sum(option.correct for option in question.choix))
    if each is None:
        raise ValueError("no Moodle fraction")  # reported by :func:`check` before any writing
    return [each if option.correct else "-100" for option in question.choix]


def number(value: float) -> str:
    """A number as both formats read it: « 4.5 », « 1200 », « 0.1 »."""
    return repr(float(value)).removesuffix(".0")


def question_html(text: str) -> str:
    return block_html(text).strip()


def option_html(text: str) -> str:
    return inline_html(text).strip()


def feedback_html(text: str | None) -> str:
    return block_html(text).strip() if text else ""


def header(format_name: str) -> str:
    """The note at the top of an export: what it holds and how to import it."""
    option = f"«{NBSP}Obtenir la catégorie à partir du fichier{NBSP}» («{NBSP}Get category from file{NBSP}»)"
    return (
        f"Banques de questions de la formation, au format {format_name}. Importez ce fichier dans la banque "
        f"de questions du cours en cochant {option}{NBSP}: une catégorie par chapitre, un nom stable par "
        "question (chapitre-question), une étiquette par objectif vérifié. Moodle ajoute les questions à "
        "chaque import, sans remplacer celles qui existent déjà."
    )


def statements_note(bank: Bank) -> str | None:
    """Why the chapter's self-assessment statements are not in the export (``None`` when it has none)."""
    count = len(bank.autoevaluation)
    if not count:
        return None
    they = "elle note" if count == 1 else "elles notent"
    return (
        f"{plural(count, 'affirmation')} d’autoévaluation non exportée{plural_s(count)}{NBSP}: {they} "
        "l’entreprise du stagiaire sur une échelle, sans bonne réponse, et la banque de questions de Moodle "
        "n’a pas de question de ce type. Recueillez-les avec une activité Feedback de Moodle."
    )


def check(banks: Sequence[Bank]) -> list[Issue]:
    """What Moodle cannot take: a multiple choice whose right options have no Moodle fraction."""
    issues = []
    for bank in banks:
        for question in bank.questions:
            if isinstance(question, ChoixMultiple):
                right = sum(option.correct for option in question.choix)
                if share(right) is None:
                    issues.append(
                        Issue(
                            bank_file(bank),
                            f"{right} choix corrects{NBSP}: Moodle ne sait pas noter 1/{right} de la "
                            "question (de 1 à 10 choix corrects, ou 20)",
                            item=f"question «{NBSP}{question.id}{NBSP}»",
                            field="choix",
                        )
                    )
    return issues

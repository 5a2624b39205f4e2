"""The course's registry: chapters 00 to 09, what they hold, how long they take, and the trainer's programmes.

One YAML file, ``course.yaml`` next to this module, holds it all; pydantic validates it when this module is
imported, and every problem names the file, the chapter (or programme) and the field, in French. The quiz
engine, the progress store, the bilan and the book read the registry through this module: ``CHAPTERS`` (00
to 08, the chapters with a question bank), ``PROBLEMS`` (01 to 08, the ones the maturity profile scores),
``BILAN`` (09), ``COURSE`` (00 to 09) and ``PROGRAMMES``.

Everything else that repeats a title, a duration or an objective derives from the registry:

- at build time, the trainer guide's programmes (the ``programme`` directive of
  :mod:`transition_numerique.book.trainer_guide`) and, through ``_toc.yml``, the trainer edition's table of
  contents (:func:`transition_numerique.book.editions.trainer_toc`);
- as text, rewritten by ``python -m transition_numerique registre --write`` and checked by
  tests/test_registry.py: ``_toc.yml``, the README's chapter table, book/parcours.md's chapter headings and
  durations, book/accueil.md's durations, book/guide-formateur.md's notes headings, and the title, duration
  line and objectives of each notebook's header (its first cell).

A YAML file rather than Python: trainers edit titles, objectives and minutes, as they edit the question
banks, without touching code; French prose reads better there than in string literals.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from ..reporting import NBSP, InputError, Issue, french, location
from .yaml_files import display, read_yaml

#: The registry file.
REGISTRY = Path(__file__).with_name("course.yaml")
#: The command that rewrites every derived text (named in the test failures).
COMMAND = "python -m transition_numerique registre --write"
#: The programme that holds every chapter, and the short one (a few chapters chosen by the group).
FULL_PROGRAMME = "deux-jours"
SHORT_PROGRAMME = "une-journee"


# --- French typography, durations and clock times ----------------------------------------------------

_SPACE_BEFORE = re.compile(r" (?=[;:!?%»])")
_SPACE_AFTER = re.compile(r"« ")


def french_spacing(text: str) -> str:
    """A no-break space (U+00A0) before « ; : ! ? % » » and after « « », wherever a plain one was typed."""
    return _SPACE_AFTER.sub(f"«{NBSP}", _SPACE_BEFORE.sub(NBSP, text))


def duree(minutes: int) -> str:
    """A duration as the course writes it: « 45 min », « 2 h », « 1 h 35 » (no-break spaces)."""
    if minutes < 0:
        raise ValueError(f"durée négative : {minutes} min")
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}{NBSP}min"
    if not rest:
        return f"{hours}{NBSP}h"
    return f"{hours}{NBSP}h{NBSP}{rest:02d}"


def horaire(minutes: int) -> str:
    """A clock time, counted in minutes from midnight: « 9 h 00 », « 13 h 45 »."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}{NBSP}h{NBSP}{rest:02d}"


_CLOCK = re.compile(r"^(\d{1,2})[ \u00a0]h[ \u00a0](\d{2})$")
_NUMBERS = {1: "un", 2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept", 8: "huit"}


def _clock(value: Any) -> int:
    match = _CLOCK.match(value.strip()) if isinstance(value, str) else None
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"heure attendue sous la forme «{NBSP}9 h 00{NBSP}» (ici «{NBSP}{value}{NBSP}»)")
    return int(match[1]) * 60 + int(match[2])


def wrap(text: str, width: int = 104) -> str:
    """Lines of at most ``width`` characters, broken at plain spaces only (never at a no-break one)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def _in_words(number: int) -> str:
    return _NUMBERS.get(number, str(number))


# --- the registry's format ---------------------------------------------------------------------------

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(french_spacing)]
ChapterId = Annotated[str, StringConstraints(pattern=r"^\d{2}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
#: An objective's id, cited by the questions of the banks (``objectif``) and in the Moodle tags, whose
#: length Moodle caps at 50 characters (``objectif-NN-`` + at most 30).
ObjectiveId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=30)]
Page = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]+(?:/[a-z0-9_-]+)*$")]
Minute = Annotated[int, Field(strict=True, ge=0)]
Positive = Annotated[int, Field(strict=True, gt=0)]
Percent = Annotated[int, Field(strict=True, ge=0, le=100)]
Clock = Annotated[int, BeforeValidator(_clock)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Minutes(_Model):
    """Minutes of self-study (``lecture``, ``quiz``, ``exercices``) and in the room (``salle``)."""

    lecture: Minute
    quiz: Minute
    exercices: Minute
    salle: Positive

    @property
    def autonomie(self) -> int:
        """The self-study total: reading, quiz and exercises."""
        return self.lecture + self.quiz + self.exercices


class Labels(_Model):
    """How the notebook header's duration line names each part of the self-study time."""

    lecture: Text = "lecture"
    quiz: Text = "quiz"
    exercices: Text = "exercice"


class Chapter(_Model):
    """One entry of the course: an id (« 05 »), its notebook slug, the problem's own wording and the rest."""

    id: ChapterId
    slug: Slug
    title: Text = Field(alias="titre")
    nature: Literal["prise-en-main", "probleme", "bilan"]
    exercise: str | None = Field(default=None, alias="exercice")
    objectives_by_id: dict[ObjectiveId, Text] = Field(alias="objectifs")
    minutes: Minutes
    labels: Labels = Field(default_factory=Labels, alias="libelles")
    mastery: Percent | None = Field(default=None, alias="maitrise")

    @property
    def objectives(self) -> tuple[str, ...]:
        """The objectives' texts, in the registry's order."""
        return tuple(self.objectives_by_id.values())

    @property
    def notebook(self) -> str:
        return f"notebooks/{self.id}-{self.slug}.ipynb"

    @property
    def heading(self) -> str:
        """The title as headings show it: « 5. Communiquer sur les médias sociaux », or the bare title."""
        return f"{int(self.id)}. {self.title}" if self.nature == "probleme" else self.title

    def duration_line(self) -> str:
        """The notebook header's « **Durée** » line: the self-study total and its parts."""
        parts = [
            (self.labels.lecture, self.minutes.lecture),
            (self.labels.quiz, self.minutes.quiz),
            (self.labels.exercices, self.minutes.exercices),
        ]
        detail = f"{NBSP}; ".join(f"{label}{NBSP}: {duree(n)}" for label, n in parts if n)
        return f"**Durée**{NBSP}: {duree(self.minutes.autonomie)} environ ({detail})."


class Sequence(_Model):
    """One line of a programme: a chapter (its room minutes), a chapter chosen by the group, an activity
    or a break."""

    chapitre: ChapterId | None = None
    choix: Text | None = None
    activite: Text | None = None
    pause: Positive | None = None
    minutes: Positive | None = None
    detail: Text | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Sequence:
        kinds = [key for key in ("chapitre", "choix", "activite", "pause") if getattr(self, key) is not None]
        if len(kinds) != 1:
            raise ValueError("une séquence a une et une seule des clés chapitre, choix, activite ou pause")
        if kinds[0] in ("choix", "activite") and self.minutes is None:
            raise ValueError(f"«{NBSP}{kinds[0]}{NBSP}» demande ses «{NBSP}minutes{NBSP}»")
        if kinds[0] == "chapitre" and self.minutes is not None:
            raise ValueError(
                "un chapitre dure ses minutes en salle (minutes › salle du chapitre) : "
                f"retirez «{NBSP}minutes{NBSP}»"
            )
        if kinds[0] == "pause" and (self.minutes is not None or self.detail is not None):
            raise ValueError(f"une pause n’indique que sa durée (pause{NBSP}: 15)")
        return self


class HalfDay(_Model):
    """A half-day of a programme: its day, its times and what it holds, breaks included."""

    jour: Positive
    titre: Text
    debut: Clock
    fin: Clock
    sequences: tuple[Sequence, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> HalfDay:
        if self.fin <= self.debut:
            raise ValueError(f"la fin ({horaire(self.fin)}) doit suivre le début ({horaire(self.debut)})")
        return self

    @property
    def length(self) -> int:
        return self.fin - self.debut


class Programme(_Model):
    """A programme of the trainer guide: one or more days of half-days."""

    id: Slug
    titre: Text
    demi_journees: tuple[HalfDay, ...] = Field(min_length=1)

    @property
    def days(self) -> list[int]:
        return sorted({half.jour for half in self.demi_journees})

    def label(self, half: HalfDay) -> str:
        """« Matin » in a one-day programme, « Jour 2, après-midi » otherwise."""
        if len(self.days) == 1:
            return half.titre[:1].upper() + half.titre[1:]
        return f"Jour {half.jour}, {half.titre}"


class Part(_Model):
    """A part of the trainee edition's table of contents: pages first, then chapters."""

    titre: Text
    pages: tuple[Page, ...] = ()
    chapitres: tuple[ChapterId, ...] = ()


class Toc(_Model):
    racine: Page
    parties: tuple[Part, ...] = Field(min_length=1)


class Course(_Model):
    mastery: Percent | None = Field(default=None, alias="maitrise")
    chapitres: tuple[Chapter, ...] = Field(min_length=1)
    sommaire: Toc
    programmes: tuple[Programme, ...] = ()


# --- reading and checking the registry ---------------------------------------------------------------


class RegistryError(InputError):
    """The registry (course.yaml) cannot be used; ``issues`` lists every problem."""


def _item(data: Any, loc: tuple[Any, ...]) -> tuple[str | None, tuple[Any, ...]]:
    """Split a pydantic location into the item authors look for (« chapitre 03 ») and the field."""

    def get(node: Any, *keys: Any) -> Any:
        for key in keys:
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    if len(loc) >= 2 and loc[0] == "chapitres" and isinstance(loc[1], int):
        ident = get(data, "chapitres", loc[1], "id")
        return (f"chapitre {ident}" if isinstance(ident, str) else f"chapitre n°{loc[1] + 1}"), loc[2:]
    if len(loc) >= 2 and loc[0] == "programmes" and isinstance(loc[1], int):
        ident = get(data, "programmes", loc[1], "id")
        parts = [f"programme {ident}" if isinstance(ident, str) else f"programme n°{loc[1] + 1}"]
        rest = loc[2:]
        if len(rest) >= 2 and rest[0] == "demi_journees" and isinstance(rest[1], int):
            parts.append(f"demi-journée n°{rest[1] + 1}")
            rest = rest[2:]
            if len(rest) >= 2 and rest[0] == "sequences" and isinstance(rest[1], int):
                parts.append(f"séquence n°{rest[1] + 1}")
                rest = rest[2:]
        return " › ".join(parts), rest
    if loc and loc[0] == "sommaire":
        return "sommaire", loc[1:]
    return None, loc


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next(filter(None, (_model_in(arg) for arg in get_args(annotation))), None)


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys the registry allows at ``loc`` (the parent of an unknown key)."""
    model: type[BaseModel] | None = Course
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        fields = {field.alias or name: field for name, field in model.model_fields.items()}
        model = _model_in(fields[part].annotation) if part in fields else None
    return [field.alias or name for name, field in model.model_fields.items()] if model else []


def _message(detail: Any) -> str:
    kind = detail["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(tuple(detail["loc"])[:-1])
        return "clé inconnue" + (f" (clés prévues ici{NBSP}: {', '.join(allowed)})" if allowed else "")
    if kind == "greater_than":
        return f"doit être supérieur à {detail['ctx']['gt']}"
    if kind == "string_pattern_mismatch":
        pattern = detail["ctx"]["pattern"]
        if pattern == ChapterId.__metadata__[0].pattern:
            return 'deux chiffres entre guillemets, par exemple "05"'
        return "minuscules, chiffres et tirets seulement"
    if kind == "too_short":
        return "ne doit pas être vide"
    if kind == "string_too_long":
        return f"{detail['ctx']['max_length']} caractères au plus"
    if kind == "dict_type" and tuple(detail["loc"])[-1:] == ("objectifs",):
        example = "lire-profil: lire votre profil"
        return f"une table «{NBSP}identifiant: texte{NBSP}», par exemple «{NBSP}{example}{NBSP}»"
    return french(detail)


def _cross_issues(course: Course, label: str) -> list[Issue]:
    """What pydantic cannot see in one field: ids in order, natures, exercise paths, TOC, programmes."""
    issues: list[Issue] = []
    chapters = course.chapitres
    for index, item in enumerate(chapters):
        where = f"chapitre {item.id}"
        if item.id != f"{index:02d}":
            issues.append(Issue(label, f"identifiant attendu ici : «{NBSP}{index:02d}{NBSP}»", where, "id"))
        expected = "prise-en-main" if index == 0 else "bilan" if index == len(chapters) - 1 else "probleme"
        if item.nature != expected:
            issues.append(Issue(label, f"valeur attendue pour cette place : {expected}", where, "nature"))
        wanted = f"exercises/{item.id}-{item.slug}.ipynb"
        if item.exercise is not None and item.exercise != wanted:
            issues.append(Issue(label, f"chemin attendu : {wanted}", where, "exercice"))
        if item.nature == "probleme" and item.exercise is None:
            issues.append(
                Issue(label, f"un problème a son notebook d’exercices ({wanted})", where, "exercice")
            )
        if not 3 <= len(item.objectives) <= 5:
            issues.append(Issue(label, f"3 à 5 objectifs (ici {len(item.objectives)})", where, "objectifs"))
    known = [item.id for item in chapters]
    listed = [ident for part in course.sommaire.parties for ident in part.chapitres]
    if listed != known:
        issues.append(
            Issue(
                label,
                f"les parties listent les chapitres {', '.join(known)}, une fois chacun et dans cet "
                f"ordre (ici {', '.join(listed) or 'aucun'})",
                "sommaire",
                "parties",
            )
        )
    seen: set[str] = set()
    for programme in course.programmes:
        where = f"programme {programme.id}"
        if programme.id in seen:
            issues.append(Issue(label, f"identifiant «{NBSP}{programme.id}{NBSP}» en double", where, "id"))
        seen.add(programme.id)
        for h, half in enumerate(programme.demi_journees):
            for s, sequence in enumerate(half.sequences):
                if sequence.chapitre is not None and sequence.chapitre not in known:
                    at = f"{where} › demi-journée n°{h + 1} › séquence n°{s + 1}"
                    issues.append(
                        Issue(label, f"chapitre inconnu (connus : {', '.join(known)})", at, "chapitre")
                    )
    return issues


def load_course(path: Path = REGISTRY) -> Course:
    """Read and validate the registry; raise :class:`RegistryError` listing all its problems."""
    label = display(path)
    data = read_yaml(path, label, RegistryError)
    if not isinstance(data, dict):
        raise RegistryError([Issue(label, "le fichier doit être une table de clés (chapitres, sommaire…)")])
    try:
        course = Course.model_validate(data)
    except ValidationError as error:
        issues = []
        for detail in error.errors():
            item, field = _item(data, tuple(detail["loc"]))
            issues.append(Issue(label, _message(detail), item, location(field) or None))
        raise RegistryError(issues) from None
    issues = _cross_issues(course, label)
    if issues:
        raise RegistryError(issues)
    return course


REGISTERED = load_course()
#: Chapters 00 to 09: the prise en main, the eight problems and the bilan.
COURSE: tuple[Chapter, ...] = REGISTERED.chapitres
#: The chapters with a question bank and stored progress: 00 to 08 (not the bilan).
CHAPTERS: tuple[Chapter, ...] = tuple(item for item in COURSE if item.nature != "bilan")
#: The eight problems of the digital transition, the ones the maturity profile scores.
PROBLEMS: tuple[Chapter, ...] = tuple(item for item in COURSE if item.nature == "probleme")
#: The bilan (09).
BILAN: Chapter = next(item for item in COURSE if item.nature == "bilan")
#: The trainer guide's programmes, by id.
PROGRAMMES: dict[str, Programme] = {programme.id: programme for programme in REGISTERED.programmes}


def chapter(chapter_id: str) -> Chapter:
    """Return the chapter (00 to 08) with this id, or raise a KeyError that lists the known ids."""
    return _find(chapter_id, CHAPTERS)


def entry(chapter_id: str) -> Chapter:
    """Return the entry of the course (00 to 09, bilan included) with this id, or raise a KeyError."""
    return _find(chapter_id, COURSE)


def mastery_score(chapter_id: str) -> int | None:
    """The quiz score in percent (0 to 100) that passes the chapter in an LMS (SCORM's masteryscore):
    the chapter's ``maitrise``, else the course's; None when neither is set (the chapter is then only
    « completed »)."""
    own = entry(chapter_id).mastery
    return own if own is not None else REGISTERED.mastery


def _find(chapter_id: str, items: tuple[Chapter, ...]) -> Chapter:
    for item in items:
        if item.id == chapter_id:
            return item
    known = ", ".join(c.id for c in items)
    raise KeyError(f"chapitre inconnu : {chapter_id!r} (connus : {known})")


# --- programmes --------------------------------------------------------------------------------------


def sequence_minutes(sequence: Sequence) -> int:
    """A programme line's minutes: a chapter's room minutes from the registry, or the line's own."""
    if sequence.chapitre is not None:
        return entry(sequence.chapitre).minutes.salle
    return sequence.pause if sequence.pause is not None else sequence.minutes or 0


def misfits(programme: Programme) -> list[str]:
    """Every half-day whose lines do not add up to its length (start to end, breaks included)."""
    problems = []
    for half in programme.demi_journees:
        total = sum(sequence_minutes(sequence) for sequence in half.sequences)
        if total != half.length:
            problems.append(
                f"programme {programme.id}, {programme.label(half).lower()}{NBSP}: les séquences durent "
                f"{duree(total)} ({total}{NBSP}min) pour une demi-journée de {duree(half.length)} "
                f"({horaire(half.debut)} – {horaire(half.fin)}, {half.length}{NBSP}min)"
            )
    return problems


def _sequence_text(sequence: Sequence) -> str:
    if sequence.chapitre is not None:
        item = entry(sequence.chapitre)
        text = f"{{doc}}`{item.heading} </{item.notebook.removesuffix('.ipynb')}>`"
    elif sequence.pause is not None:
        text = "pause"
    else:
        text = sequence.choix or sequence.activite or ""
    return f"{text} ({sequence.detail})" if sequence.detail else text


def programme_markdown(programme: Programme) -> str:
    """The programme as MyST Markdown: one table (time, duration, line) per half-day."""
    blocks = []
    for half in programme.demi_journees:
        pauses = sum(s.pause or 0 for s in half.sequences)
        blocks.append(
            f"**{programme.label(half)}**{NBSP}: {horaire(half.debut)} – {horaire(half.fin)}, "
            f"{duree(half.length)} dont {duree(pauses)} de pause."
        )
        rows = ["| horaire | durée | séquence |", "|---|---|---|"]
        clock = half.debut
        for sequence in half.sequences:
            minutes = sequence_minutes(sequence)
            rows.append(f"| {horaire(clock)} | {duree(minutes)} | {_sequence_text(sequence)} |")
            clock += minutes
        blocks.append("\n".join(rows))
    return "\n\n".join(blocks)


def day_lengths(programme: Programme) -> list[int]:
    return [sum(h.length for h in programme.demi_journees if h.jour == day) for day in programme.days]


# --- derived text ------------------------------------------------------------------------------------


class DerivedTextError(ValueError):
    """A file whose derived parts cannot be found (a marker, a label or a header line is missing)."""


_BLOCK = re.compile(
    r"(?P<start><!-- registre : (?P<name>[a-z-]+) \([^)]*\) -->\n)(?P<body>.*?)"
    r"(?P<end><!-- registre : fin -->)",
    re.DOTALL,
)
_LABEL = re.compile(r"^\((?P<prefix>[a-z-]+)-(?P<id>\d{2})\)=$")
_HEADING = re.compile(r"^(?P<marks>#{1,6}) ")


def _replace_blocks(text: str, where: str, blocks: dict[str, str]) -> str:
    """Rewrite the body of each ``<!-- registre : NAME (…) -->`` … ``<!-- registre : fin -->`` block."""
    found: set[str] = set()

    def body(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in blocks:
            raise DerivedTextError(f"{where} : bloc «{NBSP}{name}{NBSP}» inconnu")
        found.add(name)
        return f"{match['start']}{blocks[name].rstrip()}\n{match['end']}"

    result = _BLOCK.sub(body, text)
    missing = sorted(set(blocks) - found)
    if missing:
        raise DerivedTextError(f"{where} : bloc «{NBSP}{missing[0]}{NBSP}» introuvable")
    return result


def labelled_ids(text: str, prefix: str) -> list[str]:
    """The ids of the ``(PREFIX-NN)=`` labels of a page, in order."""
    return [m["id"] for line in text.split("\n") if (m := _LABEL.match(line)) and m["prefix"] == prefix]


def _retitle(
    text: str, where: str, prefix: str, after: Callable[[Chapter, list[str], int], None] | None = None
) -> str:
    """Rewrite the heading that follows each ``(PREFIX-NN)=`` label with entry NN's heading; ``after``
    may then edit the lines that follow the heading (it gets the lines and the heading's index)."""
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        match = _LABEL.match(lines[index])
        if match and match["prefix"] == prefix:
            try:
                item = entry(match["id"])
            except KeyError as error:
                raise DerivedTextError(f"{where} : ({prefix}-{match['id']})= : {error.args[0]}") from None
            heading = index + 1
            marks = _HEADING.match(lines[heading]) if heading < len(lines) else None
            if marks is None:
                raise DerivedTextError(f"{where} : un titre doit suivre ({prefix}-{item.id})=")
            lines[heading] = f"{marks['marks']} {item.heading}"
            if after is not None:
                after(item, lines, heading)
        index += 1
    return "\n".join(lines)


def parcours_duration(item: Chapter) -> str:
    """book/parcours.md's duration line under a chapter's heading."""
    autonomie, salle = duree(item.minutes.autonomie), duree(item.minutes.salle)
    return f"**Durée**{NBSP}: {autonomie} en autonomie, {salle} en salle."


def parcours_page(text: str, where: str = "book/parcours.md") -> str:
    """book/parcours.md: each ``(parcours-NN)=`` heading and the duration line under it."""

    def duration(item: Chapter, lines: list[str], heading: int) -> None:
        line = heading + 2
        if line < len(lines) and lines[line].startswith("**Durée**"):
            lines[line] = parcours_duration(item)
        else:
            lines[heading + 1 : heading + 1] = ["", parcours_duration(item)]

    return _retitle(text, where, "parcours", duration)


def guide_page(text: str, where: str = "book/guide-formateur.md") -> str:
    """book/guide-formateur.md: each ``(notes-NN)=`` heading; the ``trainer-notes`` directive under it
    must name the same chapter."""

    def directive(item: Chapter, lines: list[str], heading: int) -> None:
        fence = next((line for line in lines[heading + 1 :] if line.strip()), "")
        if fence.strip() != f"```{{trainer-notes}} {item.id}":
            raise DerivedTextError(
                f"{where} : «{NBSP}```{{trainer-notes}} {item.id}{NBSP}» doit suivre le titre "
                f"«{NBSP}{item.heading}{NBSP}»"
            )

    return _retitle(text, where, "notes", directive)


def home_durations() -> str:
    """book/accueil.md's paragraph of durations."""
    problems = [item.minutes.autonomie for item in PROBLEMS]
    total = sum(item.minutes.autonomie for item in COURSE)
    full, short = PROGRAMMES[FULL_PROGRAMME], PROGRAMMES[SHORT_PROGRAMME]
    days, lengths = len(full.days), set(day_lengths(full))
    day_text = "une journée" if days == 1 else f"{_in_words(days)} jours"
    if len(lengths) == 1:
        day_text += f" de {duree(lengths.pop())}"
    chosen = sum(1 for half in short.demi_journees for s in half.sequences if s.choix is not None)
    short_days = len(short.days)
    short_text = "une journée" if short_days == 1 else f"{_in_words(short_days)} jours"
    return wrap(
        f"Comptez de {duree(min(problems))} à {duree(max(problems))} par chapitre en autonomie, lecture, "
        f"quiz et exercice compris, soit {duree(total)} pour toute la formation, prise en main et bilan "
        f"compris. En salle, la formation tient en {day_text}, pauses comprises, ou en {short_text} "
        f"consacrée à {_in_words(chosen)} chapitres choisis par le groupe."
    )


def home_page(text: str, where: str = "book/accueil.md") -> str:
    return _replace_blocks(text, where, {"durees": home_durations()})


def readme_table() -> str:
    """The README's chapter table."""
    rows = [
        "| | chapitre | notebook | exercices | en autonomie | en salle |",
        "|---|---|---|---|---|---|",
    ]
    for item in COURSE:
        exercise = f"`{item.exercise}`" if item.exercise else "—"
        rows.append(
            f"| {int(item.id)} | {item.title} | `{item.notebook}` | {exercise} | "
            f"{duree(item.minutes.autonomie)} | {duree(item.minutes.salle)} |"
        )
    autonomie = sum(item.minutes.autonomie for item in COURSE)
    salle = sum(item.minutes.salle for item in COURSE)
    rows.append(f"| | **ensemble** | | | **{duree(autonomie)}** | **{duree(salle)}** |")
    note = (
        f"En autonomie{NBSP}: lecture, quiz et exercice. En salle{NBSP}: le temps du chapitre dans le "
        "programme de deux jours du guide du formateur, qui ajoute l’accueil et les pauses. Ce tableau, "
        "les en-têtes des notebooks, le parcours, la page d’accueil, les tables des matières et les "
        f"programmes du guide viennent de `src/transition_numerique/course/course.yaml` (`{COMMAND}`)."
    )
    return "\n".join(rows) + "\n\n" + wrap(note) + "\n"


def readme(text: str, where: str = "README.md") -> str:
    return _replace_blocks(text, where, {"chapitres": readme_table()})


def notebook_header(item: Chapter, source: str, where: str | None = None) -> str:
    """A notebook's first cell with the registry's title (``# …``), duration line and objectives."""
    where = where or item.notebook
    lines = source.split("\n")
    if not lines[0].startswith("# "):
        raise DerivedTextError(f"{where} : la première cellule doit commencer par le titre «{NBSP}# …{NBSP}»")
    lines[0] = f"# {item.heading}"
    durations = [i for i, line in enumerate(lines) if line.startswith("**Durée**")]
    if len(durations) != 1:
        raise DerivedTextError(
            f"{where} : l’en-tête doit avoir une ligne «{NBSP}**Durée**{NBSP}» et une seule"
        )
    lines[durations[0]] = item.duration_line()
    goals = [i for i, line in enumerate(lines) if line.startswith("**Objectifs**")]
    if len(goals) != 1:
        raise DerivedTextError(
            f"{where} : l’en-tête doit avoir une ligne «{NBSP}**Objectifs**{NBSP}» et une seule"
        )
    start = goals[0] + 1
    while start < len(lines) and not lines[start].strip():
        start += 1
    end = start
    while end < len(lines) and lines[end].startswith("- "):
        end += 1
    if end == start:
        raise DerivedTextError(f"{where} : la liste des objectifs doit suivre «{NBSP}**Objectifs**{NBSP}»")
    last = len(item.objectives) - 1
    lines[start:end] = [
        f"- {goal}{'.' if n == last else NBSP + ';'}" for n, goal in enumerate(item.objectives)
    ]
    return "\n".join(lines)


def notebook_text(item: Chapter, text: str) -> str:
    """A notebook file's text with its header cell derived from the registry, the rest byte-identical."""
    import nbformat  # only the generator needs it; every kernel imports this module

    notebook = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    cell = notebook.cells[0]
    if cell.cell_type != "markdown":
        raise DerivedTextError(f"{item.notebook} : la première cellule doit être l’en-tête, en Markdown")
    cell.source = notebook_header(item, cell.source)
    result = nbformat.writes(notebook)
    return result if result.endswith("\n") else result + "\n"


def trainee_toc() -> dict[str, Any]:
    """The trainee edition's table of contents (``_toc.yml``): parts, chapters, exercises as sections."""
    parts = []
    for part in REGISTERED.sommaire.parties:
        chapters: list[dict[str, Any]] = [{"file": page} for page in part.pages]
        for ident in part.chapitres:
            item = entry(ident)
            node: dict[str, Any] = {"file": item.notebook.removesuffix(".ipynb")}
            if item.exercise:
                node["sections"] = [{"file": item.exercise.removesuffix(".ipynb")}]
            chapters.append(node)
        parts.append({"caption": part.titre, "chapters": chapters})
    return {"format": "jb-book", "root": REGISTERED.sommaire.racine, "parts": parts}


class _IndentedDumper(yaml.SafeDumper):
    """Lists indented under their key, as in a hand-written _toc.yml."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


TOC_HEADER = (
    "# Table des matières de l’édition stagiaire ; l’édition formateur y ajoute sa partie (voir\n"
    "# src/transition_numerique/book/editions.py). Seules les pages qui ont un contenu y figurent.\n"
    "# Générée depuis src/transition_numerique/course/course.yaml : ne la modifiez pas à la main,\n"
    f"# mais lancez {COMMAND}\n"
)


def toc_text() -> str:
    body = yaml.dump(trainee_toc(), Dumper=_IndentedDumper, allow_unicode=True, sort_keys=False, width=110)
    return TOC_HEADER + body


def _derivations() -> dict[str, Callable[[str], str]]:
    """Each derived file, relative to the repository root, and how its text follows from the registry."""
    derivations: dict[str, Callable[[str], str]] = {
        "_toc.yml": lambda _text: toc_text(),
        "README.md": readme,
        "book/accueil.md": home_page,
        "book/parcours.md": parcours_page,
        "book/guide-formateur.md": guide_page,
    }
    for item in COURSE:
        derivations[item.notebook] = functools.partial(notebook_text, item)
    return derivations


def derived_names() -> list[str]:
    """The files derived from the registry, relative to the repository root."""
    return list(_derivations())


def derive(root: Path, name: str) -> str:
    """The text the registry gives the derived file ``name`` (its other parts are kept as they are)."""
    path = root / name
    return _derivations()[name](path.read_text(encoding="utf-8") if path.is_file() else "")


def derived(root: Path) -> dict[str, str]:
    """Every derived file, relative to the repository ``root``, with the text the registry gives it."""
    return {name: derive(root, name) for name in derived_names()}


def stale(root: Path) -> list[str]:
    """The derived files whose text differs from what the registry gives."""
    return [
        name
        for name, text in derived(root).items()
        if not (root / name).is_file() or (root / name).read_text(encoding="utf-8") != text
    ]


def write(root: Path) -> list[str]:
    """Rewrite the derived files that differ; return their names."""
    changed = []
    for name, text in derived(root).items():
        path = root / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def main(argv: list[str] | None = None) -> int:
    """``python -m transition_numerique registre [--write]``: check or rewrite the derived texts."""
    parser = argparse.ArgumentParser(
        prog="python -m transition_numerique registre",
        description="Vérifie (ou réécrit avec --write) les textes tirés du registre des chapitres.",
    )
    parser.add_argument("--write", action="store_true", help="réécrit les textes qui diffèrent du registre")
    parser.add_argument("--racine", type=Path, default=Path.cwd(), help="racine du dépôt (par défaut : ici)")
    args = parser.parse_args(argv)
    if not (args.racine / "_config.yml").is_file():
        print(
            f"{args.racine} n’est pas la racine du dépôt (pas de _config.yml) : voir --racine",
            file=sys.stderr,
        )
        return 2
    problems = [problem for programme in PROGRAMMES.values() for problem in misfits(programme)]
    for problem in problems:
        print(f"attention : {problem}", file=sys.stderr)
    try:
        names = write(args.racine) if args.write else stale(args.racine)
    except DerivedTextError as error:
        print(error, file=sys.stderr)
        return 1
    if args.write:
        print("\n".join(f"réécrit : {name}" for name in names) or "rien à réécrire")
        return 1 if problems else 0
    if names:
        print("\n".join(f"à régénérer : {name}" for name in names), file=sys.stderr)
        print(f"relancez {COMMAND}", file=sys.stderr)
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""The course's chapters: one registry that the quiz engine, the progress store and the bilan share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chapter:
    """One chapter of the course: an id (« 05 »), its notebook slug and the problem's own wording."""

    id: str
    slug: str
    title: str

    @property
    def notebook(self) -> str:
        return f"notebooks/{self.id}-{self.slug}.ipynb"


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("00", "prise-en-main", "Prise en main de la formation"),
    Chapter("01", "visibilite-internet", "Améliorer ma visibilité sur Internet"),
    Chapter("02", "portee-evenements", "Optimiser la portée de mes évènements"),
    Chapter("03", "image-entreprise", "Valoriser l'image de mon entreprise"),
    Chapter("04", "strategie-contenus", "Organiser ma stratégie de contenus"),
    Chapter("05", "medias-sociaux", "Communiquer sur les médias sociaux"),
    Chapter("06", "communication-digitale", "Développer ma communication digitale"),
    Chapter("07", "usages-web", "Comprendre et maîtriser les usages du web"),
    Chapter("08", "sensibiliser-equipes", "Sensibiliser mes équipes aux enjeux du digital"),
)

#: The eight problems of the digital transition, the ones the maturity profile scores.
PROBLEMS: tuple[Chapter, ...] = CHAPTERS[1:]


def chapter(chapter_id: str) -> Chapter:
    """Return the chapter with this id, or raise a KeyError that lists the known ids."""
    for item in CHAPTERS:
        if item.id == chapter_id:
            return item
    known = ", ".join(c.id for c in CHAPTERS)
    raise KeyError(f"chapitre inconnu : {chapter_id!r} (connus : {known})")

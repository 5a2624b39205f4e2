"""« Les défis de la transition numérique » : the code the course notebooks call.

``quiz``, ``autoevaluation``, ``exercice``, ``figures``, ``bilan``, ``equipe``, ``progress``,
``importer``… are the names the notebooks use; the work is done in the subpackages: ``course`` (what
the course says), ``widgets``, ``learner`` (the trainee), ``trainer``, ``figures``, ``book``.
"""

from importlib import import_module
from types import ModuleType

from .learner.home import autoevaluation, exercice, quiz
from .learner.progress import export_progress, importer, load_export, progress

#: modules the notebooks import by a short name, loaded on first use (matplotlib is slow to import)
_SHORT_NAMES = {"bilan": ".learner.bilan", "equipe": ".trainer.equipe"}


def __getattr__(name: str) -> ModuleType:
    if name in _SHORT_NAMES:
        return import_module(_SHORT_NAMES[name], __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "autoevaluation",
    "bilan",
    "equipe",
    "exercice",
    "export_progress",
    "importer",
    "load_export",
    "progress",
    "quiz",
]

"""« Les défis de la transition numérique » : the code the course notebooks call."""

# Quiz engine: ``quiz`` (the function) takes the name of the ``quiz`` subpackage on purpose.
from .quiz.progress import export_progress, importer, load_export, progress
from .quiz.widget import autoevaluation, quiz

__all__ = ["autoevaluation", "export_progress", "importer", "load_export", "progress", "quiz"]

"""Loaded by every pytest run in this repository, whichever folder it collects (``tests``,
``pytest --nbval notebooks/``, one exercise): no run reads or writes the trainee's real progress.

Each pytest process (the main one and every pytest-xdist worker) points TRANSITION_NUMERIQUE_PROGRESS
at an empty file in a scratch folder of its own, removed at the end of the run, before any test or
kernel starts: the kernels nbval starts, and every subprocess a test starts, inherit it. A value set
in the developer's shell (a shared account's own file, as the README advises) is overridden on purpose.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

#: transition_numerique.learner.progress.PROGRESS_ENV (not imported: that would import the whole package
#: before collection, also for a notebooks-only run whose kernels import it anyway).
PROGRESS_ENV = "TRANSITION_NUMERIQUE_PROGRESS"
_scratch: list[Path] = []


def pytest_configure(config: pytest.Config) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="transition-numerique-tests-"))
    _scratch.append(scratch)
    os.environ[PROGRESS_ENV] = str(scratch / "progress.json")


def pytest_unconfigure(config: pytest.Config) -> None:
    while _scratch:
        shutil.rmtree(_scratch.pop(), ignore_errors=True)

"""Several kernels saving at once: 8 processes record 50 answers each in one chapter through the public
API while the parent keeps reading the file. The file lock keeps every answer; the atomic replace keeps
every read valid."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from transition_numerique.learner.progress import ProgressFile, ProgressStore

PROCESSES, ANSWERS, CHAPTER = 8, 50, "05"


def record(path: str, worker: int, start: multiprocessing.synchronize.Barrier) -> None:
    """One kernel: its own store object on the shared file, distinct question ids, the same chapter."""
    store = ProgressStore(Path(path))
    start.wait()
    for number in range(ANSWERS):
        store.record_answer(CHAPTER, f"p{worker}-q{number}", number, number % 2 == 0)


def test_eight_processes_lose_no_answer_and_the_file_is_never_half_written(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(PROCESSES + 1)
    workers = [context.Process(target=record, args=(str(path), n, start)) for n in range(PROCESSES)]
    for worker in workers:
        worker.start()
    start.wait(timeout=60)  # every process imported and ready: they all write at once from here
    counts_seen = set()
    while any(worker.is_alive() for worker in workers):
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            continue
        data = ProgressFile.model_validate_json(raw)  # raises on a corrupt or half-written file
        counts_seen.add(len(data.chapters[CHAPTER].quiz))
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    saved = ProgressFile.model_validate_json(path.read_bytes()).chapters[CHAPTER].quiz
    expected = {f"p{w}-q{n}" for w in range(PROCESSES) for n in range(ANSWERS)}
    assert len(saved) == PROCESSES * ANSWERS, f"{PROCESSES * ANSWERS - len(saved)} réponses perdues"
    assert set(saved) == expected
    assert all(saved[f"p{w}-q{n}"].reponse == n for w in range(PROCESSES) for n in range(ANSWERS))
    assert len(counts_seen) > 10  # the reader really read while the writers wrote

"""Checking many files on several CPUs, results in the order of the files, as if checked one by one.

Worker processes are forked from the process that has already loaded the playbook and the
options, so each worker has them without loading or pickling anything; a task is a span of
indexes into the list of files, and a result a list of `FileResult`s, unpickled in the parent,
where the reporters stay. At most a few spans per worker are in flight, so a slow reporter holds
back the workers rather than letting results pile up in memory.

A worker that dies (a crash in native code, the out-of-memory killer) takes its pool with it:
the files that were in flight are then checked again one per process, so that only the file
that kills its process ends as an internal error (exit 3) and every other file is reported.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from .run import FileResult, Options, Renderer, Source

# Below this many files a run is over before forking workers pays off.
MIN_FILES = 200
# Files per task: large enough that a task's overhead is small against checking its files.
MAX_SPAN = 64
# Tasks in flight per worker.
AHEAD = 4

# What a forked worker checks, and how it renders deals: set in the parent just before its
# workers are forked.
_WORK: list[tuple[Sequence[Source], Options, Renderer | None]] = []


def cpus() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def available() -> bool:
    """Whether workers can be forked here (Linux and other POSIX systems but macOS)."""
    import multiprocessing  # here: a run of a few files never needs it, nor its import time

    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def jobs_for(requested: int | None, files: int) -> int:
    """The workers for a run: `requested` (0 or None: one per CPU, once there are enough files)."""
    if requested is None or requested == 0:
        return cpus() if files >= MIN_FILES else 1
    return max(1, requested)


def check_parallel(
    sources: Sequence[Source], options: Options, jobs: int, render: Renderer | None = None
) -> Iterator[FileResult]:
    """`run.check_sources` over `jobs` forked workers (no standard input among `sources`)."""
    count = len(sources)
    span = max(1, min(MAX_SPAN, count // (jobs * AHEAD * 2) or 1))
    spans = deque((start, min(start + span, count)) for start in range(0, count, span))
    _WORK[:] = [(sources, options, render)]
    sys.stdout.flush()
    sys.stderr.flush()
    pool = _pool(jobs)
    in_flight: deque[tuple[tuple[int, int], Future[list[FileResult]]]] = deque()
    try:
        while spans or in_flight:
            while spans and len(in_flight) < jobs * AHEAD:
                try:
                    future = pool.submit(_check_span, *spans[0])
                except Exception:  # a broken pool: what is in flight fails below, then a new pool
                    break
                in_flight.append((spans.popleft(), future))
            if not in_flight:
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _pool(jobs)
                continue
            (start, stop), future = in_flight.popleft()
            try:
                results = future.result()
            except Exception:  # a worker died: its files are checked again below
                lost = [(start, stop), *(s for s, _ in in_flight)]
                in_flight.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                for lost_start, lost_stop in lost:
                    for index in range(lost_start, lost_stop):
                        yield _alone(index)
                pool = _pool(jobs)
                continue
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _WORK.clear()


def _pool(jobs: int) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))


def _check_span(start: int, stop: int) -> list[FileResult]:
    """In a worker: the results of files `start` to `stop` (exclusive)."""
    from .run import check_one

    sources, options, render = _WORK[0]
    results = [check_one(sources[index], options, _no_stdin) for index in range(start, stop)]
    if render is None:
        return results
    return [_rendered(result, render) for result in results]


def _rendered(result: FileResult, render: Renderer) -> FileResult:
    from .run import Rendered

    deal = result.deal
    if deal is None:
        return result
    return result._replace(deal=None, rendered=Rendered.of(deal, render(deal)))


def _alone(index: int) -> FileResult:
    """One file checked in a process of its own, after a worker died while checking it or others."""
    from .run import FileError, FileResult

    with _pool(1) as pool:
        try:
            return pool.submit(_check_span, index, index + 1).result()[0]
        except Exception as exc:  # this file kills the process that checks it
            name = _WORK[0][0][index].name
            message = (
                f"internal error: the process checking this file stopped ({type(exc).__name__}: {exc})"
                " (this is a bug in winwin; please report it with the file)"
            )
            return FileResult(name, errors=(FileError(name, 1, 1, message, internal=True),))


def _no_stdin() -> bytes:  # pragma: no cover - standard input is never sent to a worker
    raise AssertionError("standard input is read by the parent process")

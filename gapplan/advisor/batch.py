"""Many profiles -> many plans: read the inputs, plan every client (in parallel), write one report each.

The flow: :func:`gapplan.advisor.clients.read_inputs` turns profile files, folders of them and rosters into
:class:`~gapplan.advisor.clients.Client` records,
each with a safe, unique file name; :func:`run_batch` plans them in
this process and a process pool (only in this one with ``jobs=1``), writes each client's reports whole
and returns one :class:`Row` per client in input order; :func:`write_summary` writes the summary. A bad
client never stops the others: it becomes a row with its error. Nothing here prints.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
from collections import deque
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from gapplan.advisor.clients import Client, located
from gapplan.advisor.records import Row
from gapplan.advisor.signals import (
    Terminated,
    exit_with,
    sigint_blocked,
    sigterm_pipe,
    terminate_as_interrupt,
)
from gapplan.errors import GapplanError, InputError, OutputError
from gapplan.models import Catalog, Plan
from gapplan.output import flush_to_disk, stale_temp_files, write_atomic, write_new
from gapplan.render.formats import REPORT_FORMATS, PlanReport, ReportFormat, SummaryFormat, catalog_years

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BatchResult:
    rows: tuple[Row, ...]
    planned: int  # clients planned in this run
    skipped: int  # clients whose reports existed (--skip-existing)

    @property
    def exit_code(self) -> int:
        """3 if a report could not be written, else 2 if any client failed, else 1 if any plan is partial."""
        return max((r.exit_code for r in self.rows), default=0)


# --------------------------------------------------------------------------- planning


@dataclass(frozen=True)
class Settings:
    """What every worker needs, sent to each once."""

    catalog: Catalog
    out: Path
    goal: str | None
    formats: tuple[ReportFormat, ...]
    today: dt.date
    years: tuple[int, ...] = ()  # the catalog's as_of years, for the reports (computed once)
    new_folder: bool = False  # ``out`` was created by this run: reports are created in place

    @property
    def in_place(self) -> bool:
        """Write reports without a temporary file: in a new folder nothing is replaced, and a resume can
        tell a cut report from a whole one, as the JSON report (which it parses) is written last."""
        return self.new_folder and ReportFormat.json in self.formats


_WORKER: Settings | None = None


def _init_worker(settings: bytes, parent: int) -> None:
    """Pool initializer: keep the catalog (``settings`` pickled by the parent, which plans while its
    processes start); leave Ctrl-C to the parent, which lets chunks finish; and exit as soon as the
    parent is gone, however it ended (even ``kill -9``), or on SIGTERM, but never in the middle of
    writing a report."""
    import pickle

    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = pickle.loads(settings)
    exit_with(parent, sigterm_pipe())


def _run_chunk(chunk: list[tuple[Client, bool]]) -> list[Row]:
    assert _WORKER is not None, "worker not initialised"
    return [plan_client(_WORKER, client, write=write) for client, write in chunk]


def plan_client(settings: Settings, client: Client, *, write: bool = True) -> Row:
    """Plan one client and write its reports; any bad input of the client becomes an error row."""
    from gapplan.catalog import lookup
    from gapplan.planning.planner import make_plan
    from gapplan.render.formats import render_report

    base = Row(
        client=client.label, file="", input=client.source, goal=settings.goal or client.goal, status="error"
    )
    if client.profile is None:
        return replace(base, error=client.error, exit_code=2)
    profile = client.profile
    goal = settings.goal or profile.goal or ""
    base = replace(base, goal=goal)
    try:
        if not goal:
            raise InputError("no goal: the profile sets no 'goal' and the batch names none")
        # The batch's goal was resolved by the caller; a profile's own is resolved here, once.
        role = settings.goal or lookup.role(settings.catalog, goal).id
        plan = make_plan(settings.catalog, profile, role, today=profile.budget.start or settings.today)
    except GapplanError as err:
        return replace(base, error=located(err, client.source), exit_code=2)
    if write:
        try:
            report = PlanReport(plan, folders=settings.catalog.folders, as_of=settings.years)
            for fmt in settings.formats:  # the JSON report last (see Settings.in_place)
                path = settings.out / f"{client.slug}.{fmt.extension}"
                text = render_report(fmt, report)
                if not (settings.in_place and write_new(path, text)):
                    write_atomic(path, text, durable=False)  # run_batch flushes once at the end
        except OutputError as err:
            return replace(base, goal=role, error=located(err, client.source), exit_code=3)
    return plan_row(client, plan)


def plan_row(client: Client, plan: Plan) -> Row:
    t = plan.totals.path
    return Row(
        client=client.label,
        file=client.slug,
        input=client.source,
        goal=plan.goal,
        status=plan.status,
        cost_usd=t.cost_usd,
        hours=t.hours,
        weeks=t.weeks,
        steps=len(plan.steps),
        uncovered=len(plan.uncovered),
        exit_code=0 if plan.status == "complete" else 1,
    )


def existing_row(settings: Settings, client: Client) -> Row | None:
    """The summary row of a client whose reports all exist, rebuilt from its JSON report.

    None when a report is missing, or the JSON report is unreadable or for another goal: the client is
    then planned again.
    """
    if client.profile is None:
        return None
    paths = [settings.out / f"{client.slug}.{f.extension}" for f in settings.formats]
    if not all(p.is_file() for p in paths) or ReportFormat.json not in settings.formats:
        return None
    try:
        text = (settings.out / f"{client.slug}.json").read_text(encoding="utf-8")
        if not text.endswith("}\n"):  # cut short (a batch killed while writing it)
            return None
        data = json.loads(text)
        goal, status, totals = data["goal"]["id"], data["status"], data["totals"]["path"]
        wanted = (settings.goal or client.profile.goal or "").strip().lower()
        if goal != wanted or status not in ("complete", "partial", "blocked"):
            return None
        return Row(
            client=client.label,
            file=client.slug,
            input=client.source,
            goal=goal,
            status=status,
            cost_usd=float(totals["cost_usd"]),
            hours=float(totals["hours"]),
            weeks=int(totals["weeks"]),
            steps=len(data["steps"]),
            uncovered=len(data["uncovered"]),
            exit_code=0 if status == "complete" else 1,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def run_batch(
    catalog: Catalog,
    clients: Sequence[Client],
    *,
    out: Path,
    goal: str | None = None,
    formats: Sequence[ReportFormat] = REPORT_FORMATS,
    jobs: int = 1,
    today: dt.date,
    skip_existing: bool = False,
    progress: Progress | None = None,
) -> BatchResult:
    """Plan every client and write its reports into ``out``; rows come back in input order.

    ``goal`` (already checked against the catalog) replaces each profile's own goal. With ``jobs`` > 1 the
    clients are planned in chunks by this process and a pool of ``jobs - 1`` workers; the output is the
    same whatever ``jobs`` is. On Ctrl-C the pool finishes the chunks it has started (every file is
    written whole) and ``KeyboardInterrupt`` propagates; on SIGTERM the workers are stopped as soon as
    they are between two files and :class:`Terminated` (a ``KeyboardInterrupt``) propagates. Either way
    ``progress`` is told last how many clients are done (rows, or every report on disk), and no worker
    outlives this process, even one killed with SIGKILL. Temporary files a killed batch left in ``out``
    are removed first. In a folder this call creates, reports are written without temporary files (see
    :attr:`Settings.in_place`).
    """
    asked = tuple(dict.fromkeys(ReportFormat(f) for f in formats))
    settings = Settings(
        catalog=catalog,
        out=out,
        goal=goal,
        formats=tuple(sorted(asked, key=lambda f: f is ReportFormat.json)),  # JSON last, as is
        today=today,
        years=catalog_years(catalog),
        new_folder=_make_folder(out),
    )
    total = len(clients)
    rows: list[Row | None] = [None] * total
    if not settings.new_folder:  # a new folder holds nothing, stale or to skip
        _remove_stale_temp_files(settings, clients)
    skip_existing = skip_existing and not settings.new_folder
    tasks: list[tuple[Client, bool]] = []
    skipped = 0
    position = {id(client): n for n, client in enumerate(clients)}
    for n, client in enumerate(clients):
        if client.profile is None:
            rows[n] = plan_client(settings, client)
            continue
        if skip_existing and all((out / f"{client.slug}.{f.extension}").is_file() for f in settings.formats):
            row = existing_row(settings, client)
            if row is not None:
                rows[n] = row
                skipped += 1
            else:
                tasks.append((client, ReportFormat.json in settings.formats))  # rebuild an unreadable report
            continue
        tasks.append((client, True))
    done = total - len(tasks)
    if progress is not None:
        progress(done, total)
    chunks = _execute(settings, tasks, jobs)
    try:
        with terminate_as_interrupt():
            try:
                for chunk_rows in chunks:
                    for row, (client, _) in chunk_rows:
                        rows[position[id(client)]] = row
                    done += len(chunk_rows)
                    if progress is not None:
                        progress(done, total)
            except Terminated as err:  # raised here rather than in the pool's wait: stop the workers too
                with contextlib.suppress(Terminated):
                    chunks.throw(err)
                raise
            finally:
                chunks.close()  # the pool shuts down now, not whenever the generator is collected
    except KeyboardInterrupt:
        if progress is not None:  # what a resume will skip: finished rows and clients with every report
            progress(_done(settings, clients, rows), total)
        raise
    finally:
        flush_to_disk()  # the reports were written without a flush each
    final = tuple(r for r in rows if r is not None)
    assert len(final) == total
    return BatchResult(rows=final, planned=len(tasks), skipped=skipped)


def _make_folder(out: Path) -> bool:
    """Create ``out`` (and its parents) if need be; True when this call created it."""
    try:
        out.mkdir(parents=True)
        return True
    except FileExistsError as err:
        if out.is_dir():
            return False
        raise OutputError(f"cannot create the folder: {err.strerror or err}", file=str(out)) from None
    except OSError as err:
        raise OutputError(f"cannot create the folder: {err.strerror or err}", file=str(out)) from None


def _done(settings: Settings, clients: Sequence[Client], rows: Sequence[Row | None]) -> int:
    """Clients finished so far: a row, or all their reports on disk (a worker's chunk may be half done)."""
    formats = settings.formats
    return sum(
        1
        for client, row in zip(clients, rows, strict=True)
        if row is not None or all((settings.out / f"{client.slug}.{f.extension}").is_file() for f in formats)
    )


def _remove_stale_temp_files(settings: Settings, clients: Sequence[Client]) -> None:
    """Temporary files a killed batch left in ``out`` (only of the reports and summaries this batch
    writes, and only of processes that are gone)."""
    names = {f"{c.slug}.{f.extension}" for c in clients for f in settings.formats}
    names.update(f"summary.{f.extension}" for f in SummaryFormat)
    for path in stale_temp_files(settings.out, names):
        with contextlib.suppress(OSError):
            path.unlink()


def chunk_size(tasks: int, processes: int) -> int:
    """Big enough to amortise the round trip, small enough to balance the processes and show progress:
    an eighth of each process's share of the ``tasks`` left, at most 64 (so the last chunks are small)."""
    return max(1, min(64, tasks // (processes * 8)))


_OWN_CHUNK = 8  # clients this process plans between two looks at the workers' results


def _context() -> BaseContext:
    """Workers forked from a clean server process (spawned where there is none), never from this one.

    Forking a process that has run the solver can deadlock the child: HiGHS and numpy keep threads.
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(  # what every worker imports; not numpy or highspy (numpy starts threads)
        [
            "gapplan.advisor.batch",
            "gapplan.render.formats",
            "gapplan.render.jsonout",
            "gapplan.render.markdown",
            "gapplan.planning.planner",
            "networkx",
            "orjson",
        ]
    )
    return context


def _execute(
    settings: Settings, tasks: list[tuple[Client, bool]], jobs: int
) -> Generator[list[tuple[Row, tuple[Client, bool]]], None, None]:
    """Plan ``tasks`` in ``jobs`` processes, yielding the rows of each chunk as it is done.

    This process is one of them: it plans from the end of the list while ``jobs - 1`` workers take
    chunks from the front, so nothing waits for the workers to start (a new interpreter that imports the
    models and the solver and loads the catalog: most of a second), and the chunks shrink as the list
    does, so that all the processes finish together.
    """
    if not tasks:
        return
    processes = min(jobs, len(tasks))
    left = deque(tasks)
    if processes <= 1:
        size = chunk_size(len(tasks), 1)
        while left:
            chunk = [left.popleft() for _ in range(min(size, len(left)))]
            yield [(plan_client(settings, c, write=w), (c, w)) for c, w in chunk]
        return
    import pickle
    import threading
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    workers = processes - 1
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_init_worker,
        # pickled here: the thread that starts the processes would pickle it while this one plans
        initargs=(pickle.dumps(settings, pickle.HIGHEST_PROTOCOL), os.getpid()),
    )
    pending: dict[Future[list[Row]], list[tuple[Client, bool]]] = {}

    def take(size: int, *, front: bool) -> list[tuple[Client, bool]]:
        return [left.popleft() if front else left.pop() for _ in range(min(size, len(left)))]

    # Until a worker has returned rows, each has one small chunk: it may take longer to start than this
    # process takes to plan everything else.
    first = [take(min(_OWN_CHUNK, chunk_size(len(left), processes)), front=True) for _ in range(workers)]
    first = [chunk for chunk in first if chunk]
    launched: list[Future[list[Row]] | BaseException] = []

    def launch() -> None:  # the first submits start the processes, and wait for the forkserver to start
        try:
            with sigint_blocked():
                launched.extend(pool.submit(_run_chunk, chunk) for chunk in first)
        except BaseException as err:  # raised in the main thread, below
            launched.append(err)

    launcher = threading.Thread(target=launch, name="gapplan-pool-start", daemon=True)
    launcher.start()
    started = False  # a worker has returned rows

    def submit() -> None:  # a chunk running and one waiting for each worker
        if launcher.is_alive():
            return
        if launched:
            for future, chunk in zip(launched, first, strict=False):
                if isinstance(future, BaseException):
                    raise future
                pending[future] = chunk
            launched.clear()
        while started and left and len(pending) < 2 * workers:
            chunk = take(chunk_size(len(left), processes), front=True)
            pending[pool.submit(_run_chunk, chunk)] = chunk

    try:
        while left or pending or launched or launcher.is_alive():
            for future in [f for f in pending if f.done()]:
                chunk = pending.pop(future)
                started = True
                yield list(zip(future.result(), chunk, strict=True))
            submit()
            if left:
                own = take(min(_OWN_CHUNK, chunk_size(len(left), processes)), front=False)
                yield [(plan_client(settings, c, write=w), (c, w)) for c, w in own]
            elif pending:
                wait(pending, return_when=FIRST_COMPLETED)
            else:
                launcher.join()
    except Terminated:
        launcher.join()
        _stop_workers(pool)  # SIGTERM: now, not after the chunks (their files stay whole or unwritten)
        raise
    finally:
        # On Ctrl-C or an error: drop what has not started, let running chunks finish their files.
        try:
            launcher.join()
            pool.shutdown(wait=True, cancel_futures=True)
        except Terminated:  # SIGTERM while waiting for them
            _stop_workers(pool)
            raise


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
            process.join(5)
    with contextlib.suppress(Exception):
        pool.shutdown(wait=True, cancel_futures=True)


# --------------------------------------------------------------------------- the summary


def write_summary(
    out: Path, rows: Sequence[Row], fmt: SummaryFormat, formats: Sequence[ReportFormat] = REPORT_FORMATS
) -> Path:
    """Write ``summary.<ext>`` into ``out`` atomically (linking the Markdown reports when ``formats`` has
    them); returns its path."""
    from gapplan.render.formats import render_summary

    path = out / f"summary.{SummaryFormat(fmt).extension}"
    write_atomic(path, render_summary(SummaryFormat(fmt), rows, link=ReportFormat.markdown in formats))
    return path

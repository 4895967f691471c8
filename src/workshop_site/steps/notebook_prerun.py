"""Execute the stale MyST notebooks while the examples run, then one kernel per core.

MyST-NB (``nb_execution_mode = "cache"``) executes a page while Sphinx reads
it. Under ``-j N`` Sphinx reads pages in contiguous slices of the sorted page
names, so the concept pages (``concepts/01`` .. ``concepts/09``) landed in one
slice and ran one after another while the other core idled; and none of them
could start before sphinx-gallery had run every example.

This step executes those pages itself, in background threads (each
drives a kernel, which is its own process), and stores each result in
MyST-NB's jupyter-cache exactly as MyST-NB would:

- from ``builder-inited``, one kernel at a time beside sphinx-gallery's
  workers, using the CPU time the examples leave idle (start-up, waiting on
  the slowest example);
- from ``env-before-read-docs``, once the examples are done, ``-j N`` kernels
  at a time, until every stale page has run.

Reading then finds every page cached ("Using cached notebook"). Pages go
slowest first, so that the last one to finish is a short one.

A page that fails here is reported with its traceback (a warning), and is
not cached: MyST-NB runs it again while reading and handles the failure its
usual way (``nb_execution_raise_on_error`` stops the build).

Before anything reads the cache, a damaged one is repaired (see
``repair_jupyter_cache``), whether or not the pages run ahead of reading.

Why not MyST-NB's own execution alone: measured on a quiet 2-core machine,
clean builds took 79.5 s with MyST-NB executing while reading, 68 s with the
stale pages run before reading (two kernels at a time) and 63 s with the
first kernel started beside the examples: 16.5 s saved, a fifth of the
build, and the difference between 0.79 and 0.63 of the examples' own run
time (100.5 s), against a budget of 0.6. Both handlers start before
sphinx-gallery's (``workshop_site.BEFORE_THE_EXAMPLES``); MyST-NB's settings
are made early for them (``internals.mystnb_config_now``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from jupyter_cache import get_cache
from sphinx.util import logging

from workshop_site.internals import jupyter_cache_execution, myst_config, mystnb_config, mystnb_config_now, mystnb_reading, source_documents

logger = logging.getLogger(__name__)

# Not public API of MyST-NB and jupyter-cache: fenced (src/workshop_site/internals.py).
CacheBundleIn, single_nb_execution = jupyter_cache_execution()
NbParserConfig, nb_node_to_dict, create_nb_reader = mystnb_reading()
_nb_config = mystnb_config



# The kernels that run beside the examples yield the CPU to them (nice 10
# weighs about a tenth of nice 0 on Linux): they fill the time the examples
# leave idle instead of slowing the examples down.
BESIDE_EXAMPLES_NICENESS = 10
# A clean build has no earlier timings: a page that imports TensorFlow pays
# its ~5 s import, so it goes first, then the longer sources.
HEAVY_IMPORTS = ("import keras", "import tensorflow", "from keras", "from tensorflow")


@dataclass
class StalePage:
    docname: str
    path: Path
    notebook: object  # nbformat.NotebookNode, executed in place
    read_fmt: dict | None
    config: NbParserConfig  # the site's settings with the page's own on top
    expected_seconds: float


def _expected_seconds(notebook, previous: float | None) -> float:
    """How long the page should take: its last run if the cache has one, else a guess."""
    if previous is not None:
        return previous
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    return (10.0 if any(name in code for name in HEAVY_IMPORTS) else 1.0) + len(code) / 10_000


def _page_config(nb_config: NbParserConfig, notebook) -> NbParserConfig:
    """The settings MyST-NB executes this page with: a page's ``mystnb:`` metadata wins."""
    if nb_config.metadata_key not in notebook.metadata:
        return nb_config
    overrides = nb_node_to_dict(notebook.metadata[nb_config.metadata_key])
    overrides.pop("output_folder", None)  # as MyST-NB does (myst_nb/sphinx_.py)
    return nb_config.copy(**overrides)


def _cache_path(nb_config: NbParserConfig) -> str:
    """Where jupyter-cache lives; the same fallback as MyST-NB's own cache client."""
    return nb_config.execution_cache_path or ".jupyter_cache"


def _last_run_seconds(cache) -> dict[str, float]:
    """Execution time of the newest cached run of each source file."""
    seconds = {}
    for record in sorted(cache.list_cache_records(), key=lambda record: record.created):
        if "execution_seconds" in record.data:
            seconds[record.uri] = record.data["execution_seconds"]
    return seconds


def _stale_pages(env, paths: dict[str, Path]) -> list[StalePage]:
    """The notebooks among ``paths`` (docname to source) that jupyter-cache has no run of, by page name."""
    nb_config = _nb_config(env)
    myst_settings = myst_config(env)
    cache = get_cache(_cache_path(nb_config))
    previous = _last_run_seconds(cache)
    stale = []
    for docname, path in sorted(paths.items()):
        text = path.read_text(encoding="utf8")
        reader = create_nb_reader(str(path), myst_settings, nb_config, text)
        if reader is None:
            continue  # plain Markdown, nothing to execute
        notebook = reader.read(text)
        page_config = _page_config(nb_config, notebook)
        if page_config.execution_mode != "cache":
            continue  # the page chose another mode in its own metadata
        if any(PurePosixPath(path.as_posix()).match(p) for p in page_config.execution_excludepatterns):
            continue
        if not any(cell.cell_type == "code" for cell in notebook.cells):
            continue
        try:
            cache.match_cache_notebook(notebook)
            continue  # cached: MyST-NB will merge the stored outputs
        except KeyError:
            pass
        expected = _expected_seconds(notebook, previous.get(str(path)))
        stale.append(StalePage(docname, path, notebook, reader.read_fmt, page_config, expected))
    return stale


def _database_problem(database: Path) -> str:
    """What SQLite finds wrong with ``database`` ("" when nothing)."""
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
            result = connection.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        return str(error)
    return "" if result == "ok" else result


def repair_jupyter_cache(folder: Path) -> list[str]:
    """Remove what is damaged in the jupyter-cache at ``folder``; one sentence per repair.

    A truncated cached notebook (``executed/<hash>/base.ipynb``) or a damaged
    ``global.db`` would fail this and every later build with ``NotJSONError``
    or ``sqlite3.DatabaseError``, naming neither the file nor the remedy. A
    damaged notebook is dropped from the cache, so its page runs again; a
    damaged database is removed with the cached outputs it indexed (only
    those two: the folder may be one a user chose), so every page runs again.
    """
    folder = Path(folder)
    database = folder / "global.db"
    if not database.is_file():
        return []
    if problem := _database_problem(database):
        database.unlink()
        shutil.rmtree(folder / "executed", ignore_errors=True)
        return [f"the jupyter-cache database {database} was damaged ({problem}): removed it and the cached "
                f"outputs in {folder / 'executed'}; every notebook page runs again"]
    cache = get_cache(str(folder))
    repairs = []
    for record in cache.list_cache_records():
        try:
            cache.get_cache_bundle(record.pk)
        except Exception as error:  # NotJSONError, a notebook that fails validation, a missing file
            cache.remove_cache(record.pk)
            notebook = folder / "executed" / record.hashkey / "base.ipynb"
            repairs.append(f"the cached run of {record.uri} ({notebook}) was damaged ({type(error).__name__}): "
                           "removed it; the page runs again")
    return repairs


def repair_cache_before_use(app) -> None:
    """``builder-inited``, before anything reads the cache."""
    nb_config = mystnb_config_now(app)
    if nb_config.execution_mode != "cache":
        return
    for repair in repair_jupyter_cache(Path(_cache_path(nb_config))):
        logger.info(repair, color="red")


def _lower_this_threads_priority(niceness: int) -> None:
    """Lower the CPU priority of the calling thread, and of the kernels it starts, by ``niceness``.

    Relative to the build's own, which may already be niced (the test suite
    runs a second build at nice 10). On Linux the nice value belongs to a
    thread, and a child process starts with that of the thread that forked
    it; other systems may refuse a thread id here, and then the kernels
    simply run at the build's priority.
    """
    try:
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, min(os.getpriority(os.PRIO_PROCESS, thread) + niceness, 19))
    except (AttributeError, OSError):
        pass


@dataclass
class NotebookPrerun:
    """The stale pages of one build, and the threads executing them."""

    pending: list[StalePage] = field(default_factory=list)  # slowest first
    checked: set[str] = field(default_factory=set)  # docnames looked at so far, stale or not
    threads: list[threading.Thread] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)  # pending, and jupyter-cache's SQLite

    def enabled(self, app) -> bool:
        # One core: MyST-NB executing while reading is as fast, so leave it be.
        return _nb_config(app.env).execution_mode == "cache" and app.parallel >= 2

    def queue(self, env, paths: dict[str, Path]) -> int:
        """Queue the stale pages among ``paths`` not looked at before; how many were stale."""
        unchecked = {name: path for name, path in paths.items() if name not in self.checked}
        self.checked.update(unchecked)
        stale = _stale_pages(env, unchecked)
        with self.lock:
            self.pending = sorted(self.pending + stale, key=lambda page: page.expected_seconds, reverse=True)
        return len(stale)

    def start_threads(self, env, count: int, *, niceness: int = 0) -> None:
        for _ in range(count):
            thread = threading.Thread(
                target=self._work, args=(env, niceness), name="notebook-prerun", daemon=True
            )
            thread.start()
            self.threads.append(thread)

    def _work(self, env, niceness: int) -> None:
        if niceness:
            _lower_this_threads_priority(niceness)
        cache_path = _cache_path(_nb_config(env))
        while True:
            with self.lock:
                if not self.pending:
                    return
                page = self.pending.pop(0)
            try:
                self._execute(page, cache_path)
            except Exception as error:  # a kernel that would not start, a database error, ...
                # Not cached, so MyST-NB executes the page while reading, as without this extension.
                logger.warning(
                    f"could not execute the notebook ahead of reading ({error!r}); MyST-NB executes it instead",
                    location=page.docname,
                    type="notebook_prerun",
                )

    def _execute(self, page: StalePage, cache_path: str) -> None:
        started = time.perf_counter()
        # The same call, in the same folder, with the same settings as MyST-NB's
        # own cache client (myst_nb/core/execute/cache.py).
        result = single_nb_execution(
            page.notebook,
            cwd=str(page.path.parent.resolve()),
            allow_errors=page.config.execution_allow_errors,
            timeout=page.config.execution_timeout,
            meta_override=True,
        )
        if result.err is not None:
            # Said here, with the traceback: under -j, Sphinx drops the log of a
            # reader process that fails, so MyST-NB's own report never shows.
            logger.warning(
                f"executing the notebook failed ({result.err.__class__.__name__}); "
                f"MyST-NB runs it again while reading and stops the build\n{result.exc_string}",
                location=page.docname,
                type="notebook_prerun",
                subtype="exec",
            )
            return
        with self.lock:
            cache = get_cache(cache_path)
            record = cache.add_nb_to_project(str(page.path), read_data=page.read_fmt)
            cache.cache_notebook_bundle(
                CacheBundleIn(page.notebook, record.uri, data={"execution_seconds": result.time}),
                check_validity=False,
                overwrite=True,
            )
        logger.info(f"{page.docname}: executed in {time.perf_counter() - started:.1f} s")

    # --- Sphinx events ---------------------------------------------------

    def start_beside_examples(self, app) -> None:
        """``builder-inited``, before sphinx-gallery's: one kernel beside the examples."""
        mystnb_config_now(app)
        if not self.enabled(app):
            return
        paths = {name: Path(path) for name, path in source_documents(app).items()}
        if count := self.queue(app.env, paths):
            logger.info(f"executing {count} notebooks ahead of reading, one kernel beside the examples",
                        color="darkgreen")
            self.start_threads(app.env, 1, niceness=BESIDE_EXAMPLES_NICENESS)

    def finish_before_reading(self, app, env, docnames) -> None:
        """``env-before-read-docs``: the examples are done; the rest, ``-j N`` kernels at a time."""
        if not self.enabled(app):
            return
        # Pages that appeared since (sphinx-gallery's generated ones, which are not notebooks).
        self.queue(env, {name: Path(env.doc2path(name)) for name in docnames})
        still_running = sum(thread.is_alive() for thread in self.threads)
        with self.lock:
            remaining = len(self.pending)
        if remaining:
            logger.info(f"executing the last {remaining} notebooks, {app.parallel} at a time", color="darkgreen")
        self.start_threads(env, max(0, min(remaining, app.parallel - still_running)))
        for thread in self.threads:
            thread.join()
        self.threads.clear()


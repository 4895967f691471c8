"""The fix-the-model snippets, run in Keras at build time: together, in the background, cached.

All snippets that the cache does not know yet run in one process
(``python -m workshop_site.content.practice.run_snippets``), started when the
build starts so that it runs beside the gallery's examples, at a lower
priority (nice 10, as the concept pages' early kernel), taking only the CPU
they leave idle. Their outcomes are kept beside the doctrees, by the hash of
what was run (``snippet_key``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sphinx.util import logging

from workshop_site.background import BackgroundProgram
from workshop_site.content.practice.questions import Question, site_fix_questions

logger = logging.getLogger(__name__)

CACHE_NAME = "practice-snippets.json"
RUNNER_MODULE = "workshop_site.content.practice.run_snippets"
# Bump when the runner changes what it records: every cached outcome is then stale.
RUNNER_VERSION = "1"


def snippet_key(question: Question) -> str:
    text = "\0".join([RUNNER_VERSION, question.snippet, question.expect.get("check", "")])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def snippet_spec(question: Question) -> dict:
    return {"code": question.snippet, "check": question.expect.get("check", "")}


def SnippetRun(specs: dict[str, dict], timeout: float = 600) -> BackgroundProgram:
    """The snippets running in one Python process in the background; ``results()`` waits for them."""
    return BackgroundProgram(RUNNER_MODULE, ["specs.json"], what="practice: the snippet runner", timeout=timeout,
                             files={"specs.json": json.dumps(specs)})


def run_snippets(specs: dict[str, dict], timeout: float = 600) -> dict[str, dict]:
    """Run each {key: {"code", "check"}} in one fresh Python process; return {key: outcome}."""
    return SnippetRun(specs, timeout).results() if specs else {}


def cache_path(doctreedir) -> Path:
    return Path(doctreedir) / CACHE_NAME


def load_cache(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def cached_outcome(doctreedir, question: Question) -> dict:
    """The snippet's outcome from the cache; run now if the cache lacks it (a page written after the build began)."""
    key = snippet_key(question)
    outcome = load_cache(cache_path(doctreedir)).get(key)
    return outcome if outcome is not None else run_snippets({key: snippet_spec(question)})[key]


class Snippets:
    """One build's snippet run: started with the build, collected before the pages are read."""

    def __init__(self) -> None:
        self.running: SnippetRun | None = None
        self.keys: set[str] | None = None  # every snippet of the site, to drop stale outcomes

    def start(self, app) -> None:
        """``builder-inited``, before sphinx-gallery runs the examples: the stale snippets, in the background."""
        self.running = None
        questions = site_fix_questions(Path(app.srcdir))
        cache = load_cache(cache_path(app.doctreedir))
        stale = {snippet_key(q): snippet_spec(q) for q in questions}
        stale = {key: spec for key, spec in stale.items() if key not in cache}
        if stale:
            logger.info(f"practice: running {len(stale)} snippet(s) in Keras, in the background")
            self.running = SnippetRun(stale)
        self.keys = {snippet_key(q) for q in questions}

    def collect(self, app, env, docnames) -> None:
        """``env-before-read-docs``: wait for the outcomes and keep them in the cache."""
        path = cache_path(app.doctreedir)
        cache = load_cache(path)
        if self.running is not None:
            cache.update(self.running.results())
            self.running = None
        keep = self.keys if self.keys is not None else set(cache)
        cache = {key: value for key, value in cache.items() if key in keep}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")

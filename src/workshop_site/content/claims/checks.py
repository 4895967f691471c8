"""The checks file, read without running it, and one build's run of it: in the background, cached.

Every check runs in one Python process
(``python -m workshop_site.content.claims.run_checks``), started when the build
starts so that it runs beside the gallery's examples, at a lower priority
(nice 10), taking only the CPU they leave idle. The results are kept beside the
doctrees, keyed by the checks file's text and the installed versions of the
libraries the claims are about, so a rebuild runs nothing.
"""

from __future__ import annotations

import ast
import hashlib
import json
from importlib import metadata
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util import logging

from workshop_site.background import BackgroundProgram
from workshop_site.content.claims import collector
from workshop_site.content.claims.listing import list_nodes
from workshop_site.content.claims.marks import claim_mark, claim_value, claims_list
from workshop_site.content.claims.run_checks import claim_id

logger = logging.getLogger(__name__)

CACHE_NAME = "claims-results.json"
RUNNER_MODULE = "workshop_site.content.claims.run_checks"
# Bump when the runner changes what it records: every cached result is then stale.
RUNNER_VERSION = "1"
# The libraries the claims are about: a new version of any re-runs every check.
LIBRARIES = ("keras", "tensorflow", "numpy", "matplotlib")


def read_checks(path: Path) -> dict[str, dict]:
    """{claim id: {"function", "summary", "source", "line"}} of every ``check_*`` function, in file order."""
    text = path.read_text(encoding="utf-8")
    checks = {}
    for node in ast.parse(text, filename=str(path)).body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("check_"):
            docstring = ast.get_docstring(node) or ""
            summary = " ".join(docstring.split("\n\n")[0].split())
            if not summary:
                raise ExtensionError(f"claims: {path}:{node.lineno}: {node.name} needs a docstring whose first line "
                                     "states the claim")
            checks[claim_id(node.name)] = {
                "function": node.name,
                "summary": summary,
                "source": ast.get_source_segment(text, node, padded=False),
                "line": node.lineno,
            }
    return checks


def cache_key(path: Path) -> str:
    versions = []
    for library in LIBRARIES:
        try:
            versions.append(f"{library}=={metadata.version(library)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{library} absent")
    text = "\0".join([RUNNER_VERSION, path.read_text(encoding="utf-8"), *versions])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def CheckRun(path: Path, timeout: float = 900) -> BackgroundProgram:
    """The checks running in one Python process in the background; ``results()`` waits for them.

    In the checks file's folder: a check may read or import what lies beside it.
    """
    return BackgroundProgram(RUNNER_MODULE, [str(path)], what="claims: the checks file", timeout=timeout, cwd=path.parent)


def load_cache(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class ClaimChecks:
    """One build's checks: started with the build, judged once every page is read, shown as pages are written."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.checks: dict[str, dict] = {}
        self.key = ""
        self.cache: Path | None = None
        self.running: CheckRun | None = None
        self.outcome: dict[str, dict] | None = None

    def start(self, app) -> None:
        """``builder-inited``, before sphinx-gallery runs the examples: the checks, in the background unless cached."""
        self.path = Path(app.srcdir) / app.config.claims_checks_file
        self.checks, self.key, self.running, self.outcome = {}, "", None, None
        self.cache = Path(app.doctreedir) / CACHE_NAME
        if not self.path.is_file():
            # A site without claims needs no checks file; a page that makes one fails in judge().
            self.outcome = {}
            return
        self.checks = read_checks(self.path)
        self.key = cache_key(self.path)
        cached = load_cache(self.cache)
        if cached.get("key") == self.key:
            self.outcome = cached["results"]
        else:
            logger.info(f"claims: running {len(self.checks)} check(s) in the background")
            self.running = CheckRun(self.path)

    def results(self) -> dict[str, dict]:
        """The checks' results, waiting for the background run (then cached) if need be."""
        if self.outcome is None:
            self.outcome = self.running.results()
            self.running = None
            self.cache.parent.mkdir(parents=True, exist_ok=True)
            self.cache.write_text(json.dumps({"key": self.key, "results": self.outcome}, indent=1), encoding="utf-8")
        return self.outcome

    def judge(self, app, env) -> None:
        """``env-check-consistency``: fail the build, naming each sentence's page, for a failed or missing check."""
        outcome, checks_file = self.results(), app.config.claims_checks_file
        sentences = collector.sentences_of(env)
        if not self.path.is_file() and any(sentences.values()):
            pages = ", ".join(str(env.doc2path(doc)) for doc, found in sorted(sentences.items()) if found)
            raise ExtensionError(f"claims: these pages make claims but there is no checks file at {self.path} "
                                 f"(claims_checks_file = {checks_file!r}): {pages}")
        problems, used = [], set()
        for doc in sorted(sentences):
            for found in sentences[doc]:
                claim = found["claim"]
                used.add(claim)
                result = outcome.get(claim, {})
                if claim not in self.checks:
                    problem = (f"claim {claim!r} has no check: define check_{claim.replace('-', '_')}() "
                               f"in {checks_file}")
                elif not result.get("ok"):
                    problem = (f"the library no longer behaves as claim {claim!r} says "
                               f"({self.checks[claim]['summary']}): {result.get('error', 'it did not run')}")
                elif "value" in found and found["value"] not in result["values"]:
                    problem = (f"check {claim!r} returns no value {found['value']!r}; "
                               f"it returns {sorted(result['values'])}")
                else:
                    continue
                problems.append(f"{env.doc2path(doc)}:{found['line']}: {problem}")
                logger.warning(problem, location=(doc, found["line"]), type="claims")
        for claim, check in self.checks.items():
            if claim not in used:
                logger.warning(f"claims: {check['function']} checks a claim that no page makes; mark its sentence "
                               f"with {{claim}}`{claim}` or remove the check", location=(str(self.path), check["line"]),
                               type="claims")
        if problems:
            raise ExtensionError("claims: the build does not prove what these sentences say:\n" + "\n".join(problems))

    def resolve(self, app, doctree, docname: str) -> None:
        """``doctree-resolved``: link the marks to the claims page, write the values, fill the claims page's list."""
        outcome, list_doc = self.results(), collector.list_page(app.env)
        for mark in list(doctree.findall(claim_mark)):
            claim = mark["claim"]
            mark["summary"] = self.checks.get(claim, {}).get("summary", "")
            mark["refuri"] = (app.builder.get_relative_uri(docname, list_doc) if list_doc else "") + f"#{claim}"
        for value in list(doctree.findall(claim_value)):
            number = outcome.get(value["claim"], {}).get("values", {}).get(value["key"], float("nan"))
            value.replace_self(nodes.Text(format(number, value["spec"])))
        for placeholder in list(doctree.findall(claims_list)):
            placeholder.replace_self(list_nodes(app.env, app.builder, self.checks, docname))

"""Sphinx extension ``claims``: every sentence about a library's behaviour is checked by the build.

A sentence that says how Keras, TensorFlow, NumPy or Matplotlib behaves ends
with a mark naming its claim, ``{claim}`adam-step-not-capped``` in MyST or
``:claim:`adam-step-not-capped``` in reStructuredText (gallery scripts,
docstrings). The claim's check is a function in the checks file
(``claims_checks_file``, relative to the source folder)::

    def check_adam_step_not_capped():
        "Adam's step can exceed eta (1 - beta_1) / sqrt(1 - beta_2)."
        ...  # run the library; an assert that fails when it behaves otherwise
        return {"worst": 7.12}  # optional: numbers the pages may show

``check_`` + the id with ``-`` as ``_``; the docstring's first line is the
claim in one line. When the build starts, the checks run in one separate
Python process in the background (cached by the checks file's text and the
installed versions of the libraries), so they cost nothing on a rebuild. The
build then fails, naming the page and line of every sentence concerned, when
a check fails, when a sentence names a claim that has no check, and warns of
a check that no sentence uses. ``{claim-value}`id.key:format``` writes a
number a check returned (a question's feedback quotes the run that proves it).

``{claims-list}`` (on docs/claims.md) lists every claim: its line, its check
and a link back to each sentence that makes it, then every check's code.

Self-contained: it needs nothing from the other modules of docs/_ext.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

logger = logging.getLogger(__name__)

CACHE_NAME = "claims-results.json"
# Bump when the runner changes what it records: every cached result is then stale.
RUNNER_VERSION = "1"
# The libraries the claims are about: a new version of any re-runs every check.
LIBRARIES = ("keras", "tensorflow", "numpy", "matplotlib")
MARK = "\u2713"  # the check mark after a checked sentence

RUNNER = r'''
import importlib.util, json, random, sys, time, traceback
path = sys.argv[1]
spec = importlib.util.spec_from_file_location("claim_checks", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
results = {}
for name, check in list(vars(module).items()):
    if not (name.startswith("check_") and callable(check)):
        continue
    claim = name[len("check_"):].replace("_", "-")
    # Every check starts from the same seeds, whatever ran before it.
    random.seed(0)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(0)
    if "keras" in sys.modules:
        sys.modules["keras"].backend.clear_session()
        sys.modules["keras"].utils.set_random_seed(0)
    start = time.perf_counter()
    try:
        value = check()
        results[claim] = {"ok": True, "values": {k: float(v) for k, v in (value or {}).items()}}
    except Exception as error:
        text = "".join(traceback.format_exception_only(type(error), error)).strip()
        results[claim] = {"ok": False, "error": text[-1500:] or type(error).__name__}
    results[claim]["seconds"] = round(time.perf_counter() - start, 3)
json.dump(results, sys.stdout)
'''


# --- The checks file, read without running it ---------------------------------


def claim_id(function_name: str) -> str:
    return function_name[len("check_"):].replace("_", "-")


def read_checks(path: Path) -> dict[str, dict]:
    """{claim id: {"function", "summary", "source", "line"}} of every ``check_*`` function, in file order."""
    text = path.read_text(encoding="utf-8")
    checks = {}
    for node in ast.parse(text, filename=str(path)).body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("check_"):
            docstring = ast.get_docstring(node) or ""
            summary = " ".join(docstring.split("\n\n")[0].split())
            if not summary:
                raise ExtensionError(f"claims: {path}:{node.lineno}: {node.name} needs a docstring whose first line states the claim")
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


class CheckRun:
    """The checks running in one Python process in the background; ``results()`` waits for them.

    At a lower priority (nice 10), so that beside the gallery's examples it
    takes only the CPU they leave idle.
    """

    def __init__(self, path: Path, timeout: float = 900):
        self.timeout = timeout
        self.folder = tempfile.TemporaryDirectory(prefix="claims-")
        folder = Path(self.folder.name)
        self.stdout = open(folder / "out.json", "w+", encoding="utf-8")  # noqa: SIM115 - closed in results()
        self.stderr = open(folder / "err.txt", "w+", encoding="utf-8")  # noqa: SIM115
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONHASHSEED": "0"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", RUNNER, str(path)],
            stdout=self.stdout, stderr=self.stderr, env=env, cwd=str(path.parent), preexec_fn=lambda: os.nice(10),
        )

    def results(self) -> dict[str, dict]:
        try:
            returncode = self.process.wait(self.timeout)
            self.stdout.seek(0)
            self.stderr.seek(0)
            output, errors = self.stdout.read(), self.stderr.read()
        finally:
            self.stdout.close()
            self.stderr.close()
            self.folder.cleanup()
        if returncode != 0 or not output.strip():
            raise ExtensionError(f"claims: the checks file could not run (exit {returncode}):\n{errors[-3000:]}")
        return json.loads(output.strip().splitlines()[-1])


def checks_path(app: Sphinx) -> Path:
    return Path(app.srcdir) / app.config.claims_checks_file


def start_checks(app: Sphinx) -> None:
    """When the build starts: run the checks in the background unless the cache holds their results."""
    path = checks_path(app)
    if not path.is_file():
        raise ExtensionError(f"claims: no checks file at {path} (claims_checks_file = {app.config.claims_checks_file!r})")
    app.claims_checks = read_checks(path)
    app.claims_key = cache_key(path)
    app.claims_run = None
    cached = _load_cache(app)
    if cached.get("key") == app.claims_key:
        app.claims_results = cached["results"]
    else:
        logger.info(f"claims: running {len(app.claims_checks)} check(s) in the background")
        app.claims_results = None
        app.claims_run = CheckRun(path)


def _cache_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / CACHE_NAME


def _load_cache(app: Sphinx) -> dict:
    try:
        data = json.loads(_cache_path(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def results(app: Sphinx) -> dict[str, dict]:
    """The checks' results, waiting for the background run (then cached) if need be."""
    if app.claims_results is None:
        app.claims_results = app.claims_run.results()
        app.claims_run = None
        path = _cache_path(app)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"key": app.claims_key, "results": app.claims_results}, indent=1), encoding="utf-8")
    return app.claims_results


# --- Marks in the pages ------------------------------------------------------


class claim_mark(nodes.Inline, nodes.Element):
    """The mark after a checked sentence: a link to its line on the claims page."""


class claim_value(nodes.Inline, nodes.Element):
    """A number a check returned; replaced by its text once the checks have run."""


class claims_list(nodes.General, nodes.Element):
    """The claims page's list; filled in once every page has been read."""


def _occurrences(env) -> dict[str, list[dict]]:
    if not hasattr(env, "claims_occurrences"):
        env.claims_occurrences = {}
    return env.claims_occurrences


class ClaimRole(SphinxRole):
    """``{claim}`id```: marks the sentence before it as checked by the check of that id."""

    def run(self):
        claim = self.text.strip()
        found = _occurrences(self.env).setdefault(self.env.docname, [])
        n_before = sum(1 for o in found if o["claim"] == claim)
        anchor = f"claim-{claim}" + (f"-{n_before + 1}" if n_before else "")
        found.append({"claim": claim, "anchor": anchor, "line": self.lineno})
        node = claim_mark(claim=claim, ids=[anchor])
        self.set_source_info(node)
        return [node], []


class ClaimValueRole(SphinxRole):
    """``{claim-value}`id.key:format```: the number ``key`` that claim's check returned."""

    def run(self):
        reference, _, spec = self.text.strip().partition(":")
        claim, _, key = reference.partition(".")
        if not key:
            msg = self.inliner.reporter.error(f"claim-value wants 'claim-id.key:format', got {self.text!r}", line=self.lineno)
            return [], [msg]
        _occurrences(self.env).setdefault(self.env.docname, []).append({"claim": claim, "anchor": "", "line": self.lineno, "value": key})
        node = claim_value(claim=claim, key=key, spec=spec)
        self.set_source_info(node)
        return [node], []


class ClaimsListDirective(SphinxDirective):
    """``{claims-list}``: every claim with its check and the sentences that make it."""

    def run(self):
        node = claims_list()
        self.set_source_info(node)
        self.env.claims_list_docs = getattr(self.env, "claims_list_docs", set()) | {self.env.docname}
        return [node]


def visit_mark_html(translator, node: claim_mark) -> None:
    label = f"Checked by the build: {node['summary']}" if node.get("summary") else "Checked by the build"
    translator.body.append(
        f'<a class="claim-mark" id="{translator.attval(node["ids"][0])}" href="{translator.attval(node["refuri"])}" '
        f'aria-label="{translator.attval(label)}" title="{translator.attval(label)}">{MARK}</a>'
    )
    raise nodes.SkipNode


def visit_mark_text(translator, node: claim_mark) -> None:
    raise nodes.SkipNode


def _skip(translator, node) -> None:
    raise nodes.SkipNode


def _pass(translator, node) -> None:
    pass


# --- Environment: which page says what ----------------------------------------------


def purge_doc(app: Sphinx, env, docname: str) -> None:
    _occurrences(env).pop(docname, None)
    if hasattr(env, "claims_list_docs"):
        env.claims_list_docs.discard(docname)


def merge_info(app: Sphinx, env, docnames, other) -> None:
    mine = _occurrences(env)
    for doc in docnames:
        if doc in getattr(other, "claims_occurrences", {}):
            mine[doc] = other.claims_occurrences[doc]
        if doc in getattr(other, "claims_list_docs", set()):
            env.claims_list_docs = getattr(env, "claims_list_docs", set()) | {doc}


def outdated_list(app: Sphinx, env, added, changed, removed) -> list[str]:
    """The claims page is written again whenever a page is re-read (it links to them all)."""
    touched = set(added) | set(changed) | set(removed)
    return sorted(getattr(env, "claims_list_docs", set()) - touched) if touched else []


def check_claims(app: Sphinx, env) -> None:
    """Fail the build, naming each sentence's page, for a failed or missing check."""
    checks, outcome = app.claims_checks, results(app)
    problems, used = [], set()
    for doc in sorted(_occurrences(env)):
        for found in env.claims_occurrences[doc]:
            claim = found["claim"]
            used.add(claim)
            where = (doc, found["line"])
            if claim not in checks:
                problems.append(f"{env.doc2path(doc)}:{found['line']}: claim {claim!r} has no check: "
                                f"define check_{claim.replace('-', '_')}() in {app.config.claims_checks_file}")
            elif not outcome.get(claim, {}).get("ok"):
                error = outcome.get(claim, {}).get("error", "it did not run")
                problems.append(f"{env.doc2path(doc)}:{found['line']}: the library no longer behaves as claim {claim!r} says "
                                f"({checks[claim]['summary']}): {error}")
            elif "value" in found and found["value"] not in outcome[claim]["values"]:
                problems.append(f"{env.doc2path(doc)}:{found['line']}: check {claim!r} returns no value {found['value']!r}; "
                                f"it returns {sorted(outcome[claim]['values'])}")
            else:
                continue
            logger.warning(problems[-1].split(": ", 1)[1], location=where, type="claims")
    for claim in checks:
        if claim not in used:
            logger.warning(f"claims: check_{claim.replace('-', '_')} checks a claim that no page makes; mark its sentence "
                           f"with {{claim}}`{claim}` or remove the check", location=(str(checks_path(app)), checks[claim]["line"]),
                           type="claims")
    if problems:
        raise ExtensionError("claims: the build does not prove what these sentences say:\n" + "\n".join(problems))


def resolve(app: Sphinx, doctree, docname: str) -> None:
    """Link the marks to the claims page, write the values, fill the claims page's list."""
    builder, checks, outcome = app.builder, app.claims_checks, results(app)
    list_doc = sorted(getattr(app.env, "claims_list_docs", set()) or {""})[0]
    for mark in list(doctree.findall(claim_mark)):
        claim = mark["claim"]
        mark["summary"] = checks.get(claim, {}).get("summary", "")
        mark["refuri"] = (builder.get_relative_uri(docname, list_doc) if list_doc else "") + f"#{claim}"
    for value in list(doctree.findall(claim_value)):
        number = outcome.get(value["claim"], {}).get("values", {}).get(value["key"], float("nan"))
        value.replace_self(nodes.Text(format(number, value["spec"])))
    for placeholder in list(doctree.findall(claims_list)):
        placeholder.replace_self(list_nodes(app, docname))


def list_nodes(app: Sphinx, here: str) -> list[nodes.Node]:
    env, builder, checks, outcome = app.env, app.builder, app.claims_checks, results(app)
    said_on: dict[str, list[tuple[str, str]]] = {}
    for doc in sorted(_occurrences(env)):
        for found in env.claims_occurrences[doc]:
            if found["anchor"]:
                said_on.setdefault(found["claim"], []).append((doc, found["anchor"]))
    total = nodes.paragraph(text=f"{len(checks)} claims, each checked by running the code under it when this site was built.",
                            classes=["claims-total"])
    claims = nodes.bullet_list(classes=["claims-list"])
    code = nodes.container(classes=["claims-code"])
    for claim, check in checks.items():
        item = nodes.list_item(ids=[claim])
        line = nodes.paragraph()
        line += nodes.Text(check["summary"] + " Checked by ")
        line += nodes.reference("", "", nodes.literal(text=check["function"]), internal=True, refuri=f"#check-{claim}")
        line += nodes.Text("; said on ")
        pages: dict[str, list[str]] = {}
        for doc, anchor in said_on.get(claim, []):
            pages.setdefault(doc, []).append(anchor)
        for index, (doc, anchors) in enumerate(pages.items()):
            title = env.titles[doc].astext() if doc in env.titles else doc
            uri = builder.get_relative_uri(here, doc)
            line += nodes.Text(", " if index else "")
            line += nodes.reference("", title, internal=True, refuri=f"{uri}#{anchors[0]}")
            # The page's further sentences with the same claim, numbered (their anchors end in -2, -3, ...).
            for number, anchor in enumerate(anchors[1:], start=2):
                line += nodes.Text(", ")
                line += nodes.reference("", f"sentence {number}", internal=True, refuri=f"{uri}#{anchor}")
        line += nodes.Text(".")
        item += line
        claims += item
        block = nodes.literal_block(check["source"], check["source"], language="python", ids=[f"check-{claim}"])
        code += block
    heading = nodes.rubric(text="The checks")
    return [total, claims, heading, code]


def setup(app: Sphinx) -> dict:
    app.add_config_value("claims_checks_file", "claim_checks.py", "env", types=[str])
    app.add_node(claim_mark, html=(visit_mark_html, None), latex=(visit_mark_text, None), text=(visit_mark_text, None),
                 man=(visit_mark_text, None), texinfo=(visit_mark_text, None))
    app.add_node(claim_value, html=(_skip, None), text=(_skip, None), latex=(_skip, None))
    app.add_node(claims_list, html=(_skip, None), text=(_skip, None), latex=(_skip, None))
    app.add_role("claim", ClaimRole())
    app.add_role("claim-value", ClaimValueRole())
    app.add_directive("claims-list", ClaimsListDirective)
    app.connect("builder-inited", start_checks)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("env-get-outdated", outdated_list)
    app.connect("env-check-consistency", check_claims)
    app.connect("doctree-resolved", resolve)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}

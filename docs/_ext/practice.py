"""Sphinx extension ``practice``: "Check yourself" questions, checked in the page.

Why not a library: sphinx-exercise gives numbered exercise and solution boxes
but checks no answer and keeps no progress; jupyterquiz writes its questions
into an inline ``<script>`` (blocked by a strict Content-Security-Policy),
renders them only with JavaScript and knows nothing of the build's numbers;
quizdown-js parses Markdown in the browser (nothing shows without JavaScript)
and weighs several times our budget. So: one directive, next to ``widget``.

A question is written once, in the page's MyST, as YAML whose texts are MyST::

    ```{question} relu-input
    kind: single            # single | several | number | fix
    see: relu               # the heading (anchor) that explains it
    text: What is $x$ in $\\max(0, x)$?
    options:
    - text: The neuron's weighted sum.
      correct: true
      why: ReLU acts on $x = \\sum_i w_i a_i + b$.
    - text: A raw input feature.
      why: Only the first layer sees the features, and it still weighs them first.
    hint: Look at what a neuron computes before its activation.
    solution: $x = \\sum_i w_i a_i + b$, then $\\max(0, x)$.
    ```

``number`` questions give ``code`` (Python that sets ``answer`` with
:mod:`workshop`, run at build time and shown in the solution), ``decimals``
(the tolerance is half a unit of the last decimal) and ``right``/``wrong``
feedback. ``fix`` questions give a Keras ``snippet``, the ``faulty`` line,
``lines`` (line number -> why, the lines the reader can pick) and ``expect``:
``{error: "text"}`` (the snippet must raise an error containing it) or
``{check: "expression"}`` (true after the snippet ran: the misbehaviour). All
snippets run before the pages are read, together in one subprocess, and are
cached by their hash; the build fails when one does not behave as its
feedback says. Their real error message or output is shown in the feedback.

Without JavaScript each question shows as text with its hint and solution in
disclosure elements; ``_static/practice/practice.js`` turns it into a form,
gives feedback in a live region and keeps progress in localStorage (per
question id and content hash). ``{practice-progress}`` on the index lists the
pages with questions and the reader's progress over all of them
(``practice-progress.js``, on that page only, which imports practice.js; both
are ES modules, and the list of pages travels in a JSON data block,
:func:`widgets.data_block`).

The questions' HTML is kept lean, since every page carries each option's
explanation for the no-JavaScript reader (issue 12 allows a page 30 kB of
questions, script and stylesheet together): no Pygments token spans (code in
a question is shown in the theme's code box, uncoloured), one ``<code>`` per
inline literal, no wrapper or class that practice.js can do without (it
finds options and explanations by their order).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from widgets import data_block

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent.parent / "_static"
JS_FILE = "practice/practice.js"
PROGRESS_JS_FILE = "practice/practice-progress.js"  # the index's progress box, export and import
CSS_FILE = "practice/practice.css"
KINDS = ("single", "several", "number", "fix")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LETTERS = "ABCDEFGHIJ"
CACHE_NAME = "practice-snippets.json"
# Bump when the runner changes what it records: every cached outcome is then stale.
RUNNER_VERSION = "1"
# A question directive in a MyST source: its fence, id and YAML body.
QUESTION_BLOCK = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{question\}[ \t]*(?P<id>\S*)[ \t]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


# --- Questions ---------------------------------------------------------------


@dataclass
class Question:
    """One question as authored (texts are MyST), validated."""

    id: str
    kind: str
    text: str
    see: str
    hint: str
    solution: str
    options: list[dict] = field(default_factory=list)  # single, several, fix: text, correct, why, see
    code: str = ""  # number: Python that sets `answer`
    decimals: int = 0
    snippet: str = ""  # fix
    expect: dict = field(default_factory=dict)  # fix: {"error": text} or {"check": expression}
    body: str = ""  # the YAML as written, for the content hash

    @property
    def correct(self) -> list[int]:
        return [i for i, option in enumerate(self.options) if option["correct"]]


def _text(data: dict, key: str, qid: str, required: bool = True) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(f"question {qid!r}: {key!r} must be non-empty text, got {value!r}")
    return value.strip()


def parse_question(qid: str, body: str) -> Question:
    """Read one question's YAML; raises ValueError naming what is wrong and what was expected."""
    if not ID_PATTERN.match(qid or ""):
        raise ValueError(f"question id must be lower-case words joined by '-', such as 'relu-input', got {qid!r}")
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError as error:
        raise ValueError(f"question {qid!r}: its body is not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise ValueError(f"question {qid!r}: the body must be YAML keys (kind, text, ...), got {type(data).__name__}")
    kind = data.get("kind")
    if kind not in KINDS:
        raise ValueError(f"question {qid!r}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    allowed = {"kind", "text", "see", "hint", "solution"} | {
        "single": {"options"},
        "several": {"options"},
        "number": {"code", "decimals", "right", "wrong"},
        "fix": {"snippet", "faulty", "lines", "expect"},
    }[kind]
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValueError(f"question {qid!r}: unknown key(s) {unknown} for kind {kind!r}; expected {sorted(allowed)}")
    question = Question(
        id=qid,
        kind=kind,
        text=_text(data, "text", qid),
        see=_text(data, "see", qid).lstrip("#"),
        hint=_text(data, "hint", qid),
        solution=_text(data, "solution", qid),
        body=body,
    )
    if kind in ("single", "several"):
        question.options = _options(data.get("options"), qid, question.see)
        n_correct = len(question.correct)
        if kind == "single" and n_correct != 1:
            raise ValueError(f"question {qid!r}: a single-choice question needs exactly 1 correct option, got {n_correct}")
        if kind == "several" and n_correct < 2:
            raise ValueError(f"question {qid!r}: a several-answers question needs at least 2 correct options, got {n_correct}")
    elif kind == "number":
        question.code = _text(data, "code", qid)
        decimals = data.get("decimals")
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 8:
            raise ValueError(f"question {qid!r}: decimals must be an integer from 0 to 8, got {decimals!r}")
        question.decimals = decimals
        question.options = [
            {"text": "", "correct": True, "why": _text(data, "right", qid), "see": question.see},
            {"text": "", "correct": False, "why": _text(data, "wrong", qid), "see": question.see},
        ]
    else:
        question.snippet = _text(data, "snippet", qid)
        n_lines = len(question.snippet.splitlines())
        lines, faulty = data.get("lines"), data.get("faulty")
        if not isinstance(lines, dict) or len(lines) < 2:
            raise ValueError(f"question {qid!r}: lines must map at least 2 line numbers to why each is or is not the fault")
        if faulty not in lines:
            raise ValueError(f"question {qid!r}: faulty must be one of the lines listed in 'lines' {sorted(lines)}, got {faulty!r}")
        for number, why in sorted(lines.items()):
            if not isinstance(number, int) or not 1 <= number <= n_lines:
                raise ValueError(f"question {qid!r}: line numbers must be 1 to {n_lines}, got {number!r}")
            if not isinstance(why, str) or not why.strip():
                raise ValueError(f"question {qid!r}: line {number} needs an explanation, got {why!r}")
            source = question.snippet.splitlines()[number - 1].strip()
            question.options.append({"text": f"Line {number}: `{source}`", "line": number, "correct": number == faulty, "why": why.strip(), "see": question.see})
        expect = data.get("expect")
        if not isinstance(expect, dict) or len(expect) != 1 or not set(expect) <= {"error", "check"}:
            raise ValueError(f"question {qid!r}: expect must be {{error: 'text of the error'}} or {{check: 'expression'}}, got {expect!r}")
        question.expect = {key: str(value) for key, value in expect.items()}
    return question


def _options(options, qid: str, see: str) -> list[dict]:
    if not isinstance(options, list) or len(options) < 2 or len(options) > len(LETTERS):
        raise ValueError(f"question {qid!r}: options must be a list of 2 to {len(LETTERS)} items, got {options!r}")
    parsed = []
    for index, option in enumerate(options):
        if not isinstance(option, dict) or set(option) - {"text", "correct", "why", "see"}:
            raise ValueError(f"question {qid!r}: option {index + 1} must have text, why and optionally correct and see, got {option!r}")
        correct = option.get("correct", False)
        if not isinstance(correct, bool):
            raise ValueError(f"question {qid!r}: option {index + 1}'s correct must be true or false, got {correct!r}")
        parsed.append({
            "text": _text(option, "text", qid),
            "correct": correct,
            "why": _text(option, "why", qid),
            "see": str(option.get("see") or see).lstrip("#"),
        })
    return parsed


def questions_in_source(source: str) -> list[tuple[str, str]]:
    """The (id, YAML body) of every question directive in a MyST source."""
    return [(match["id"], match["body"]) for match in QUESTION_BLOCK.finditer(source)]


# --- Numbers: computed by workshop at build time ----------------------------


def compute_answer(question: Question) -> tuple[float, float]:
    """Run a number question's code; return (answer, tolerance)."""
    namespace: dict = {}
    exec(compile(question.code, f"<question {question.id}>", "exec"), namespace)  # noqa: S102 - the site's own source
    if "answer" not in namespace:
        raise ValueError(f"question {question.id!r}: its code must set `answer`")
    answer = namespace["answer"]
    try:
        answer = float(answer)
    except (TypeError, ValueError):
        raise ValueError(f"question {question.id!r}: answer must be a number, got {answer!r}") from None
    if not math.isfinite(answer):
        raise ValueError(f"question {question.id!r}: answer must be finite, got {answer}")
    # Half a unit of the last decimal asked for, so that correct rounding either way passes.
    return answer, 0.5 * 10.0 ** -question.decimals * (1 + 1e-9)


# --- Snippets: run in Keras at build time, together, cached ------------------

RUNNER = r'''
import contextlib, io, json, os, re, sys, traceback
specs = json.load(open(sys.argv[1], encoding="utf-8"))
results = {}
def tidy(text):
    text = re.sub(r'\x1b\[[0-9;]*m', '', text)  # terminal colours
    text = re.sub(r'(?:/[^\s"\']+/)?site-packages/', '', text)  # no machine paths in the page
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    return "\n".join(lines[:12])[:900]
for key, spec in specs.items():
    namespace = {"__name__": "__snippet__"}
    out = io.StringIO()
    outcome = {"error": None, "output": "", "check": None}
    try:
        import numpy as np
        np.random.seed(0)
        if "keras" in spec["code"]:
            import keras
            keras.backend.clear_session()  # layer names (dense_1...) do not depend on earlier snippets
            keras.utils.set_random_seed(0)
        with contextlib.redirect_stdout(out):
            exec(compile(spec["code"], "<snippet>", "exec"), namespace)
    except Exception as error:
        outcome["error"] = tidy(f"{type(error).__name__}: {error}")
    outcome["output"] = tidy(out.getvalue())
    if outcome["error"] is None and spec.get("check"):
        try:
            outcome["check"] = bool(eval(spec["check"], namespace))
        except Exception as error:
            outcome["check"] = None
            outcome["error_in_check"] = f"{type(error).__name__}: {error}"
    results[key] = outcome
json.dump(results, sys.stdout)
'''


def snippet_key(question: Question) -> str:
    text = "\0".join([RUNNER_VERSION, question.snippet, question.expect.get("check", "")])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


class SnippetRun:
    """Snippets running in one Python process in the background; ``results()`` waits for them.

    The process runs at a lower priority (nice 10, as the concept pages' early
    kernel does), so that started beside the gallery's examples it takes only
    the CPU they leave idle.
    """

    def __init__(self, specs: dict[str, dict], timeout: float = 600):
        self.timeout = timeout
        self.folder = tempfile.TemporaryDirectory(prefix="practice-snippets-")
        folder = Path(self.folder.name)
        (folder / "specs.json").write_text(json.dumps(specs), encoding="utf-8")
        self.stdout = open(folder / "out.json", "w+", encoding="utf-8")  # noqa: SIM115 - closed in results()
        self.stderr = open(folder / "err.txt", "w+", encoding="utf-8")  # noqa: SIM115
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONHASHSEED": "0"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", RUNNER, str(folder / "specs.json")],
            stdout=self.stdout, stderr=self.stderr, env=env, preexec_fn=lambda: os.nice(10),
        )

    def results(self) -> dict[str, dict]:
        """{key: outcome}, once the process has finished."""
        try:
            returncode = self.process.wait(self.timeout)
            self.stdout.seek(0)
            self.stderr.seek(0)
            output, errors = self.stdout.read(), self.stderr.read()
        finally:
            self.stdout.close()
            self.stderr.close()
            self.folder.cleanup()
        if returncode != 0:
            raise ExtensionError(f"practice: the snippet runner failed (exit {returncode}):\n{errors[-3000:]}")
        return json.loads(output.strip().splitlines()[-1])


def run_snippets(specs: dict[str, dict], timeout: float = 600) -> dict[str, dict]:
    """Run each {key: {"code", "check"}} in one fresh Python process; return {key: outcome}."""
    return SnippetRun(specs, timeout).results() if specs else {}


def expectation_problem(question: Question, outcome: dict) -> str | None:
    """Why ``outcome`` does not show what the question's feedback says, or None when it does."""
    if "error" in question.expect:
        wanted = question.expect["error"]
        if outcome.get("error") is None:
            return f"the snippet was expected to fail with an error containing {wanted!r}, but it ran without error"
        if wanted not in outcome["error"]:
            return f"the snippet was expected to fail with an error containing {wanted!r}, got: {outcome['error']}"
        return None
    if outcome.get("error"):
        return f"the snippet was expected to run and then satisfy {question.expect['check']!r}, but it failed: {outcome['error']}"
    if outcome.get("check") is not True:
        extra = outcome.get("error_in_check", "")
        return f"after the snippet ran, {question.expect['check']!r} was not true {extra}".strip()
    return None


def _cache_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / CACHE_NAME


def _load_cache(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def site_fix_questions(srcdir: Path) -> list[Question]:
    """Every fix-the-model question in the MyST sources below ``srcdir``."""
    questions = []
    for path in sorted(Path(srcdir).rglob("*.md")):
        parts = path.relative_to(srcdir).parts
        if any(part.startswith(("_", ".")) or part == "jupyter_execute" for part in parts[:-1]):
            continue
        source = path.read_text(encoding="utf-8")
        for qid, body in questions_in_source(source) if "{question}" in source else []:
            try:
                question = parse_question(qid, body)
            except ValueError:
                continue  # the directive reports it, with the page and line
            if question.kind == "fix":
                questions.append(question)
    return questions


def start_stale_snippets(app: Sphinx) -> None:
    """When the build starts: run the snippets not yet in the cache, in the background.

    Registered before sphinx-gallery's handler, so that they run beside the
    examples; ``collect_snippets`` waits for them before the pages are read.
    """
    app.practice_snippets = None
    questions = site_fix_questions(Path(app.srcdir))
    cache = _load_cache(_cache_path(app))
    stale = {snippet_key(q): {"code": q.snippet, "check": q.expect.get("check", "")} for q in questions}
    stale = {key: spec for key, spec in stale.items() if key not in cache}
    if stale:
        logger.info(f"practice: running {len(stale)} snippet(s) in Keras, in the background")
        app.practice_snippets = SnippetRun(stale)
    app.practice_snippet_keys = {snippet_key(q) for q in questions}


def collect_snippets(app: Sphinx, env, docnames) -> None:
    """Before reading: wait for the snippets' outcomes and keep them in the cache."""
    run = getattr(app, "practice_snippets", None)
    cache_path = _cache_path(app)
    cache = _load_cache(cache_path)
    if run is not None:
        cache.update(run.results())
        app.practice_snippets = None
    keep = getattr(app, "practice_snippet_keys", set(cache))
    cache = {key: value for key, value in cache.items() if key in keep}
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    cache_path.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")


# --- Nodes ----------------------------------------------------------------------


class practice_element(nodes.TextElement):
    """An HTML element (``tag`` and ``attrs``) around its children; other builders show the children.

    A text element, so that it may hold inline markup (a link) without a paragraph around it.
    """


class practice_progress(nodes.General, nodes.Element):
    """The index's list of pages with questions; filled in when the page is written."""


def element(tag: str, classes: str = "", **attrs) -> practice_element:
    return practice_element(tag=tag, attrs={key.replace("_", "-"): str(value) for key, value in attrs.items()}, classes=classes.split())


def visit_element_html(translator, node: practice_element) -> None:
    translator.body.append(translator.starttag(node, node["tag"], "", **node["attrs"]))


def depart_element_html(translator, node: practice_element) -> None:
    translator.body.append(f"</{node['tag']}>")


def _pass(translator, node) -> None:
    pass


class QuestionDirective(SphinxDirective):
    """``question ID``: a question whose YAML body holds its kind, texts, answers and feedback."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        qid = self.arguments[0].strip()
        try:
            question = parse_question(qid, "\n".join(self.content))
            answer = tolerance = outcome = None
            if question.kind == "number":
                answer, tolerance = compute_answer(question)
            if question.kind == "fix":
                outcome = self.snippet_outcome(question)
        except ValueError as error:
            raise self.error(str(error)) from None
        except Exception as error:  # the number's code raised
            raise self.error(f"question {qid!r}: its code failed: {type(error).__name__}: {error}") from None
        # What the reader answers against: the question as written and its answer at the precision
        # asked (not the snippet's captured output, whose last digits may differ between machines).
        shown_answer = None if answer is None else f"{answer:.{question.decimals}f}"
        content_hash = hashlib.sha256(json.dumps([question.body, shown_answer]).encode("utf-8")).hexdigest()[:12]
        # The question's id is the element's, after "practice-" (its anchor too).
        attrs = {"data_kind": question.kind, "data_hash": content_hash}
        if answer is not None:
            attrs.update(data_answer=repr(answer), data_tolerance=repr(tolerance), data_decimals=question.decimals)
        else:
            attrs["data_correct"] = " ".join(map(str, question.correct))
        box = element("div", "practice-q", **attrs)
        box["ids"].append(f"practice-{qid}")
        box += self.prompt(question)
        box += self.hint(question)
        box += self.solution(question, answer, tolerance, outcome)
        self.set_source_info(box)
        self.env.practice_questions.setdefault(self.env.docname, []).append(
            {"id": qid, "hash": content_hash, "kind": question.kind}
        )
        return [box]

    def snippet_outcome(self, question: Question) -> dict:
        key = snippet_key(question)
        cache = _load_cache(_cache_path(self.env.app))
        outcome = cache.get(key)
        if outcome is None:  # not seen before reading (e.g. the page was written after the build began)
            outcome = run_snippets({key: {"code": question.snippet, "check": question.expect.get("check", "")}})[key]
        problem = expectation_problem(question, outcome)
        if problem:
            raise ValueError(f"question {question.id!r}: {problem}")
        return outcome

    def markup(self, text: str) -> list[nodes.Node]:
        return slim(self.parse_text_to_nodes(text))

    def inline(self, text: str) -> list[nodes.Node]:
        """``text``'s markup without the paragraph around it, when it is one paragraph."""
        parsed = self.markup(text)
        if len(parsed) == 1 and isinstance(parsed[0], nodes.paragraph):
            return parsed[0].children[:]
        return parsed

    def prompt(self, question: Question) -> list[nodes.Node]:
        parts = self.markup(question.text)
        if question.kind == "fix":
            parts.append(code_block(question.snippet, line_numbers=True))
        if question.kind == "number":
            format_note = element("p", "pq-format")
            places = "a whole number" if question.decimals == 0 else f"{question.decimals} decimal place{'s' * (question.decimals > 1)}"
            format_note += nodes.Text(f"Answer with a number, rounded to {places}.")
            parts.append(format_note)
        else:
            label = {"single": "Pick one:", "several": "Pick every correct answer:", "fix": "Which line is the mistake?"}[question.kind]
            intro = element("p", "pq-pick")
            intro += nodes.Text(label)
            parts.append(intro)
            options = element("ol", "pq-options")  # practice.js reads the options in this order
            for option in question.options:
                item = element("li")
                item += self.inline(option["text"])
                options += item
            parts.append(options)
        return parts

    def hint(self, question: Question) -> nodes.Node:
        details = element("details", "pq-hint")
        summary = element("summary")
        summary += nodes.Text("Hint")
        details += summary
        details += self.markup(question.hint)
        return details

    def solution(self, question: Question, answer, tolerance, outcome) -> nodes.Node:
        details = element("details", "pq-solution")
        summary = element("summary")
        summary += nodes.Text("Solution")
        details += summary
        verdict = nodes.paragraph()
        if question.kind == "number":
            shown = f"{answer:.{question.decimals}f}"
            verdict += nodes.strong(text=f"Answer: {shown}")
            verdict += nodes.Text(f" (answers within ±{0.5 * 10.0 ** -question.decimals:g} count as right).")
        else:
            letters = [LETTERS[i] for i in question.correct]
            verdict += nodes.strong(text=f"Answer: {' and '.join(letters)}.")
        details += verdict
        # One item per option, in the options' order (for a number: right, then wrong); practice.js
        # shows the items of the options picked.
        whys = element("ul", "pq-whys")
        for index, option in enumerate(question.options):
            if question.kind == "number":
                lead = "If your number matches: " if index == 0 else "If it does not: "
            else:
                lead = f"{LETTERS[index]}, {'right' if option['correct'] else 'wrong'}: "
            why = option["why"]
            if option["see"] != question.see:  # the question's own section is linked once, below
                why += f" See [](#{option['see']})."
            item = element("li")
            parsed = self.inline(why)
            lead_into = parsed[0] if isinstance(parsed[0], nodes.paragraph) else item  # the why's first line
            lead_into.insert(0, nodes.strong(text=lead))
            item += parsed
            whys += item
        details += whys
        see = nodes.paragraph(classes=["pq-see"])
        see += self.inline(f"Read more: [](#{question.see}).")
        details += see
        if outcome is not None:
            box = element("div", "pq-outcome")
            box += nodes.paragraph(text="What Keras does with this snippet (run when the site was built):")
            box += preformatted(outcome["error"] or outcome["output"] or "(it runs without error and prints nothing)")
            details += box
        worked = element("div", "pq-worked")
        worked += self.markup(question.solution)
        if question.kind == "number":
            worked += nodes.paragraph(text="The code that computed it, when the site was built:")
            worked += code_block(question.code)
            worked += nodes.paragraph(text=f"answer = {answer!r}")
        details += worked
        return details


def preformatted(text: str) -> practice_element:
    """``<pre>``, focusable so that a keyboard can scroll it when it is wider than the page."""
    pre = element("pre", tabindex="0")
    pre["support_smartquotes"] = False  # code and Keras' messages keep their straight quotes
    pre += nodes.Text(text)
    return pre


def code_block(code: str, line_numbers: bool = False) -> practice_element:
    """Code in the theme's code box (with its copy button), without syntax colours.

    Pygments would wrap every token in a ``<span>``: half the bytes of a
    question. ``line_numbers`` prefixes each line with its number, which the
    options name ("Line 5") and the copy button leaves out.
    """
    pre = preformatted("" if line_numbers else code)
    for number, line in enumerate(code.splitlines(), start=1) if line_numbers else ():
        label = element("span", "linenos")
        label += nodes.Text(str(number))
        pre += [label, nodes.Text(line + "\n")]
    box = element("div", "highlight")
    box += pre
    return box


def slim(parsed: list[nodes.Node]) -> list[nodes.Node]:
    """Inline code as one ``<code>`` element (docutils writes a ``<span>`` per word)."""
    for tree in parsed:
        for literal in list(tree.findall(nodes.literal)):
            code = element("code", "literal")
            code["support_smartquotes"] = False
            code += nodes.Text(literal.astext())
            literal.replace_self(code)
    return parsed


class ProgressDirective(SphinxDirective):
    """``practice-progress``: progress over every page's questions (on the index)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.practice_progress_docs.add(self.env.docname)
        node = practice_progress()
        self.set_source_info(node)
        return [node]


def _pages_with_questions(env) -> list[str]:
    return sorted(doc for doc, questions in env.practice_questions.items() if questions)


def visit_progress_html(translator, node: practice_progress) -> None:
    builder = translator.builder
    env = builder.env
    here = translator.builder.current_docname
    pages = []
    for doc in _pages_with_questions(env):
        title = env.titles[doc].astext() if doc in env.titles else doc
        url = builder.get_relative_uri(here, doc)
        pages.append({"doc": doc, "title": title, "url": url, "questions": [[q["id"], q["hash"]] for q in env.practice_questions[doc]]})
    total = sum(len(page["questions"]) for page in pages)
    body = translator.body
    body.append('<div class="practice-progress" id="practice-progress">')
    body.append(f'<p class="practice-progress__total">Each concept page ends with questions to check yourself: {total} in all.</p>')
    body.append('<ul class="practice-progress__pages">')
    for page in pages:
        body.append(
            f'<li data-practice-doc="{translator.attval(page["doc"])}"><a href="{translator.attval(page["url"])}#check-yourself">'
            f'{translator.encode(page["title"])}</a>: <span class="practice-progress__count">{len(page["questions"])} questions</span></li>'
        )
    body.append("</ul>")
    body.append(data_block("practice-progress", {"pages": pages}))
    body.append("</div>\n")
    raise nodes.SkipNode


def skip_progress(translator, node) -> None:
    raise nodes.SkipNode


# --- Environment ------------------------------------------------------------


def init_env(app: Sphinx, env, docnames) -> None:
    if not hasattr(env, "practice_questions"):
        env.practice_questions = {}
    if not hasattr(env, "practice_progress_docs"):
        env.practice_progress_docs = set()


def purge_doc(app: Sphinx, env, docname: str) -> None:
    init_env(app, env, [])
    env.practice_questions.pop(docname, None)
    env.practice_progress_docs.discard(docname)


def merge_info(app: Sphinx, env, docnames, other) -> None:
    init_env(app, env, [])
    for doc in docnames:
        if doc in getattr(other, "practice_questions", {}):
            env.practice_questions[doc] = other.practice_questions[doc]
        if doc in getattr(other, "practice_progress_docs", set()):
            env.practice_progress_docs.add(doc)


def outdated_progress(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Re-write the progress page whenever a page that holds (or held) questions is re-read."""
    init_env(app, env, [])
    touched = set(added) | set(changed) | set(removed)
    # Any page read again may have gained, changed or lost questions; the index is small.
    return sorted(env.practice_progress_docs - touched) if touched else []


def check_ids(app: Sphinx, env) -> None:
    seen: dict[str, str] = {}
    for doc in sorted(env.practice_questions):
        for question in env.practice_questions[doc]:
            if question["id"] in seen:
                logger.warning(
                    f"practice: question id {question['id']!r} is used on {seen[question['id']]!r} and on {doc!r}; "
                    "ids must be unique across the site (progress is stored by id)",
                    location=doc,
                )
            seen.setdefault(question["id"], doc)


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None:
        return
    progress = doctree.next_node(practice_progress) is not None
    if progress or doctree.next_node(practice_element):
        app.add_css_file(CSS_FILE)
        # The progress box's module imports practice.js, which then runs once: linking both
        # would run it twice, as the link's "?v=" makes a second module of the same file.
        app.add_js_file(PROGRESS_JS_FILE if progress else JS_FILE, type="module")


def add_static_path(app: Sphinx, config) -> None:
    confdir = Path(app.confdir)
    listed = {(confdir / entry).resolve() for entry in config.html_static_path}
    if STATIC_DIR not in listed:
        config.html_static_path.append(str(STATIC_DIR))


def setup(app: Sphinx) -> dict:
    if not (STATIC_DIR / JS_FILE).is_file():
        raise ExtensionError(f"practice: {STATIC_DIR / JS_FILE} is missing")
    passthrough = {builder: (_pass, _pass) for builder in ("latex", "text", "man", "texinfo")}
    app.add_node(practice_element, html=(visit_element_html, depart_element_html), **passthrough)
    app.add_node(
        practice_progress,
        html=(visit_progress_html, None),
        **{builder: (skip_progress, None) for builder in ("latex", "text", "man", "texinfo")},
    )
    app.add_directive("question", QuestionDirective)
    app.add_directive("practice-progress", ProgressDirective)
    app.connect("config-inited", add_static_path)
    app.connect("env-before-read-docs", init_env)
    # Before sphinx-gallery's handler (priority 500), which runs the examples.
    app.connect("builder-inited", start_stale_snippets, priority=400)
    app.connect("env-before-read-docs", collect_snippets)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("env-get-outdated", outdated_progress)
    app.connect("env-check-consistency", check_ids)
    app.connect("html-page-context", add_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}

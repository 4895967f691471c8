"""The ``question`` and ``practice-progress`` directives, their nodes and their HTML.

The questions' HTML is kept lean, since every page carries each option's
explanation for the no-JavaScript reader: no Pygments token spans (code in
a question is shown in the theme's code box, uncoloured), one ``<code>`` per
inline literal, no wrapper or class that practice.js can do without (it
finds options and explanations by their order).
"""

from __future__ import annotations

import hashlib
import json

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from workshop_site.content.data_block import data_block
from workshop_site.content.practice.answers import compute_answer, expectation_problem
from workshop_site.content.practice.collector import add_question, mark_progress_page, pages_with_questions, questions_of
from workshop_site.content.practice.questions import LETTERS, Question, parse_question
from workshop_site.content.practice.snippets import cached_outcome

JS_FILE = "practice/practice.js"
PROGRESS_JS_FILE = "practice/practice-progress.js"  # the index's progress box, export and import
CSS_FILE = "practice/practice.css"


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
        add_question(self.env, self.env.docname, {"id": qid, "hash": content_hash, "kind": question.kind})
        return [box]

    def snippet_outcome(self, question: Question) -> dict:
        outcome = cached_outcome(self.env.app.doctreedir, question)
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
        mark_progress_page(self.env, self.env.docname)
        node = practice_progress()
        self.set_source_info(node)
        return [node]


def visit_progress_html(translator, node: practice_progress) -> None:
    builder = translator.builder
    env = builder.env
    here = translator.builder.current_docname
    pages = []
    for doc in pages_with_questions(env):
        title = env.titles[doc].astext() if doc in env.titles else doc
        url = builder.get_relative_uri(here, doc)
        pages.append({"doc": doc, "title": title, "url": url, "questions": [[q["id"], q["hash"]] for q in questions_of(env)[doc]]})
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


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None:
        return
    progress = doctree.next_node(practice_progress) is not None
    if progress or doctree.next_node(practice_element):
        app.add_css_file(CSS_FILE)
        # The progress box's module imports practice.js, which then runs once: linking both
        # would run it twice, as the link's "?v=" makes a second module of the same file.
        app.add_js_file(PROGRESS_JS_FILE if progress else JS_FILE, type="module")


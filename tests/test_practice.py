"""The "Check yourself" questions: their content, their numbers and their snippets.

Read straight from the concept pages' MyST sources with the extension's own
parser (src/workshop_site/content/practice/), so these need no site build. The browser side
is in tests/test_practice_browser.py.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from site_harness import ROOT
from site_harness.pages import concept_pages, read_page
from workshop_site.content import practice

NOTES_PAGE = "12-notes-on-the-notes"  # a commentary on the seed notes: no questions
PAGES = [ROOT / "docs" / "concepts" / f"{name}.md" for name in concept_pages() if name != NOTES_PAGE]


def page_questions(path: Path) -> list[practice.Question]:
    return [practice.parse_question(qid, body) for qid, body in practice.questions_in_source(path.read_text(encoding="utf-8"))]


ALL = [(path.stem, question) for path in PAGES for question in page_questions(path)]


def test_every_concept_page_but_the_notes_has_at_least_five_questions_and_70_in_all():
    assert len(PAGES) == 14
    counts = {path.stem: len(page_questions(path)) for path in PAGES}
    assert all(count >= 5 for count in counts.values()), counts
    assert sum(counts.values()) >= 70


def test_the_questions_close_each_page_under_check_yourself_before_where_to_go_next():
    for path in PAGES:
        text = path.read_text(encoding="utf-8")
        heading = text.rfind("\n## Check yourself\n")
        assert heading > 0, path.name
        assert "{question}" not in text[:heading], f"{path.name}: a question outside 'Check yourself'"
        following = [line for line in text[heading + 1 :].splitlines()[1:] if line.startswith("## ")]
        assert following == ["## Where to go next"], f"{path.name}: sections after the questions: {following}"


def test_all_four_kinds_are_used():
    kinds = Counter(question.kind for _, question in ALL)
    assert set(kinds) == set(practice.KINDS), kinds
    assert all(count >= 5 for count in kinds.values()), kinds


def test_question_ids_are_unique_across_the_site():
    ids = Counter(question.id for _, question in ALL)
    assert [qid for qid, n in ids.items() if n > 1] == []


@pytest.mark.parametrize("page, question", ALL, ids=[q.id for _, q in ALL])
def test_every_question_has_a_correct_answer_and_an_explanation_per_option(page, question):
    assert question.options, "no options"
    assert question.correct, "no correct option"
    for option in question.options:
        assert option["why"].strip(), f"an option without explanation: {option}"
        assert option["see"], "an option without a section to link to"
    assert question.hint and question.solution
    if question.kind == "single":
        assert len(question.correct) == 1
    if question.kind == "fix":
        assert len(question.correct) == 1 and len(question.options) >= 3


NUMBERS = [(page, q) for page, q in ALL if q.kind == "number"]


@pytest.mark.parametrize("page, question", NUMBERS, ids=[q.id for _, q in NUMBERS])
def test_every_numeric_answer_is_computed_and_its_tolerance_is_half_a_unit_of_the_last_decimal(page, question):
    answer, tolerance = practice.compute_answer(question)
    assert math.isfinite(answer)
    assert tolerance == pytest.approx(0.5 * 10.0 ** -question.decimals)
    # The answer rounded as the reader is asked to type it is accepted.
    assert abs(round(answer, question.decimals) - answer) <= tolerance


def test_numeric_answers_equal_workshop_computations_done_here_independently():
    from workshop.activations import sigmoid, softmax
    from workshop.losses import binary_crossentropy
    from workshop.units import hidden_units_rule_of_thumb

    by_id = {q.id: practice.compute_answer(q)[0] for _, q in NUMBERS}
    assert by_id["softmax-car"] == pytest.approx(float(softmax([2.0, 1.0, 0.1, 0.5, -1.0])[0]))
    assert by_id["bce-value"] == pytest.approx(float(binary_crossentropy([1.0], [0.2])))
    assert by_id["neuron-sigmoid-output"] == pytest.approx(float(sigmoid(-0.4)))
    assert by_id["units-rule-of-thumb"] == hidden_units_rule_of_thumb(30, 1)
    assert by_id["feedforward-forward-pass"] == pytest.approx(float(sigmoid(0.2)))
    assert by_id["rmsprop-first-step"] == pytest.approx(0.01 / math.sqrt(0.1), rel=1e-5)
    assert by_id["regression-predict"] == 60


@pytest.mark.slow
def test_parameter_count_and_validation_split_answers_equal_what_keras_does():
    import keras
    import numpy as np

    by_id = {q.id: practice.compute_answer(q)[0] for _, q in NUMBERS}
    model = keras.Sequential(
        [keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(3, activation="softmax")]
    )
    assert by_id["sequential-parameters"] == model.count_params()
    from keras.src.trainers.data_adapters.array_slicing import train_validation_split

    X = np.zeros((150, 2))
    _, (validation,) = train_validation_split((X,), validation_split=0.2)
    assert by_id["validation-split-count"] == len(validation)


# --- The parser's errors say what is wrong ---------------------------------------

GOOD = """
kind: single
see: relu
text: What?
options:
- text: This.
  correct: true
  why: Because.
- text: That.
  why: Because not.
hint: Think.
solution: This.
"""


def test_a_valid_question_parses():
    question = practice.parse_question("relu-input", GOOD)
    assert question.correct == [0] and question.see == "relu"


@pytest.mark.parametrize(
    "qid, body, message",
    [
        ("Bad Id", GOOD, "lower-case words"),
        ("q", GOOD.replace("kind: single", "kind: essay"), "kind must be one of"),
        ("q", GOOD.replace("  correct: true\n", ""), "exactly 1 correct option, got 0"),
        ("q", GOOD.replace("kind: single", "kind: several"), "at least 2 correct options, got 1"),
        ("q", GOOD.replace("  why: Because not.\n", ""), "'why' must be non-empty"),
        ("q", GOOD + "colour: red\n", "unknown key(s) ['colour']"),
        ("q", GOOD.replace("hint: Think.\n", ""), "'hint' must be non-empty"),
        ("q", "kind: single\ntext: [unclosed", "not valid YAML"),
    ],
)
def test_bad_questions_are_rejected_naming_the_problem(qid, body, message):
    with pytest.raises(ValueError, match=None) as error:
        practice.parse_question(qid, body)
    assert message in str(error.value)


def test_a_number_question_whose_code_sets_no_answer_is_rejected():
    question = practice.parse_question(
        "q", "kind: number\nsee: a\ntext: t\nhint: h\nsolution: s\ncode: x = 1\ndecimals: 0\nright: r\nwrong: w\n"
    )
    with pytest.raises(ValueError, match="must set `answer`"):
        practice.compute_answer(question)


def fix_question(snippet: str, expect: str) -> practice.Question:
    lines = "\n".join(f"  {i}: why {i}" for i in range(1, len(snippet.splitlines()) + 1))
    body = (
        "kind: fix\nsee: a\ntext: t\nhint: h\nsolution: s\nfaulty: 1\n"
        "snippet: |\n" + "".join(f"  {line}\n" for line in snippet.splitlines()) + f"lines:\n{lines}\nexpect:\n  {expect}\n"
    )
    return practice.parse_question("q", body)


def test_a_snippet_that_does_not_fail_as_its_feedback_says_is_reported():
    runs = fix_question("x = [1, 2]\ny = x * 2", "error: TypeError")
    raises = fix_question("x = [1, 2]\ny = x + 'a'", "error: TypeError")
    wrong_check = fix_question("x = [1, 2]\ny = x * 2", "check: len(y) == 2")
    outcomes = practice.run_snippets(
        {"runs": {"code": runs.snippet, "check": ""}, "raises": {"code": raises.snippet, "check": ""},
         "check": {"code": wrong_check.snippet, "check": wrong_check.expect["check"]}}
    )
    assert "ran without error" in practice.expectation_problem(runs, outcomes["runs"])
    assert practice.expectation_problem(raises, outcomes["raises"]) is None
    assert outcomes["raises"]["error"].startswith("TypeError: can only concatenate list")
    assert "was not true" in practice.expectation_problem(wrong_check, outcomes["check"])


def test_snippets_already_in_the_cache_are_not_run_again(tmp_path, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text(
        "# P\n\n```{question} q\n" + fix_question("x = 1\ny = x + 'a'", "error: TypeError").body + "```\n", encoding="utf-8"
    )
    app = SimpleNamespace(srcdir=str(tmp_path), doctreedir=str(tmp_path / "doctrees"))
    started = []
    real = practice.SnippetRun
    monkeypatch.setattr(practice.snippets, "SnippetRun", lambda specs: started.append(len(specs)) or real(specs))
    for _ in range(2):  # two builds
        snippets = practice.Snippets()
        snippets.start(app)
        snippets.collect(app, None, [])
    assert started == [1]  # the second build found the outcome in the cache
    cache = json.loads((tmp_path / "doctrees" / practice.CACHE_NAME).read_text())
    assert [outcome["error"] for outcome in cache.values()] == ["TypeError: unsupported operand type(s) for +: 'int' and 'str'"]


FIXES = [(page, q) for page, q in ALL if q.kind == "fix"]


@pytest.mark.build
def test_every_fix_the_model_snippet_really_fails_or_misbehaves_as_its_feedback_says(built_site):
    # The build ran every snippet in Keras (and fails on one that does not behave as its
    # feedback says); read the outcomes it recorded, beside its doctrees, and check them again.
    recorded = json.loads((Path(built_site.html_dir) / ".doctrees" / practice.CACHE_NAME).read_text(encoding="utf-8"))
    outcomes = {q.id: recorded[practice.snippet_key(q)] for _, q in FIXES}
    problems = {q.id: practice.expectation_problem(q, outcomes[q.id]) for _, q in FIXES}
    assert {qid: p for qid, p in problems.items() if p} == {}
    # What the reader is shown has no machine paths and no terminal colours.
    for outcome in outcomes.values():
        shown = (outcome["error"] or "") + outcome["output"]
        assert "site-packages" not in shown and "\x1b[" not in shown


# --- The questions' HTML, on a tiny site ------------------------------------------------

TINY_PAGE = '''# Tiny

## Relu

```{question} tiny-single
kind: single
see: relu
text: Which call is right?
options:
- text: '`Dense(1, activation="relu")`'
  correct: true
  why: 'It is. See `max(0, x)`.'
- text: A wrong one.
  why: It is not.
  see: numbers
hint: Think.
solution: The first.
```

## Numbers

```{question} tiny-number
kind: number
see: numbers
text: How much is a quarter?
code: answer = 1 / 4
decimals: 2
right: Yes.
wrong: No.
hint: Divide.
solution: One by four.
```
'''


@pytest.fixture(scope="module")
def tiny_page(tmp_path_factory):
    from sphinx.testing.util import SphinxTestApp

    source = tmp_path_factory.mktemp("tiny-practice")
    (source / "conf.py").write_text(
        # MyST-NB, as the site and tests/test_extensions.py (whose tiny site registers its parser in this process).
        'extensions = ["myst_nb", "workshop_site"]\nnb_execution_mode = "off"\nhtml_theme = "basic"\nexclude_patterns = ["_build"]\n',
        encoding="utf-8",
    )
    (source / "index.md").write_text(TINY_PAGE, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=source, builddir=source / "_build", freshenv=True)
    try:
        app.build()
        assert app.statuscode == 0 and app.warning.getvalue() == ""
        yield read_page(Path(app.outdir) / "index.html")
    finally:
        app.cleanup()


def test_a_question_s_options_and_explanations_are_lean_lists_in_the_same_order(tiny_page):
    single = tiny_page.select_one("#practice-tiny-single")
    assert single["data-kind"] == "single" and single["data-correct"] == "0" and len(single["data-hash"]) == 12
    options, whys = single.select(".pq-options > li"), single.select(".pq-whys > li")
    assert len(options) == len(whys) == 2
    assert [li.get("class") for li in options + whys] == [None] * 4  # practice.js finds them by order
    assert whys[0].get_text().startswith("A, right: It is.")
    assert whys[1].select_one("a[href='#numbers']")  # an option's own section is linked


def test_inline_code_is_one_element_with_its_straight_quotes(tiny_page):
    code = tiny_page.select_one("#practice-tiny-single .pq-options code")
    assert code["class"] == ["literal"] and code.get_text() == 'Dense(1, activation="relu")' and not code.find("span")


def test_a_number_question_shows_its_code_in_a_code_box_without_token_spans(tiny_page):
    number = tiny_page.select_one("#practice-tiny-number")
    assert float(number["data-answer"]) == 0.25 and number["data-decimals"] == "2"
    pre = number.select_one(".pq-worked div.highlight > pre")
    assert pre.get_text() == "answer = 1 / 4" and not pre.find("span")
    assert [li.get_text().split(":")[0] for li in number.select(".pq-whys > li")] == ["If your number matches", "If it does not"]

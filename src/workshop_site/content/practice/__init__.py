"""The "Check yourself" questions at the end of the concept pages, checked in the page.

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
(``practice-progress.js``, on that page only).

The parts: ``questions`` (the YAML, validated), ``answers`` (numbers computed,
snippets judged), ``snippets`` (the Keras snippets run in a process of their
own, ``run_snippets``), ``directives`` (nodes and HTML) and ``collector``
(what the site knows of its questions).
"""

from workshop_site.content.practice.answers import compute_answer, expectation_problem
from workshop_site.content.practice.questions import KINDS, Question, parse_question, questions_in_source
from workshop_site.content.practice.snippets import CACHE_NAME, SnippetRun, Snippets, run_snippets, snippet_key

__all__ = [
    "CACHE_NAME", "KINDS", "Question", "SnippetRun", "Snippets", "compute_answer", "expectation_problem",
    "parse_question", "questions_in_source", "run_snippets", "snippet_key",
]

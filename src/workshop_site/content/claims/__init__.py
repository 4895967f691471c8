"""Claims: every sentence about a library's behaviour is checked by the build.

A sentence that says how Keras, TensorFlow, NumPy or Matplotlib behaves ends
with a mark naming its claim, ``{claim}`adam-step-not-capped``` in MyST or
``:claim:`adam-step-not-capped``` in reStructuredText (gallery scripts,
docstrings). The claim's check is a function in the checks file
(``claims_checks_file``, relative to the source folder; docs/claim_checks.py)::

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

The parts: ``marks`` (the roles, the directive and their nodes), ``collector``
(which page says what, kept in ``workshop_site.store``), ``checks`` (the
checks file read, and one build's run of it: ``ClaimChecks``), ``run_checks``
(the program that runs them, in a process of its own) and ``listing`` (the
claims page's list).
"""

from workshop_site.content.claims.checks import CACHE_NAME, ClaimChecks, cache_key, read_checks

__all__ = ["CACHE_NAME", "ClaimChecks", "cache_key", "read_checks"]

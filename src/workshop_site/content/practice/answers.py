"""The answers the build computes: a number question's ``code``, and whether a snippet behaved as its feedback says."""

from __future__ import annotations

import math

from workshop_site.content.practice.questions import Question


def compute_answer(question: Question) -> tuple[float, float]:
    """Run a number question's code; return (answer, tolerance)."""
    namespace: dict = {}
    exec(compile(question.code, f"<question {question.id}>", "exec"), namespace)
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



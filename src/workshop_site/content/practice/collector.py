"""What the site knows of its questions across pages (kept in ``workshop_site.store``)."""

from __future__ import annotations

from sphinx.util import logging

from workshop_site.store import page_records, record

logger = logging.getLogger(__name__)

QUESTIONS = "practice-questions"  # docname -> [{"id", "hash", "kind"}, ...]
PROGRESS = "practice-progress"  # docname -> True: the page shows the progress over every question


def add_question(env, docname: str, entry: dict) -> None:
    page_records(env, QUESTIONS).setdefault(docname, []).append(entry)


def mark_progress_page(env, docname: str) -> None:
    record(env, PROGRESS, docname, True)


def questions_of(env) -> dict[str, list[dict]]:
    return page_records(env, QUESTIONS)


def pages_with_questions(env) -> list[str]:
    return sorted(doc for doc, questions in questions_of(env).items() if questions)


def outdated_progress(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: write the progress page again whenever a page was read again.

    Any page read again may have gained, changed or lost questions; the index is small.
    """
    touched = set(added) | set(changed) | set(removed)
    return sorted(set(page_records(env, PROGRESS)) - touched) if touched else []


def check_ids(app, env) -> None:
    """``env-check-consistency``: a question id is used on one page only (progress is stored by id)."""
    seen: dict[str, str] = {}
    for doc in sorted(questions_of(env)):
        for question in questions_of(env)[doc]:
            if question["id"] in seen:
                logger.warning(
                    f"practice: question id {question['id']!r} is used on {seen[question['id']]!r} and on {doc!r}; "
                    "ids must be unique across the site (progress is stored by id)",
                    location=doc,
                )
            seen.setdefault(question["id"], doc)

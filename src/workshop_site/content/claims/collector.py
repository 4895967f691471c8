"""What the site knows of its claims across pages (kept in ``workshop_site.store``)."""

from __future__ import annotations

from workshop_site.store import page_records, record

SENTENCES = "claims-sentences"  # docname -> [{"claim", "anchor", "line"} (+ "value" for a claim-value), ...]
LIST = "claims-list"  # docname -> True: the page lists every claim


def add_sentence(env, docname: str, entry: dict) -> None:
    page_records(env, SENTENCES).setdefault(docname, []).append(entry)


def sentences_on(env, docname: str) -> list[dict]:
    return page_records(env, SENTENCES).get(docname, [])


def sentences_of(env) -> dict[str, list[dict]]:
    return page_records(env, SENTENCES)


def mark_list_page(env, docname: str) -> None:
    record(env, LIST, docname, True)


def list_page(env) -> str:
    """The page with the claims list (the first, if several have one), or "" when none has."""
    return min(page_records(env, LIST), default="")


def outdated_list(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: write the claims page again whenever a page was read again (it links to them all)."""
    touched = set(added) | set(changed) | set(removed)
    return sorted(set(page_records(env, LIST)) - touched) if touched else []

"""The one place where the site's Sphinx code keeps what it learns about pages: ``env.workshop_site``.

Per-page records (a page's questions, its reading counts, the glob of its
reading path...) live in ``env.workshop_site.pages[kind][docname]`` and travel
with Sphinx's environment (pickled between builds, sent back by parallel
readers). ``PageRecords``, an environment collector as MyST-NB's
``NbMetadataCollector`` is, lets Sphinx drop a page's records when it reads
the page again and merge those of its parallel readers: no handler here
purges or merges by hand.

What lives only for one build run (the background snippet process, the
notebook prerun's threads, the build stamp) is held by the object that
``workshop_site.setup`` creates for it and whose methods are the handlers:
nothing is stuck on ``app``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sphinx.environment.collectors import EnvironmentCollector

ATTRIBUTE = "workshop_site"


@dataclass
class SiteRecords:
    pages: dict[str, dict[str, object]] = field(default_factory=dict)  # kind -> docname -> value
    site: dict[str, object] = field(default_factory=dict)  # what a build compares with the last one's


def records(env) -> SiteRecords:
    if not hasattr(env, ATTRIBUTE):
        setattr(env, ATTRIBUTE, SiteRecords())
    return getattr(env, ATTRIBUTE)


def page_records(env, kind: str) -> dict[str, object]:
    """``{docname: value}`` of one kind of record (created empty on first use)."""
    return records(env).pages.setdefault(kind, {})


def record(env, kind: str, docname: str, value) -> None:
    page_records(env, kind)[docname] = value


class PageRecords(EnvironmentCollector):
    """Sphinx's purge and merge, for every kind of per-page record."""

    def clear_doc(self, app, env, docname: str) -> None:
        for by_page in records(env).pages.values():
            by_page.pop(docname, None)

    def merge_other(self, app, env, docnames: set[str], other) -> None:
        for kind, by_page in records(other).pages.items():
            mine = page_records(env, kind)
            mine.update({name: value for name, value in by_page.items() if name in docnames})

    def process_doc(self, app, doctree) -> None:
        """Nothing: the directives and handlers record as they read."""

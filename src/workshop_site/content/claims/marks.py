"""The marks in the pages: ``{claim}``, ``{claim-value}``, ``{claims-list}`` and their HTML."""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective, SphinxRole

from workshop_site.content.claims import collector

MARK = "\u2713"  # the check mark after a checked sentence


class claim_mark(nodes.Inline, nodes.Element):
    """The mark after a checked sentence: a link to its line on the claims page."""


class claim_value(nodes.Inline, nodes.Element):
    """A number a check returned; replaced by its text once the checks have run."""


class claims_list(nodes.General, nodes.Element):
    """The claims page's list; filled in once every page has been read."""


def _depend_on_checks(directive: SphinxRole | SphinxDirective) -> None:
    # A check's line and numbers show on the page: a new checks file writes it again.
    directive.env.note_dependency(directive.config.claims_checks_file)  # relative to the source folder


class ClaimRole(SphinxRole):
    """``{claim}`id```: marks the sentence before it as checked by the check of that id."""

    def run(self):
        claim = self.text.strip()
        n_before = sum(1 for o in collector.sentences_on(self.env, self.env.docname) if o["claim"] == claim)
        # The page's further sentences with the same claim: anchors ending in -2, -3, ...
        anchor = f"claim-{claim}" + (f"-{n_before + 1}" if n_before else "")
        collector.add_sentence(self.env, self.env.docname, {"claim": claim, "anchor": anchor, "line": self.lineno})
        _depend_on_checks(self)
        node = claim_mark(claim=claim, ids=[anchor])
        self.set_source_info(node)
        return [node], []


class ClaimValueRole(SphinxRole):
    """``{claim-value}`id.key:format```: the number ``key`` that claim's check returned."""

    def run(self):
        reference, _, spec = self.text.strip().partition(":")
        claim, _, key = reference.partition(".")
        if not key:
            msg = self.inliner.reporter.error(f"claim-value wants 'claim-id.key:format', got {self.text!r}",
                                              line=self.lineno)
            return [], [msg]
        collector.add_sentence(self.env, self.env.docname,
                               {"claim": claim, "anchor": "", "line": self.lineno, "value": key})
        _depend_on_checks(self)
        node = claim_value(claim=claim, key=key, spec=spec)
        self.set_source_info(node)
        return [node], []


class ClaimsListDirective(SphinxDirective):
    """``{claims-list}``: every claim with its check and the sentences that make it."""

    def run(self):
        node = claims_list()
        self.set_source_info(node)
        collector.mark_list_page(self.env, self.env.docname)
        _depend_on_checks(self)
        return [node]


def visit_mark_html(translator, node: claim_mark) -> None:
    # The claim's sentence is the link's name: a screen reader says it, and the claims page it
    # leads to shows it. No title repeating it: a page's questions have a byte budget.
    label = f"Checked by the build: {node['summary']}" if node.get("summary") else "Checked by the build"
    translator.body.append(
        f'<a class="claim-mark" id="{translator.attval(node["ids"][0])}" href="{translator.attval(node["refuri"])}" '
        f'aria-label="{translator.attval(label)}">{MARK}</a>'
    )
    raise nodes.SkipNode


def skip(translator, node) -> None:
    """Other builders show no mark; a value or list left unresolved shows nothing."""
    raise nodes.SkipNode

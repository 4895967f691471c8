"""The site's Sphinx code: one extension, ``workshop_site``, wired below in the order the build runs.

It comes last in conf.py's ``extensions``, after MyST-NB and sphinx-gallery,
so that at any one event and priority its handlers run after theirs (Sphinx
calls the handlers of one priority in the order they were connected); the
theme, set up after every extension, is the exception (``AFTER_THE_THEME``). Three groups of modules:

- ``content``: what pages are made of (the ``question``, ``widget``,
  ``playground`` and ``start-here`` directives, the ``claim`` marks checked
  by the build and their list, the copy button, the examples' downloads);
- ``steps``: what the build does on the way (the concept pages executed
  beside the examples, the examples' reset and figure scraper, math as
  MathML and its font, lean notebook figures, accessible headings, the
  build's stamp);
- ``finishing``: the written pages (each page's stylesheets and scripts,
  then one pass over every page, ``finishing/passes.py``).

What the code learns about pages lives in one store (``store.py``); every
private name of another package is reached through ``internals.py`` alone.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from workshop_site import internals
from workshop_site.content import copy_code, downloads, playground, start_here, widgets
from workshop_site.content.claims import collector as claims_collector
from workshop_site.content.claims import marks as claims
from workshop_site.content.claims.checks import ClaimChecks
from workshop_site.content.practice import collector as practice_collector
from workshop_site.content.practice import directives as practice
from workshop_site.content.practice.snippets import Snippets
from workshop_site.finishing import passes
from workshop_site.finishing.page_assets import MystnbSplit
from workshop_site.paths import STATIC_DIR
from workshop_site.steps import a11y, gallery_hooks, mathml_math, png_optimiser
from workshop_site.steps.build_stamp import BuildStamp
from workshop_site.steps.notebook_prerun import NotebookPrerun, repair_cache_before_use
from workshop_site.store import PageRecords

# The two hand-set priorities of the site.
# sphinx-gallery runs every example in its builder-inited handler (priority 500). What must
# start before that, to run beside the examples or to see the build before anything is
# written, runs first.
BEFORE_THE_EXAMPLES = 400
# The theme is set up after every extension, so its handlers of one priority come after
# ours; Furo writes pygments.css at build-finished. The finishing pass must see that file
# (it minifies it and names it by its checksum in every page), so it runs after.
AFTER_THE_THEME = 900

# Builders other than HTML show a directive's children and nothing of its own markup.
OTHER_BUILDERS = ("latex", "text", "man", "texinfo")


def _check_static_files() -> None:
    for name in (widgets.JS_FILE, practice.JS_FILE, playground.JS_FILE):
        if not (STATIC_DIR / name).is_file():
            raise ExtensionError(f"workshop_site: {STATIC_DIR / name} is missing")


def _register_content(app: Sphinx) -> None:
    """Directives, nodes, settings and the math renderer: what the pages' sources may use."""
    passthrough = {builder: (widgets._pass, widgets._pass) for builder in OTHER_BUILDERS}
    app.add_node(widgets.widget_node, html=(widgets.visit_widget_html, widgets.depart_widget_html), **passthrough)
    app.add_directive("widget", widgets.WidgetDirective)
    app.add_node(playground.playground_node, html=(playground.visit_playground_html, playground.depart_playground_html),
                 **passthrough)
    app.add_directive("playground", playground.PlaygroundDirective)
    app.add_node(practice.practice_element, html=(practice.visit_element_html, practice.depart_element_html),
                 **passthrough)
    app.add_node(practice.practice_progress, html=(practice.visit_progress_html, None),
                 **{builder: (practice.skip_progress, None) for builder in OTHER_BUILDERS})
    app.add_directive("question", practice.QuestionDirective)
    app.add_directive("practice-progress", practice.ProgressDirective)
    app.add_node(start_here.start_here_list)
    app.add_directive("start-here", start_here.StartHere)
    app.add_node(claims.claim_mark, html=(claims.visit_mark_html, None),
                 **{builder: (claims.skip, None) for builder in OTHER_BUILDERS})
    # Both are replaced before a page is written; one left over shows nothing.
    for node in (claims.claim_value, claims.claims_list):
        app.add_node(node, **{builder: (claims.skip, None) for builder in ("html", *OTHER_BUILDERS)})
    app.add_role("claim", claims.ClaimRole())
    app.add_role("claim-value", claims.ClaimValueRole())
    app.add_directive("claims-list", claims.ClaimsListDirective)
    # The claims' checks, relative to the source folder.
    app.add_config_value("claims_checks_file", "claim_checks.py", "env", types=[str])
    app.add_config_value("copy_code_selector", "div.highlight > pre", "html", types=[str])
    app.add_config_value("copy_code_prompt", "", "html", types=[str])
    app.add_config_value("copy_code_exclude", "", "html", types=[str])
    # The site's public address ("https://.../"), when the build knows it: notebooks then install from it.
    app.add_config_value("downloads_site_url", "", "html", types=[str])
    app.add_config_value("downloads_build_stamp", "", "html", types=[str])
    app.add_html_math_renderer("mathml", inline_renderers=(mathml_math.visit_math, None),
                               block_renderers=(mathml_math.visit_displaymath, None))
    app.add_post_transform(mathml_math.OneIdPerEquation)
    app.add_env_collector(PageRecords)


def setup(app: Sphinx) -> dict:
    _check_static_files()
    internals.check_every_name()
    # The concept pages are MyST-NB notebooks: its settings and output folder are read below.
    app.setup_extension("myst_nb")
    _register_content(app)
    # One object per build run for what lives only during the run (threads, processes, the stamp).
    stamp, prerun, snippets, claim_checks = BuildStamp(), NotebookPrerun(), Snippets(), ClaimChecks()
    shipped, mystnb_split = downloads.ShippedDownloads(), MystnbSplit()

    pipeline = [
        # --- configuration
        ("config-inited", widgets.add_static_path),  # docs/_static, also for a site elsewhere (the tests' tiny ones)
        ("config-inited", copy_code.check_settings),
        ("config-inited", shipped.stamp_versions),  # versions and commit: a config value, pages follow it
        # --- start: before the examples run (what runs beside them, and the stamp's look at the inputs)
        ("builder-inited", stamp.note_inputs, BEFORE_THE_EXAMPLES),
        ("builder-inited", repair_cache_before_use, BEFORE_THE_EXAMPLES),
        ("builder-inited", prerun.start_beside_examples, BEFORE_THE_EXAMPLES),  # one kernel beside the examples
        ("builder-inited", snippets.start, BEFORE_THE_EXAMPLES),  # the questions' Keras snippets
        ("builder-inited", claim_checks.start, BEFORE_THE_EXAMPLES),  # the checks of the claims about libraries
        # --- start: after sphinx-gallery ran the examples and wrote their pages, notebooks and zips
        ("builder-inited", a11y.use_accessible_translator),
        ("builder-inited", mystnb_split.split),
        ("builder-inited", shipped.ship),  # the wheel and pins into every example's zip
        # --- which pages to read
        ("env-get-outdated", start_here.pages_with_lists_are_outdated),
        ("env-get-outdated", practice_collector.outdated_progress),
        ("env-get-outdated", claims_collector.outdated_list),
        ("env-get-outdated", downloads.reread_setup_when_stamp_changes),
        ("env-before-read-docs", gallery_hooks.stop_example_workers),  # frees their memory first
        ("env-before-read-docs", prerun.finish_before_reading),  # the other concept pages, -j N at a time
        ("env-before-read-docs", snippets.collect),
        # --- reading
        ("source-read", shipped.fill_setup_page),
        ("doctree-read", png_optimiser.optimise_notebook_figures),
        ("doctree-read", start_here.count_page),
        ("env-check-consistency", practice_collector.check_ids),
        ("env-check-consistency", claim_checks.judge),  # waits for the checks; fails for a sentence they do not prove
        # --- writing
        ("doctree-resolved", claim_checks.resolve),  # the marks' links, the checks' numbers, the claims page's list
        ("doctree-resolved", start_here.fill_lists),  # every page's reading time is known now
        ("doctree-resolved", downloads.add_versions_note),
        ("html-page-context", mathml_math.add_math_assets),
        ("html-page-context", widgets.add_assets),
        ("html-page-context", playground.add_assets),
        ("html-page-context", practice.add_assets),
        ("html-page-context", copy_code.add_script),
        ("html-page-context", mystnb_split.trim),  # last: sees every asset the others added
        # --- finishing
        ("build-finished", passes.finish_site, AFTER_THE_THEME),  # one pass over every written page, then the math font
        ("build-finished", stamp.write, AFTER_THE_THEME),  # last: only a build that passed every step gets a stamp
    ]
    for event, handler, *priority in pipeline:
        app.connect(event, handler, *priority)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}

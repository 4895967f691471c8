"""The benchmark's pure helpers (benchmarks/): page weight, medians, budgets, choices, parsing.

No timing is asserted here: the benchmark reports timings, it does not test them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import budgets, lighthouse, run
from benchmarks.measure import cpu_model, median
from benchmarks.pageweight import css_references, page_weight, parse_page, resolve, site_pages, site_weights

# --- Page weight -------------------------------------------------------------

PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="../_static/styles/furo.css?v=1">
<link rel="stylesheet" href="../_static/site.css">
<link rel="icon" href="../_static/favicon.svg">
<link rel="canonical" href="https://example.org/concepts/a.html">
<link rel="stylesheet" href="https://cdn.example.org/x.css">
<script src="../_static/furo.js?v=2"></script>
<script>var inline = 1;</script>
</head><body>
<img src="../_images/plot.png" srcset="../_images/plot-2x.png 2x" alt="">
<img src="data:image/png;base64,AAAA" alt="">
<a href="../index.html">home</a>
</body></html>"""


def write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


@pytest.fixture
def site(tmp_path):
    """A tiny built site: one concept page, its stylesheets (one loading a font), a script, a figure."""
    write(tmp_path / "concepts" / "a.html", PAGE)
    write(tmp_path / "_static" / "styles" / "furo.css", "@import 'extra.css'; body { background: url(../bg.png); }")
    write(tmp_path / "_static" / "styles" / "extra.css", "@font-face { src: url('fonts/f.woff2') format('woff2'); }")
    write(tmp_path / "_static" / "styles" / "fonts" / "f.woff2", b"F" * 1000)
    write(tmp_path / "_static" / "bg.png", b"B" * 200)
    write(tmp_path / "_static" / "site.css", "/* url(never.png) */ a { color: red; }")
    write(tmp_path / "_static" / "favicon.svg", "<svg/>")
    write(tmp_path / "_static" / "furo.js", "x" * 300)
    write(tmp_path / "_images" / "plot.png", b"P" * 5000)
    write(tmp_path / "_images" / "plot-2x.png", b"P" * 20000)
    write(tmp_path / "index.html", "<html><head><script src='_static/furo.js'></script></head></html>")
    write(tmp_path / "_static" / "not-a-page.html", "<html></html>")
    return tmp_path


def size(root: Path, *paths: str) -> int:
    return sum((root / path).stat().st_size for path in paths)


def test_page_weight_counts_html_scripts_stylesheets_their_urls_and_icons(site):
    weight = page_weight(site, "concepts/a.html")
    own = ("concepts/a.html", "_static/styles/furo.css", "_static/styles/extra.css", "_static/styles/fonts/f.woff2",
           "_static/bg.png", "_static/site.css", "_static/favicon.svg", "_static/furo.js")
    assert weight.own_bytes == size(site, *own)
    assert weight.html_bytes == size(site, "concepts/a.html")
    assert weight.resources == len(own) - 1
    assert weight.missing == []


def test_page_weight_counts_figures_apart_and_only_their_src(site):
    weight = page_weight(site, "concepts/a.html")
    assert weight.figure_bytes == 5000
    assert weight.figures == 1


def test_page_weight_lists_a_referenced_file_missing_from_the_build(site):
    (site / "_static" / "furo.js").unlink()
    assert page_weight(site, "concepts/a.html").missing == ["_static/furo.js"]


def test_parse_page_ignores_links_that_fetch_nothing_and_inline_scripts():
    found = parse_page(PAGE)
    assert found.own == [
        "../_static/styles/furo.css?v=1",
        "../_static/site.css",
        "../_static/favicon.svg",
        "https://cdn.example.org/x.css",  # listed here; resolve() leaves other hosts out
        "../_static/furo.js?v=2",
    ]
    assert found.stylesheets == ["../_static/styles/furo.css?v=1", "../_static/site.css", "https://cdn.example.org/x.css"]


def test_css_references_finds_urls_and_imports_but_not_comments():
    css = """/* url(commented.png) */ @import "a.css"; @import url(b.css);
    .x { background: url( 'c.png' ) } .y { mask: url("d.svg#icon") } .z { src: url(data:font/woff2;base64,AA) }"""
    assert sorted(css_references(css)) == sorted(["a.css", "b.css", "c.png", "d.svg#icon", "data:font/woff2;base64,AA"])


@pytest.mark.parametrize(
    ("url", "referrer", "base", "expected"),
    [
        ("../_static/x.css?v=3", "concepts/a.html", None, "_static/x.css"),
        ("_static/x.js#top", "index.html", None, "_static/x.js"),
        ("/_static/x.css", "concepts/a.html", None, "_static/x.css"),
        ("_static/x.css", "deep/er/404.html", "/", "_static/x.css"),
        ("fonts/a%20b.woff2", "_static/styles/furo.css", None, "_static/styles/fonts/a b.woff2"),
        ("https://cdn.example.org/x.js", "index.html", None, None),
        ("//cdn.example.org/x.js", "index.html", None, None),
        ("data:image/png;base64,AA", "index.html", None, None),
        ("#section", "index.html", None, None),
    ],
)
def test_resolve_gives_the_site_path_of_local_urls_only(url, referrer, base, expected):
    assert resolve(url, referrer, base) == expected


def test_site_pages_leaves_out_static_folders(site):
    assert site_pages(site) == ["concepts/a.html", "index.html"]


def test_site_weights_puts_the_heaviest_page_first(site):
    assert [weight.page for weight in site_weights(site)] == ["concepts/a.html", "index.html"]


# --- Medians and the machine -----------------------------------------------------


def test_median_of_an_odd_and_an_even_count():
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 2.0, 3.0]) == 2.5


def test_median_of_nothing_says_so():
    with pytest.raises(ValueError, match="empty"):
        median([])


def test_cpu_model_reads_proc_cpuinfo():
    assert cpu_model("processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t: fpu\n") == "AMD EPYC 7B13"
    assert cpu_model("processor\t: 0\n") == "unknown"


# --- Budgets ---------------------------------------------------------------------


def test_at_most_passes_at_the_limit_and_fails_above_it():
    assert budgets.at_most("no-op", 10.0, 10.0, " s").status == budgets.PASS
    over = budgets.at_most("no-op", 10.4, 10.0, " s")
    assert over.status == budgets.FAIL
    assert over.reason == "10.4 s is over the budget <= 10.0 s"


def test_at_least_fails_below_the_limit_with_the_detail():
    result = budgets.at_least("a11y", 0.94, 1.0, detail="aria-required-attr")
    assert result.status == budgets.FAIL
    assert result.reason == "0.94 is under the budget >= 1.00 (aria-required-attr)"
    assert budgets.at_least("perf", 0.95, 0.95).met


def test_a_missing_value_is_not_measured_with_its_reason():
    result = budgets.at_least("perf", None, 0.95, why_missing="node is not on PATH")
    assert result.status == budgets.NOT_MEASURED
    assert result.reason == "node is not on PATH"
    assert not result.met


def test_summary_counts_met_budgets_and_lists_the_others():
    results = [
        budgets.at_most("build", 100.0, 180.0, " s"),
        budgets.at_most("no-op", 12.0, 10.0, " s"),
        budgets.at_least("perf", None, 0.95, why_missing="no Chromium found"),
    ]
    text = budgets.summary(results)
    assert text.splitlines()[0] == "1 of 3 budgets met (1 failed, 1 not measured)"
    assert "FAIL  no-op: 12.0 s is over the budget <= 10.0 s" in text
    assert "NOT MEASURED  perf: no Chromium found" in text


def test_check_budgets_compares_the_build_with_the_scripts_alone(tmp_path):
    report = run.Report(machine=None, memory_method="")
    report.clean_build = run.CommandRun(["make"], 50.0, 0, int(2e9), int(1e9), "")
    report.scripts = [run.ScriptRun("gallery/plot_05_a.py", 40.0, 0, 0), run.ScriptRun("gallery/plot_06_b.py", 60.0, 0, 0)]
    report.rebuilds = [run.Rebuild("one example edited", "gallery/plot_05_a.py", "edit",
                                   [run.CommandRun(["make"], seconds, 0, 0, 0, "") for seconds in (50.0, 56.0, 70.0)])]
    results = {result.name.split(" (")[0]: result for result in run.check_budgets(report, "gallery/plot_05_a.py")}
    assert results["clean build / sum of scripts alone"].measured == "0.50"
    assert results["clean build / sum of scripts alone"].met
    assert results["one example edited"].status == budgets.FAIL  # 56 s > 40 s + 15 s
    assert results["slowest example alone"].status == budgets.FAIL
    assert results["peak memory of the clean build"].met
    assert results["no-op rebuild"].status == budgets.NOT_MEASURED


# --- Choices and parsing -----------------------------------------------------------


def test_pick_example_prefers_plot_05_else_the_middle_one():
    assert run.pick_example(["gallery/plot_07_c.py", "gallery/plot_05_b.py", "gallery/plot_01_a.py"]) == "gallery/plot_05_b.py"
    assert run.pick_example(["gallery/plot_c.py", "gallery/plot_a.py", "gallery/plot_b.py"]) == "gallery/plot_b.py"
    assert run.pick_example([]) is None


def test_pick_concept_takes_the_middle_page():
    assert run.pick_concept(["docs/concepts/02-b.md", "docs/concepts/01-a.md"]) == "docs/concepts/02-b.md"
    assert run.pick_concept([]) is None


def test_html_page_of_a_gallery_script_and_a_concept_page():
    assert run.html_page_of("gallery/plot_05_b.py") == "auto_examples/plot_05_b.html"
    assert run.html_page_of("docs/concepts/01-a.md") == "concepts/01-a.html"


def test_parse_pytest_summary_takes_the_last_summary_line():
    output = "....\n= warnings summary =\n\n===== 12 passed, 3 deselected in 4.56s =====\n"
    assert run.parse_pytest_summary(output) == "12 passed, 3 deselected in 4.56s"
    assert run.parse_pytest_summary("Traceback ...") == "no pytest summary found"


REPORT = {
    "categories": {
        "performance": {"score": 0.9, "auditRefs": [{"id": "fcp", "weight": 10}, {"id": "cls", "weight": 25}, {"id": "hint", "weight": 0}]},
        "accessibility": {"score": 0.94, "auditRefs": [{"id": "aria-required-attr", "weight": 10}]},
    },
    "audits": {
        "fcp": {"score": 0.7, "title": "First Contentful Paint", "displayValue": "2.3 s", "scoreDisplayMode": "numeric"},
        "cls": {"score": 1, "title": "Cumulative Layout Shift", "scoreDisplayMode": "numeric"},
        "hint": {"score": 0, "title": "A hint", "scoreDisplayMode": "binary"},
        "aria-required-attr": {"score": 0, "title": "ARIA attributes", "scoreDisplayMode": "binary"},
        "info": {"score": 0, "title": "Info", "scoreDisplayMode": "informative"},
    },
}


def test_lighthouse_scores_and_failures_come_from_the_json_report():
    assert lighthouse.scores(REPORT) == {"performance": 0.9, "accessibility": 0.94}
    assert lighthouse.category_failures(REPORT, "performance") == ["fcp"]
    assert lighthouse.category_failures(REPORT, "accessibility") == ["aria-required-attr"]
    failing = lighthouse.failing_audits(REPORT)
    assert failing[-1] == "fcp (0.7): First Contentful Paint — 2.3 s"
    assert not any(text.startswith("info") for text in failing)


def test_median_run_is_the_report_with_the_middle_performance():
    reports = [{"categories": {"performance": {"score": score}}} for score in (0.99, 0.90, 0.95)]
    assert lighthouse.scores(lighthouse.median_run(reports))["performance"] == 0.95


def test_table_aligns_columns_under_a_dashed_header():
    assert run.table([("a", "bb"), ("ccc", "d")]) == "a    bb\n---  --\nccc  d"

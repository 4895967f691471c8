"""Measure the site's build and pages on this machine: `make bench` (or python -m benchmarks.run).

In order: a clean full build (after `make clean`; .venv kept), the weight of
every built page, Lighthouse on three pages, a no-op rebuild, a rebuild after
one example is edited and after one concept page is touched, every gallery
script run alone, and the fast and full test suites. Prints a table, checks
the budgets and writes benchmarks/results/latest.json (logs in
benchmarks/results/logs/). Exits 0 even when a budget fails: it is a report.

It rebuilds the working tree's _build/html and leaves it as a clean build
would; an example it edits is restored byte for byte.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks import budgets, lighthouse, playground_speed
from benchmarks.measure import MEMORY_METHOD, CommandRun, Machine, describe_machine, log_tail, median, run_command
from benchmarks.pageweight import PageWeight, site_weights
from site_harness import ROOT
from site_harness.serve import serve

RESULTS = ROOT / "benchmarks" / "results"
LOGS = RESULTS / "logs"
HTML_DIR = ROOT / "_build" / "html"
# `make bench` has just brought the virtual environment up to date; `-o` keeps
# the inner makes from re-installing it (a worktree's pyproject.toml can be
# newer than the shared .venv's stamp).
MAKE = ["make", "--no-print-directory", "-C", str(ROOT), "-o", str(ROOT / ".venv" / ".installed")]
MAKE_HTML = [*MAKE, "html"]
MAKE_CLEAN = [*MAKE, "clean"]
# The Makefile's own test targets, so the suites measured are the ones developers run.
FAST_TESTS = [*MAKE, "test-fast"]
FULL_TESTS = [*MAKE, "test"]
PREFERRED_EXAMPLE_PREFIX = "plot_05"
SCRIPT_TIMEOUT_SECONDS = 900
STEPS = ("clean-build", "page-weight", "lighthouse", "playground", "rebuilds", "scripts", "fast-tests", "full-tests")

# The budgets (a 2-core machine).
BUILD_TO_SCRIPTS_RATIO = 0.6
CLEAN_BUILD_SECONDS = 180.0
NOOP_REBUILD_SECONDS = 10.0
EXAMPLE_REBUILD_EXTRA_SECONDS = 15.0
EXAMPLE_SECONDS = 15.0
PEAK_MEMORY_BYTES = 3e9
HEAVIEST_PAGE_BYTES = 500e3
LIGHTHOUSE_PERFORMANCE = 0.98
# Lighthouse loads the pages as the site's hosts serve them: text gzip-compressed
# (GitHub Pages and Read the Docs both do). `--lighthouse-plain` serves every
# file as it is on disk, as `make serve` and the tests' server do.
LIGHTHOUSE_SERVED = {True: "gzip-compressed, as the site's hosts serve it", False: "uncompressed (--lighthouse-plain)"}
LIGHTHOUSE_ACCESSIBILITY = 1.0


# --- Measurements ----------------------------------------------------------


@dataclass
class Rebuild:
    """Repeated incremental builds after the same kind of change."""

    name: str
    target: str  # the file changed, relative to the repository
    change: str  # what was done to it
    runs: list[CommandRun] = field(default_factory=list)

    @property
    def median_seconds(self) -> float:
        return median([run.seconds for run in self.runs])

    @property
    def failed_runs(self) -> int:
        return sum(not run.ok for run in self.runs)


@dataclass
class ScriptRun:
    """One gallery script run alone: ``python gallery/plot_x.py`` in a temporary folder."""

    script: str
    seconds: float
    returncode: int
    peak_rss_sum_bytes: int


@dataclass
class TestSuite:
    name: str
    command: list[str]
    seconds: float
    returncode: int
    summary: str  # pytest's last line


@dataclass
class Report:
    machine: Machine
    memory_method: str
    clean_build: CommandRun | None = None
    rebuilds: list[Rebuild] = field(default_factory=list)
    scripts: list[ScriptRun] = field(default_factory=list)
    pages: list[PageWeight] = field(default_factory=list)
    lighthouse: list[lighthouse.LighthouseScore] = field(default_factory=list)
    lighthouse_not_measured: str = ""
    lighthouse_served: str = ""
    playground: playground_speed.PlaygroundBench | None = None
    tests: list[TestSuite] = field(default_factory=list)
    budgets: list[budgets.BudgetResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def scripts_total_seconds(self) -> float | None:
        return sum(run.seconds for run in self.scripts) if self.scripts else None

    def rebuild(self, name: str) -> Rebuild | None:
        return next((rebuild for rebuild in self.rebuilds if rebuild.name == name), None)

    def script(self, path: str) -> ScriptRun | None:
        return next((run for run in self.scripts if run.script == path), None)


# --- Choosing what to change ----------------------------------------------


def pick_example(scripts: list[str]) -> str | None:
    """The example to edit: the first named plot_05*, else the middle one of the sorted list."""
    ordered = sorted(scripts)
    if not ordered:
        return None
    preferred = [name for name in ordered if Path(name).name.startswith(PREFERRED_EXAMPLE_PREFIX)]
    return preferred[0] if preferred else ordered[len(ordered) // 2]


def pick_concept(pages: list[str]) -> str | None:
    """The concept page to touch: the middle one of the sorted numbered pages."""
    ordered = sorted(pages)
    return ordered[len(ordered) // 2] if ordered else None


def gallery_scripts() -> list[str]:
    return sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "gallery").glob("plot_*.py"))


def concept_sources() -> list[str]:
    return sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "docs" / "concepts").glob("[0-9]*.md"))


def html_page_of(source: str) -> str:
    """The built page of a gallery script or a docs/ source, relative to the site's root."""
    path = Path(source)
    if path.parts[0] == "gallery":
        return f"auto_examples/{path.stem}.html"
    return path.relative_to("docs").with_suffix(".html").as_posix()


def parse_pytest_summary(output: str) -> str:
    """pytest's final "N passed, M failed in Xs" line, without its ``=`` padding."""
    for line in reversed(output.strip().splitlines()):
        text = line.strip().strip("=").strip()
        if " in " in text and any(word in text for word in ("passed", "failed", "error", "skipped", "deselected", "no tests")):
            return text
    return "no pytest summary found"


# --- Steps ---------------------------------------------------------------


def step(title: str) -> None:
    print(f"\n== {title} ({time.strftime('%H:%M:%S')})", flush=True)


def build(log_name: str) -> CommandRun:
    run = run_command(MAKE_HTML, cwd=ROOT, log=LOGS / f"{log_name}.log")
    if not run.ok:
        print(f"   build exited {run.returncode}; end of {run.log}:\n{log_tail(run)}")
    return run


def clean_build() -> CommandRun:
    step("clean full build: make clean, then make html")
    run_command(MAKE_CLEAN, cwd=ROOT, log=LOGS / "make-clean.log")
    run = build("clean-build")
    print(f"   {run.seconds:.1f} s, peak memory {run.peak_rss_sum_bytes / 1e9:.2f} GB (sum over processes)")
    return run


def noop_rebuilds(repeats: int) -> Rebuild:
    step(f"no-op rebuild x{repeats}")
    rebuild = Rebuild("no-op rebuild", "", "nothing changed")
    for index in range(repeats):
        rebuild.runs.append(build(f"noop-{index}"))
    return rebuild


def example_rebuilds(example: str, repeats: int) -> Rebuild:
    """Rebuilds after an edit of ``example``, which is then restored (and the build with it).

    sphinx-gallery re-runs an example when its content changes (it compares an
    md5, not the time stamp: a bare `touch` would rebuild nothing), so each run
    appends a different comment line.
    """
    step(f"rebuild after editing {example} x{repeats}")
    path = ROOT / example
    original = path.read_bytes()
    rebuild = Rebuild("one example edited", example, "a comment line appended (content changed)")
    try:
        for index in range(repeats):
            path.write_bytes(original + f"\n# benchmark edit {index}\n".encode())
            rebuild.runs.append(build(f"example-edit-{index}"))
    finally:
        path.write_bytes(original)
    build("example-restored")  # the site again as the sources say, untimed
    return rebuild


def concept_rebuilds(concept: str, repeats: int) -> Rebuild:
    step(f"rebuild after touching {concept} x{repeats}")
    rebuild = Rebuild("one concept page touched", concept, "touch (mtime only; outputs from jupyter-cache)")
    for index in range(repeats):
        (ROOT / concept).touch()
        rebuild.runs.append(build(f"concept-touch-{index}"))
    return rebuild


def run_scripts(scripts: list[str], repeats: int) -> list[ScriptRun]:
    step(f"every gallery script alone ({len(scripts)} scripts, x{repeats})")
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(ROOT / "src"), "TF_CPP_MIN_LOG_LEVEL": "2"}
    results = []
    for script in scripts:
        runs = []
        for index in range(repeats):
            with tempfile.TemporaryDirectory(prefix="bench-script-") as workdir:
                log = LOGS / "scripts" / f"{Path(script).stem}-{index}.log"
                runs.append(run_command([sys.executable, str(ROOT / script)], cwd=Path(workdir), log=log, env=env,
                                        timeout=SCRIPT_TIMEOUT_SECONDS))
        seconds = median([run.seconds for run in runs])
        failed = next((run for run in runs if not run.ok), None)
        result = ScriptRun(script, seconds, failed.returncode if failed else 0, max(run.peak_rss_sum_bytes for run in runs))
        print(f"   {script}: {seconds:.1f} s" + (f" (exit {result.returncode}, log {failed.log})" if failed else ""), flush=True)
        results.append(result)
    return results


def run_tests(name: str, command: list[str]) -> TestSuite:
    step(f"{name} test suite: make {command[-1]}")
    run = run_command(command, cwd=ROOT, log=LOGS / f"tests-{name}.log")
    summary = parse_pytest_summary(Path(run.log).read_text(encoding="utf-8", errors="replace"))
    print(f"   {run.seconds:.1f} s: {summary}")
    return TestSuite(name, command, run.seconds, run.returncode, summary)


def run_lighthouse(report: Report, pages: list[str], runs: int, *, compressed: bool = True) -> None:
    step(f"Lighthouse (mobile) on {len(pages)} pages x{runs}, served {LIGHTHOUSE_SERVED[compressed]}")
    reason = lighthouse.ensure_installed(LOGS / "npm-ci.log")
    if not reason and not (HTML_DIR / "index.html").exists():
        reason = f"no built site in {HTML_DIR.relative_to(ROOT)}"
    if reason:
        report.lighthouse_not_measured = reason
        print(f"   not measured: {reason}")
        return
    reports = RESULTS / "lighthouse"  # each run's full JSON report, to read the audits
    reports.mkdir(parents=True, exist_ok=True)
    report.lighthouse_served = LIGHTHOUSE_SERVED[compressed]
    with serve(HTML_DIR, compress=compressed) as base:
        for page in pages:
            score = lighthouse.run_page(page, f"{base}/{page}", runs, reports)
            report.lighthouse.append(score)
            print(f"   {page}: performance {score.performance}, accessibility {score.accessibility}"
                  + (f" ({score.error})" if score.error else ""), flush=True)
            for audit in score.failing_audits[:8]:
                print(f"      {audit}")


# --- Budgets --------------------------------------------------------------


def why_missing(report: Report, step_name: str) -> str:
    return f"skipped (--skip {step_name})" if step_name in report.skipped else f"{step_name} did not run"


def check_budgets(report: Report, example: str | None) -> list[budgets.BudgetResult]:
    results = []
    build = report.clean_build
    build_seconds = build.seconds if build else None
    build_note = "" if build is None or build.ok else f"the build exited {build.returncode}"
    total = report.scripts_total_seconds
    ratio = build_seconds / total if build_seconds is not None and total else None
    results.append(budgets.at_most(
        f"clean build / sum of scripts alone (x{BUILD_TO_SCRIPTS_RATIO})", ratio, BUILD_TO_SCRIPTS_RATIO, digits=2,
        why_missing=why_missing(report, "clean-build" if build is None else "scripts"), detail=build_note))
    results.append(budgets.at_most("clean build", build_seconds, CLEAN_BUILD_SECONDS, " s",
                                   why_missing=why_missing(report, "clean-build"), detail=build_note))
    results.append(budgets.at_most("peak memory of the clean build",
                                   build.peak_rss_sum_bytes / 1e9 if build else None, PEAK_MEMORY_BYTES / 1e9, " GB",
                                   digits=2, why_missing=why_missing(report, "clean-build")))
    noop = report.rebuild("no-op rebuild")
    results.append(budgets.at_most("no-op rebuild (median)", noop.median_seconds if noop and noop.runs else None,
                                   NOOP_REBUILD_SECONDS, " s", why_missing=why_missing(report, "rebuilds")))
    edited = report.rebuild("one example edited")
    alone = report.script(example) if example else None
    if edited and edited.runs and alone:
        results.append(budgets.at_most(f"one example edited ({example}; alone {alone.seconds:.1f} s + 15 s)",
                                       edited.median_seconds, alone.seconds + EXAMPLE_REBUILD_EXTRA_SECONDS, " s"))
    else:
        missing = "no gallery example" if example is None else why_missing(report, "rebuilds" if not edited else "scripts")
        results.append(budgets.at_most("one example edited", None, EXAMPLE_REBUILD_EXTRA_SECONDS, " s + its time alone",
                                       why_missing=missing))
    slowest = max(report.scripts, key=lambda run: run.seconds, default=None)
    results.append(budgets.at_most(f"slowest example alone{f' ({slowest.script})' if slowest else ''}",
                                   slowest.seconds if slowest else None, EXAMPLE_SECONDS, " s",
                                   why_missing=why_missing(report, "scripts")))
    heaviest = report.pages[0] if report.pages else None
    results.append(budgets.at_most(f"heaviest page, figures excluded{f' ({heaviest.page})' if heaviest else ''}",
                                   heaviest.own_bytes / 1e3 if heaviest else None, HEAVIEST_PAGE_BYTES / 1e3, " kB",
                                   why_missing=why_missing(report, "page-weight")))
    for score in report.lighthouse or [None]:
        label = score.page if score else "three pages"
        missing = score.error if score and score.error else report.lighthouse_not_measured or why_missing(report, "lighthouse")
        failures = score.failing_by_category if score else {}
        results.append(budgets.at_least(f"Lighthouse performance, {label}", score.performance if score else None,
                                        LIGHTHOUSE_PERFORMANCE, why_missing=missing,
                                        detail=", ".join(failures.get("performance", []))))
        results.append(budgets.at_least(f"Lighthouse accessibility, {label}", score.accessibility if score else None,
                                        LIGHTHOUSE_ACCESSIBILITY, why_missing=missing,
                                        detail=", ".join(failures.get("accessibility", []))))
    bench = report.playground
    missing = (bench.error if bench and bench.error else "") or why_missing(report, "playground")
    measured = bench is not None and not bench.error
    results.append(budgets.at_least(
        f"playground epochs per second (headless Chromium, {playground_speed.MEASURE_SECONDS:g} s of training)",
        bench.epochs_per_second if measured else None, playground_speed.MIN_EPOCHS_PER_SECOND, "", digits=1,
        why_missing=missing))
    results.append(budgets.at_most(
        f"playground main-thread tasks over {playground_speed.MAX_TASK_MS:g} ms while training",
        bench.tasks_over_50ms if measured else None, 0, "", digits=0, why_missing=missing,
        detail=f"longest {bench.longest_task_ms:.0f} ms" if measured else ""))
    return results


# --- Output ---------------------------------------------------------------


def table(rows: list[tuple[str, ...]]) -> str:
    """Rows as left-aligned columns, the first row a header underlined with dashes."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def describe(report: Report) -> str:
    machine = report.machine
    out = [
        f"Machine: {machine.cpu_model}, {machine.logical_cores} logical cores ({machine.physical_cores} physical), "
        f"{machine.memory_bytes / 1e9:.1f} GB memory; {machine.system}; Python {machine.python}",
        f"Load average at start: {', '.join(map(str, machine.load_average_at_start))}; commit {machine.commit}",
        f"Memory: {report.memory_method}.",
        "",
    ]
    rows = [("measurement", "value", "notes")]
    if report.clean_build:
        build = report.clean_build
        rows.append(("clean full build", f"{build.seconds:.1f} s", "" if build.ok else f"EXIT {build.returncode}"))
        rows.append(("  peak memory, summed tree", f"{build.peak_rss_sum_bytes / 1e9:.2f} GB", ""))
        rows.append(("  biggest single process", f"{build.max_rss_single_bytes / 1e9:.2f} GB", "getrusage"))
    for rebuild in report.rebuilds:
        runs = ", ".join(f"{run.seconds:.1f}" for run in rebuild.runs)
        notes = f"{rebuild.target + ': ' if rebuild.target else ''}{rebuild.change}; runs {runs} s"
        if rebuild.failed_runs:
            notes += f"; {rebuild.failed_runs} FAILED"
        rows.append((rebuild.name + " (median)", f"{rebuild.median_seconds:.1f} s", notes))
    if report.scripts:
        for run in report.scripts:
            status = "" if run.returncode == 0 else f"EXIT {run.returncode}"
            rows.append((f"  alone: {Path(run.script).name}", f"{run.seconds:.1f} s", status))
        rows.append(("gallery scripts alone, sum", f"{report.scripts_total_seconds:.1f} s", f"{len(report.scripts)} scripts"))
        if report.clean_build:
            rows.append(("clean build / scripts sum", f"{report.clean_build.seconds / report.scripts_total_seconds:.2f}", ""))
    if report.pages:
        heaviest = report.pages[:5]
        for page in heaviest:
            rows.append((f"  page: {page.page}", f"{page.own_bytes / 1e3:.1f} kB",
                         f"{page.resources} resources; figures {page.figure_bytes / 1e3:.1f} kB ({page.figures})"
                         + (f"; MISSING {len(page.missing)}" if page.missing else "")))
        rows.append(("pages measured", str(len(report.pages)), "heaviest 5 above; all in the JSON"))
    for score in report.lighthouse:
        value = f"perf {score.performance}, a11y {score.accessibility}" if score.performance is not None else "-"
        rows.append((f"Lighthouse {score.page}", value, score.error or f"served {report.lighthouse_served}"))
    if report.lighthouse_not_measured:
        rows.append(("Lighthouse", "-", f"not measured: {report.lighthouse_not_measured}"))
    for suite in report.tests:
        rows.append((f"{suite.name} tests", f"{suite.seconds:.1f} s", suite.summary))
    for name in report.skipped:
        rows.append((name, "-", "skipped"))
    out.append(table(rows))
    out += ["", "Budgets:"]
    out.append(table([("", "budget", "measured", "limit")]
                     + [(result.status, result.name, result.measured or "-", result.limit) for result in report.budgets]))
    if report.playground:
        out += ["", playground_speed.describe(report.playground)]
    out += ["", budgets.summary(report.budgets)]
    return "\n".join(out)


def write_json(report: Report, path: Path) -> None:
    data = asdict(report)
    data["scripts_total_seconds"] = report.scripts_total_seconds
    for rebuild, entry in zip(report.rebuilds, data["rebuilds"], strict=True):
        entry["median_seconds"] = rebuild.median_seconds
    data["budgets_met"] = sum(result.met for result in report.budgets)
    data["budgets_total"] = len(report.budgets)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


# --- Main -----------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs of each short rebuild, median reported (3)")
    parser.add_argument("--script-repeats", type=int, default=1, help="runs of each gallery script alone (1)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page, median reported (3)")
    parser.add_argument("--lighthouse-plain", action="store_true",
                        help="serve the pages to Lighthouse uncompressed, as on disk (default: gzip, as the hosts do)")
    parser.add_argument("--skip", action="append", default=[], choices=STEPS, metavar="STEP",
                        help=f"leave a step out (repeatable): {', '.join(STEPS)}")
    parser.add_argument("--skip-full-tests", action="append_const", dest="skip", const="full-tests",
                        help="leave out the full test suite (it builds the site once more)")
    parser.add_argument("--example", help="the gallery script to edit (default: plot_05*, else the middle one)")
    parser.add_argument("--concept", help="the concept page to touch (default: the middle one)")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json", help="the JSON file to write")
    args = parser.parse_args(argv)
    for name in ("repeats", "script_repeats", "lighthouse_runs"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1, got {getattr(args, name)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    skip = set(args.skip)
    report = Report(machine=describe_machine(ROOT), memory_method=MEMORY_METHOD, skipped=[s for s in STEPS if s in skip])
    scripts = gallery_scripts()
    example = args.example or pick_example(scripts)
    concept = args.concept or pick_concept(concept_sources())
    pages = ["index.html"] + [html_page_of(source) for source in (concept, example) if source] + ["playground.html"]

    if "clean-build" not in skip:
        report.clean_build = clean_build()
    if "page-weight" not in skip and HTML_DIR.exists():
        step("page weight of every page")
        report.pages = site_weights(HTML_DIR)
    if "lighthouse" not in skip:
        run_lighthouse(report, pages, args.lighthouse_runs, compressed=not args.lighthouse_plain)
    if "playground" not in skip and (HTML_DIR / "playground.html").exists():
        step("the playground: epochs per second and long tasks while training")
        with serve(HTML_DIR) as base:
            report.playground = playground_speed.measure(base)
    if "rebuilds" not in skip:
        report.rebuilds.append(noop_rebuilds(args.repeats))
        if example:
            report.rebuilds.append(example_rebuilds(example, args.repeats))
        if concept:
            report.rebuilds.append(concept_rebuilds(concept, args.repeats))
    if "scripts" not in skip:
        report.scripts = run_scripts(scripts, args.script_repeats)
    if "fast-tests" not in skip:
        report.tests.append(run_tests("fast", FAST_TESTS))
    if "full-tests" not in skip:
        report.tests.append(run_tests("full", FULL_TESTS))

    report.budgets = check_budgets(report, example)
    print("\n" + describe(report))
    write_json(report, args.output)
    print(f"\nWrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

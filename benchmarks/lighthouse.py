"""Lighthouse (npm, installed under benchmarks/node_modules) against a locally served page."""

from __future__ import annotations

import json
import statistics
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from site_harness import ROOT
from site_harness.browser import CHROMIUM_ARGS, CHROMIUM_VARIABLE, find_chromium
from site_harness.node import environment_with_node, node_bin_dir

HERE = ROOT / "benchmarks"

LIGHTHOUSE_BIN = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])
CATEGORIES = ("performance", "accessibility")
# Audits whose score says nothing by itself (informational, not applicable, manual).
UNSCORED_MODES = {"notApplicable", "informative", "manual", "error"}
RUN_TIMEOUT_SECONDS = 180


@dataclass
class LighthouseScore:
    """The median scores of a few Lighthouse runs of one page (0 to 1), or why there are none."""

    page: str
    url: str
    performance: float | None = None
    accessibility: float | None = None
    runs: list[dict[str, float | None]] = field(default_factory=list)
    failing_audits: list[str] = field(default_factory=list)  # of the median-performance run
    failing_by_category: dict[str, list[str]] = field(default_factory=dict)  # audit ids that cost points
    error: str = ""


def ensure_installed(log: Path) -> str:
    """Install the node packages if missing; returns "" when ready, else why Lighthouse cannot run.

    Node and npm are the pinned ones of the test extra (site_harness.node).
    """
    try:
        npm = str(node_bin_dir() / "npm")
    except RuntimeError as missing:
        return str(missing)
    if find_chromium(full_browser=True) is None:
        return f"no Chromium found (set {CHROMIUM_VARIABLE})"
    if LIGHTHOUSE_BIN.exists():
        return ""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as output:
        result = subprocess.run([npm, "ci", "--prefix", str(HERE), "--no-audit", "--no-fund"], env=environment_with_node(),
                                stdout=output, stderr=subprocess.STDOUT, timeout=900)
    if result.returncode != 0 or not LIGHTHOUSE_BIN.exists():
        return f"`npm ci --prefix benchmarks` failed (exit {result.returncode}; log: {log})"
    return ""


def scores(report: dict) -> dict[str, float | None]:
    """The category scores of a Lighthouse JSON report, e.g. {"performance": 0.97, ...}."""
    categories = report.get("categories", {})
    return {name: categories.get(name, {}).get("score") for name in CATEGORIES}


def failing_audits(report: dict) -> list[str]:
    """The scored audits below 1 of a report, worst first: "id (score): title — value"."""
    found = []
    for audit_id, audit in report.get("audits", {}).items():
        score = audit.get("score")
        if score is None or score >= 1 or audit.get("scoreDisplayMode") in UNSCORED_MODES:
            continue
        value = audit.get("displayValue", "")
        found.append((score, audit_id, f"{audit_id} ({score:g}): {audit.get('title', '')}" + (f" — {value}" if value else "")))
    return [text for _, _, text in sorted(found)]


def category_failures(report: dict, category: str) -> list[str]:
    """The ids of the audits below 1 that count towards ``category``'s score (weight > 0)."""
    refs = report.get("categories", {}).get(category, {}).get("auditRefs", [])
    audits = report.get("audits", {})
    return [ref["id"] for ref in refs
            if ref.get("weight", 0) > 0 and (audits.get(ref["id"], {}).get("score") is not None)
            and audits[ref["id"]]["score"] < 1]


def median_run(runs: list[dict]) -> dict:
    """The report whose performance score is the median (the lower middle one for an even count)."""
    ordered = sorted(runs, key=lambda report: scores(report)["performance"] or 0.0)
    return ordered[(len(ordered) - 1) // 2]


def _median_score(values: list[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


def run_page(page: str, url: str, runs: int, workdir: Path) -> LighthouseScore:
    """Run Lighthouse ``runs`` times against ``url``; the median of each category."""
    result = LighthouseScore(page=page, url=url)
    # Lighthouse's script starts with `#!/usr/bin/env node`: the pinned Node goes first on PATH.
    env = {**environment_with_node(), CHROMIUM_VARIABLE: find_chromium(full_browser=True) or ""}  # chrome-launcher reads it
    reports = []
    for index in range(runs):
        output = workdir / f"{page.replace('/', '_')}-{index}.json"
        command = [str(LIGHTHOUSE_BIN), url, "--quiet", "--output=json", f"--output-path={output}",
                   f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
                   f"--chrome-flags={CHROME_FLAGS}"]
        try:
            completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            result.error = f"Lighthouse timed out after {RUN_TIMEOUT_SECONDS} s"
            continue
        if completed.returncode != 0 or not output.exists():
            last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
            result.error = f"Lighthouse exited {completed.returncode}: {last}"
            continue
        report = json.loads(output.read_text(encoding="utf-8"))
        if report.get("runtimeError"):
            result.error = f"Lighthouse runtime error: {report['runtimeError'].get('message', '')}"
            continue
        reports.append(report)
    if reports:
        result.runs = [scores(report) for report in reports]
        result.performance = _median_score([run["performance"] for run in result.runs])
        result.accessibility = _median_score([run["accessibility"] for run in result.runs])
        typical = median_run(reports)
        result.failing_audits = failing_audits(typical)
        result.failing_by_category = {category: category_failures(typical, category) for category in CATEGORIES}
    return result

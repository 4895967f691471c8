"""The house around the site: the Makefile, the Pages workflow, a failing gallery example."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from site_harness import ROOT
from site_harness.build import make_html_options, sphinx_build

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
# The permissions that let a job publish the site.
DEPLOYMENT_PERMISSIONS = {"pages": "write", "id-token": "write"}


# --- make clean ---------------------------------------------------------------------------


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    return path


@pytest.fixture
def checkout_and_elsewhere(tmp_path):
    """A checkout (its Makefile, generated files, history, an environment) and an unrelated folder."""
    checkout = tmp_path / "checkout"
    shutil.copy2(ROOT / "Makefile", _touch(checkout / "Makefile"))
    generated = [_touch(checkout / name / "file") for name in ("_build", "docs/auto_examples", ".jupyter_cache")]
    generated += [_touch(checkout / "docs" / "sg_execution_times.rst"), _touch(checkout / "src" / "pkg" / "__pycache__" / "m.pyc")]
    kept = [
        _touch(checkout / "docs" / "index.md"),
        _touch(checkout / ".git" / "objects" / "__pycache__" / "x"),  # whatever .git holds is git's
        _touch(checkout / "node_modules" / "pkg" / "__pycache__" / "x"),
        _touch(checkout / "env-3.11" / "pyvenv.cfg"),
        _touch(checkout / "env-3.11" / "lib" / "site" / "__pycache__" / "x.pyc"),  # an environment, whatever its name
    ]
    elsewhere = tmp_path / "elsewhere"
    kept += [_touch(elsewhere / "_build" / "mine"), _touch(elsewhere / "__pycache__" / "mine.pyc")]
    return checkout, elsewhere, generated, kept


def test_make_clean_from_another_folder_cleans_only_the_checkout(checkout_and_elsewhere):
    checkout, elsewhere, generated, kept = checkout_and_elsewhere

    result = subprocess.run(["make", "-f", str(checkout / "Makefile"), "clean"], cwd=elsewhere,
                            capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr
    assert [path for path in generated if path.exists()] == []
    assert [path for path in kept if not path.exists()] == []


def test_make_clean_in_the_checkout_keeps_git_and_environments(checkout_and_elsewhere):
    checkout, _, generated, kept = checkout_and_elsewhere

    result = subprocess.run(["make", "clean"], cwd=checkout, capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr
    assert [path for path in generated if path.exists()] == []
    assert [path for path in kept if not path.exists()] == []


# --- One set of Sphinx options ------------------------------------------------------------


def test_the_test_build_uses_the_options_of_make_html():
    options = make_html_options()
    # What `make html` would run (-n: printed, not run), from its own recipe.
    recipe = subprocess.run(["make", "-n", "-s", "--no-print-directory", "-C", str(ROOT), "html"],
                            capture_output=True, text=True, timeout=60, check=True).stdout
    command = next(shlex.split(line) for line in recipe.splitlines() if "sphinx-build" in line)

    assert options == ("-b", "html", "-W", "--keep-going", "-n", "-j", "auto")
    assert command[-len(options):] == list(options)


def test_a_makefile_without_the_options_target_is_an_error_naming_it(tmp_path):
    (tmp_path / "Makefile").write_text("OTHER ?= 1\n", encoding="utf-8")

    with pytest.raises(RuntimeError, match="`make sphinx-options` failed"):
        make_html_options(tmp_path)


# --- The Pages workflow ---------------------------------------------------------------------


def _jobs() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]


def test_every_action_is_pinned_to_a_commit_with_its_release_in_a_comment():
    uses = re.findall(r"uses:\s*(\S+)(.*)", WORKFLOW.read_text(encoding="utf-8"))

    assert uses
    assert [f"{action}{comment}" for action, comment in uses
            if not re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action) or not re.fullmatch(r"\s*# v\d+(\.\d+)*", comment)] == []


def test_the_job_that_runs_the_build_holds_no_deployment_permission():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    runs_code = {name: job for name, job in _jobs().items() if any("run" in step for step in job["steps"])}

    assert workflow["permissions"] == {}
    assert list(runs_code) == ["build"]
    for name, job in runs_code.items():
        assert not DEPLOYMENT_PERMISSIONS.items() & job.get("permissions", {}).items(), name
    deploy = _jobs()["deploy"]
    assert deploy["permissions"] == DEPLOYMENT_PERMISSIONS
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_site_is_published_only_after_the_whole_test_suite_passed():
    steps = _jobs()["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    upload = next(index for index, step in enumerate(steps) if step.get("uses", "").startswith("actions/upload-pages-artifact@"))

    assert ".ci/run" in runs[:upload] and runs.index("make html") < runs.index(".ci/run")
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci_script.rstrip().splitlines()[-1] == "make test"  # the whole suite, lint included
    assert "chromium-headless-shell" in ci_script and "node" not in ci_script.split("set -euo pipefail")[1]  # Node: .venv


# --- A failing gallery example ------------------------------------------------------------------

GALLERY_CONF = f"""
import runpy
site = runpy.run_path({str(ROOT / "conf.py")!r})  # the site's own settings for failing examples
extensions = ["sphinx_gallery.gen_gallery"]
sphinx_gallery_conf = {{
    **site["sphinx_gallery_conf"],
    "examples_dirs": "gallery", "gallery_dirs": "auto_examples",
    "reset_modules": (), "image_scrapers": ("matplotlib",), "parallel": False,
    "first_notebook_cell": None, "download_all_examples": False,
}}
exclude_patterns = ["_build", "gallery"]
"""


def test_a_failing_gallery_example_fails_the_build_naming_its_file(tmp_path):
    (tmp_path / "conf.py").write_text(GALLERY_CONF, encoding="utf-8")
    (tmp_path / "index.rst").write_text("Site\n====\n\n.. toctree::\n\n   auto_examples/index\n", encoding="utf-8")
    gallery = tmp_path / "gallery"
    gallery.mkdir()
    (gallery / "README.rst").write_text("Examples\n========\n", encoding="utf-8")
    (gallery / "plot_01_fine.py").write_text('"""\nFine\n====\n"""\nprint("fine")\n', encoding="utf-8")
    (gallery / "plot_02_broken.py").write_text(
        '"""\nBroken\n======\n"""\nraise ValueError("the broken example")\n', encoding="utf-8")

    build = sphinx_build(tmp_path / "_build" / "html", src_dir=tmp_path, conf_dir=tmp_path, cwd=tmp_path,
                         options=("-b", "html", "-W", "--keep-going"), timeout=300)

    assert build.returncode != 0
    assert "plot_02_broken.py" in build.log and "the broken example" in build.log
    # Only the broken one is listed, with its traceback.
    assert re.search(r"Unexpected failing examples \(1\):\s+\S*plot_02_broken\.py failed leaving traceback", build.log), \
        build.log[-3000:]

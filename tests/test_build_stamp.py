"""The build's stamp (src/workshop_site/steps/build_stamp.py): what a site was built from, and whether from nothing.

``make test`` compares its own build with ``make html``'s only when the stamp
says that one was clean and built from the sources as they are now; these
tests check each part of that promise without a site build.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

from site_harness import ROOT
from workshop_site.steps import build_stamp


@pytest.fixture
def project(tmp_path) -> Path:
    """A tiny project with one file in each of the build's inputs."""
    for name in build_stamp.INPUTS:
        path = tmp_path / name
        if "." in name:
            path.write_text(f"{name}\n", encoding="utf-8")
        else:
            (path / "sub").mkdir(parents=True)
            (path / "sub" / "page.md").write_text("text\n", encoding="utf-8")
    return tmp_path


def test_the_digest_changes_with_a_byte_a_name_or_a_new_file(project):
    before = build_stamp.inputs_digest(project)
    page = project / "docs" / "sub" / "page.md"
    page.write_text("text!\n", encoding="utf-8")
    edited = build_stamp.inputs_digest(project)
    page.rename(project / "docs" / "sub" / "other.md")
    renamed = build_stamp.inputs_digest(project)
    (project / "gallery" / "plot_new.py").write_text("", encoding="utf-8")
    added = build_stamp.inputs_digest(project)
    assert len({before, edited, renamed, added}) == 4


def test_what_the_build_writes_among_its_inputs_and_other_folders_do_not_count(project):
    before = build_stamp.inputs_digest(project)
    for generated in ("docs/auto_examples", "docs/sub/__pycache__", "docs/jupyter_execute", "src/.ipynb_checkpoints"):
        (project / generated).mkdir(parents=True)
        (project / generated / "x.txt").write_text("generated\n", encoding="utf-8")
    (project / "docs" / "sg_execution_times.rst").write_text("times\n", encoding="utf-8")
    (project / "_build").mkdir()
    (project / "_build" / "index.html").write_text("built\n", encoding="utf-8")
    assert build_stamp.inputs_digest(project) == before


def _app(project: Path, *, plot_gallery=True, cache_path="") -> SimpleNamespace:
    out = project / "_build" / "html"
    return SimpleNamespace(
        confdir=str(project), srcdir=str(project / "docs"), outdir=str(out), doctreedir=str(out / ".doctrees"),
        config=SimpleNamespace(sphinx_gallery_conf={"gallery_dirs": "auto_examples", "plot_gallery": plot_gallery},
                               nb_execution_cache_path=cache_path),
        builder=SimpleNamespace(format="html"),
    )


def _build(app, exception=None, stamp=None) -> dict | None:
    stamp = stamp or build_stamp.BuildStamp()
    stamp.note_inputs(app)
    Path(app.outdir).mkdir(parents=True, exist_ok=True)
    stamp.write(app, exception)
    return build_stamp.read_stamp(Path(app.outdir))


def test_a_build_from_nothing_is_stamped_clean_with_its_inputs(project):
    stamp = _build(_app(project))
    assert stamp == {"clean": True, "examples_run": True, "inputs": build_stamp.inputs_digest(project)}


@pytest.mark.parametrize("left_over", ["_build/html/.doctrees/environment.pickle", "docs/auto_examples/index.rst",
                                       "_build/.jupyter_cache/global.db"])
def test_output_an_earlier_build_left_makes_the_next_one_not_clean(project, left_over):
    path = project / left_over
    path.parent.mkdir(parents=True)
    path.write_text("", encoding="utf-8")
    assert _build(_app(project))["clean"] is False


def test_a_build_without_the_examples_says_so(project):
    assert _build(_app(project, plot_gallery=False))["examples_run"] is False


def test_a_build_that_failed_or_warned_leaves_no_stamp(project):
    app = _app(project)
    _build(app)
    assert _build(app, exception=RuntimeError("the build broke")) is None
    warned = build_stamp.BuildStamp()
    warned.warnings.emit(logging.LogRecord("sphinx", logging.WARNING, __file__, 1, "a warning", None, None))
    assert _build(_app(project), stamp=warned) is None


def test_an_unreadable_stamp_is_no_stamp(tmp_path):
    (tmp_path / build_stamp.STAMP_NAME).write_text("{not json", encoding="utf-8")
    assert build_stamp.read_stamp(tmp_path) is None
    assert build_stamp.read_stamp(tmp_path / "missing") is None


def test_the_tests_reuse_make_htmls_site_only_when_it_is_clean_and_current(tmp_path, monkeypatch):
    import conftest

    html = tmp_path / "html"
    html.mkdir()
    monkeypatch.setattr(conftest, "MAKE_HTML_OUTPUT", html)
    current = build_stamp.inputs_digest(ROOT)
    for stamp, reused in [({"clean": True, "examples_run": True, "inputs": current}, True),
                          ({"clean": False, "examples_run": True, "inputs": current}, False),
                          ({"clean": True, "examples_run": False, "inputs": current}, False),
                          ({"clean": True, "examples_run": True, "inputs": "0" * 64}, False)]:
        (html / build_stamp.STAMP_NAME).write_text(json.dumps(stamp), encoding="utf-8")
        assert conftest.make_html_build_is_reusable() == reused, stamp

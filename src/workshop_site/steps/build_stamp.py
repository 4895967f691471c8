"""A stamp in the built site that says what it was built from, and whether from nothing.

The build writes ``.build-stamp.json`` into the output folder once it has
succeeded: a digest of every input file it read (the same list the tests copy
for their own builds) and whether the build was *clean*, that is, started with
no earlier output to reuse: no Sphinx environment, no generated gallery (whose
examples sphinx-gallery would not run again) and no notebook cache (whose pages
MyST-NB would not run again).

The test suite compares two clean builds of the same sources, figure for
figure (tests/test_site_build.py). After ``make html`` on a fresh clone,
``_build/html`` is such a build: its stamp lets ``make test`` compare with it
instead of building the site a second time (tests/conftest.py).
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from sphinx.application import Sphinx

STAMP_NAME = ".build-stamp.json"
# What a build reads, relative to the project's root (the folder of conf.py).
# README.md and pyproject.toml go into the wheel the site ships.
INPUTS = ("conf.py", "docs", "gallery", "src", "pyproject.toml", "README.md")
# What a build writes inside its inputs, and what Python and Jupyter leave there.
GENERATED = ("auto_examples", "gen_modules", "jupyter_execute", "sg_execution_times.rst", "__pycache__",
             ".ipynb_checkpoints")


def _input_files(root: Path) -> list[Path]:
    files = []
    for name in INPUTS:
        path = root / name
        candidates = [path] if path.is_file() else sorted(path.rglob("*"))
        files += [f for f in candidates if f.is_file() and not set(f.relative_to(root).parts) & set(GENERATED)]
    return files


def inputs_digest(root: Path) -> str:
    """A digest of the names and bytes of every file the build reads under ``root``."""
    digest = hashlib.sha256()
    for path in _input_files(Path(root)):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def read_stamp(html_dir: Path) -> dict | None:
    """The stamp of the site built into ``html_dir``, or None when there is none (or it is unreadable)."""
    try:
        return json.loads((Path(html_dir) / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class _WarningCounter(logging.Handler):
    """Counts what Sphinx logs as a warning or an error: a build with any is not one to compare with."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _earlier_output(app: Sphinx) -> list[str]:
    """What an earlier build left that this one would reuse instead of running again."""
    galleries = getattr(app.config, "sphinx_gallery_conf", {}).get("gallery_dirs", [])  # none without examples
    galleries = [galleries] if isinstance(galleries, str) else galleries
    candidates = {
        "Sphinx environment": Path(app.doctreedir) / "environment.pickle",
        **{f"generated gallery {name}": Path(app.srcdir) / name for name in galleries},
        # MyST-NB's default place for it, beside the output folder
        "notebook cache": Path(app.config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache"),
    }
    return [name for name, path in candidates.items() if path.exists()]


class BuildStamp:
    """The stamp of one build: noted when the build starts, written when it ends without a warning.

    Its warning counter listens to Sphinx's loggers from ``setup`` on, so that
    it also counts what is said before the build starts.
    """

    def __init__(self) -> None:
        self.warnings = _WarningCounter()
        logging.getLogger("sphinx").addHandler(self.warnings)  # every Sphinx logger is below it
        self.stamp: dict | None = None

    def note_inputs(self, app: Sphinx) -> None:
        """``builder-inited``: after sphinx-gallery has read ``-D plot_gallery`` (its priority 10), before
        anything writes pages, notebooks or caches (sphinx-gallery, MyST-NB, the notebook prerun)."""
        self.stamp = {
            "inputs": inputs_digest(Path(app.confdir)),
            "clean": not _earlier_output(app),
            "examples_run": bool(getattr(app.config, "sphinx_gallery_conf", {}).get("plot_gallery")),
        }

    def write(self, app: Sphinx, exception: Exception | None) -> None:
        """``build-finished``, last: the stamp of a build that passed without a warning, and no stamp otherwise."""
        logging.getLogger("sphinx").removeHandler(self.warnings)
        stamp_path = Path(app.outdir) / STAMP_NAME
        stamp_path.unlink(missing_ok=True)
        if exception is None and app.builder.format == "html" and self.stamp and self.warnings.count == 0:
            stamp_path.write_text(json.dumps(self.stamp, indent=1, sort_keys=True) + "\n", encoding="utf-8")

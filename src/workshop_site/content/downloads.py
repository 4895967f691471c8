"""Downloads that run anywhere: the site ships `workshop` and the versions it was built with.

Every build writes into ``<site>/downloads/``:

- the wheel of the distribution named in pyproject.toml (import name
  ``workshop``), one file name per version, the same bytes for the same
  sources and ``SOURCE_DATE_EPOCH``;
- ``requirements.txt``: the runtime dependencies of pyproject.toml pinned to
  the versions this build ran with (read from its own environment), plus the
  wheel beside it;
- ``README.txt``: how to install and run, and which versions.

The same three files go into each example's zip and into both "download all"
zips, so that any one download runs with ``pip`` alone. The downloaded ``.py``
files start with two comment lines saying so (sphinx-gallery leaves lines
before the docstring out of the page and the notebook), the notebooks' first
cell installs from the files beside them, or from the site's address when the
build knows it, and their markdown cells lose the Sphinx roles that a notebook
would show as literal text. Every example page says with which versions, and
which commit, its numbers and figures were made.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import os
import platform
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from packaging.requirements import Requirement

from workshop_site.internals import sphinx_gallery_downloads
from workshop_site.paths import ROOT
from workshop_site.store import records

try:
    import tomllib
except ImportError:  # Python 3.10; hatchling brings tomli there
    import tomli as tomllib

README_NAME = "README.txt"
REQUIREMENTS_NAME = "requirements.txt"
# The folder of the built site that holds the wheel, requirements.txt and README.txt.
DOWNLOADS_DIR = "downloads"
# Shown on the pages: Python plus these distributions, in this order.
SHOWN_VERSIONS = {"tensorflow": "TensorFlow", "keras": "Keras", "numpy": "NumPy", "matplotlib": "Matplotlib"}
# A Sphinx role as sphinx-gallery leaves it in a notebook's markdown: :func:`x`, :py:class:`~a.b`.
ROLE = re.compile(r"(?<![\w`]):(?:[a-z]+:)?(?P<role>[a-z]+):`(?P<content>[^`]+)`")
# Roles that name a Python object, written as code; any other role keeps its text.
PYTHON_ROLES = {"mod", "class", "func", "meth", "attr", "exc", "data", "obj", "const"}
# Marks the lines this extension puts at the top of a downloaded script.
SCRIPT_HEADER_MARK = "# Run it yourself:"
# In each gallery folder: the content and date of each download we last wrote there.
DATES_RECORD = ".downloads-dates.json"
ZIP_EPOCH_MIN = 315532800  # 1980-01-01, the earliest date a zip entry can hold


@dataclass(frozen=True)
class Project:
    """What pyproject.toml says about the distribution the site ships."""

    name: str
    version: str
    import_name: str
    dependencies: tuple[str, ...]  # distribution names of the runtime dependencies

    @property
    def wheel_name(self) -> str:
        """The wheel's file name, as hatchling (and every PEP 427 builder) writes it."""
        normalized = re.sub(r"[-_.]+", "_", self.name).lower()
        return f"{normalized}-{self.version}-py3-none-any.whl"


def read_project(root: Path) -> Project:
    """The distribution name, version and runtime dependencies from ``root/pyproject.toml``."""
    path = Path(root) / "pyproject.toml"
    if not path.is_file():
        raise FileNotFoundError(f"root must hold the project's pyproject.toml, got {root} (no {path.name} there)")
    pyproject = tomllib.loads(path.read_text(encoding="utf-8"))
    meta, packages = pyproject["project"], meta_packages(pyproject)
    return Project(
        name=meta["name"],
        version=meta["version"],
        import_name=Path(packages[0]).name,
        dependencies=tuple(Requirement(line).name for line in meta["dependencies"]),
    )


def meta_packages(pyproject: dict) -> list[str]:
    """The package folders hatchling puts into the wheel (``src/workshop``)."""
    return pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]


def pinned_versions(distributions) -> dict[str, str]:
    """``{name: version}`` of each distribution as installed in the environment running this."""
    pins = {}
    for name in distributions:
        try:
            pins[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            raise importlib.metadata.PackageNotFoundError(
                f"the build needs {name!r} installed to pin the version it ran with; it is not installed"
            ) from None
    return pins


def requirements_text(project: Project, pins: dict[str, str]) -> str:
    """requirements.txt: the exact runtime versions, then the wheel, read from the current folder."""
    lines = [
        f"# The versions this site was built with (Python {platform.python_version()}); its numbers",
        "# and figures are the same only with these. From this folder: pip install -r requirements.txt",
        *(f"{name}=={version}" for name, version in pins.items()),
        f"./{project.wheel_name}",
    ]
    return "\n".join(lines) + "\n"


def shown_versions(pins: dict[str, str] | None = None) -> str:
    """"Python 3.11.7, TensorFlow 2.21.0, ... and Matplotlib 3.11.2", from this environment."""
    pins = pins or pinned_versions(SHOWN_VERSIONS)
    parts = [f"Python {platform.python_version()}"] + [f"{label} {pins[name]}" for name, label in SHOWN_VERSIONS.items()]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def build_commit(root: Path) -> str:
    """The commit being built (short hash, "with local changes" if the work tree differs), or "" if unknown."""
    for variable in ("WORKSHOP_COMMIT", "GITHUB_SHA", "READTHEDOCS_GIT_COMMIT_HASH"):
        if os.environ.get(variable):
            return os.environ[variable][:12]
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True, text=True, check=True)
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return ""
    return head.stdout.strip() + (" with local changes" if status.stdout.strip() else "")


def install_command(site_url: str, project: Project, pins: dict[str, str]) -> str:
    """The one pip line that installs everything: from the files beside it, or from the site."""
    if not site_url:
        return f"pip install -r {REQUIREMENTS_NAME}"
    wheel = f"{site_url.rstrip('/')}/{DOWNLOADS_DIR}/{project.wheel_name}"
    return "pip install " + " ".join([f'"{project.name} @ {wheel}"', *(f"{n}=={v}" for n, v in pins.items())])


def first_notebook_cell(root: Path, site_url: str = "") -> str:
    """The code cell every downloaded notebook starts with: it installs what the example needs."""
    project = read_project(root)
    command = install_command(site_url, project, pinned_versions(project.dependencies))
    if site_url:
        where = f"# Installs `{project.import_name}` and the versions this site ({site_url}) was built with."
    else:
        where = (
            f"# Installs `{project.import_name}` and the versions the site was built with, from the\n"
            f"# files beside this notebook in its zip ({REQUIREMENTS_NAME}, the .whl; see {README_NAME})."
        )
    return f"{where}\n%{command} --quiet"


def readme_text(project: Project, pins: dict[str, str], commit: str, site_url: str) -> str:
    """README.txt of every download: install, run, and which versions make the site's numbers."""
    made_with = shown_versions(pins) + (f", commit {commit}" if commit else "")
    site = f" ({site_url})" if site_url else ""
    return f"""\
Examples of the workshop site{site}: neural networks with TensorFlow and Keras.

Run them with Python and pip alone, in a new folder:

  1. Unpack this zip into a new folder and open a terminal there.
  2. python3 -m venv .venv
     source .venv/bin/activate          (Windows: .venv\\Scripts\\activate)
  3. pip install -r {REQUIREMENTS_NAME}
     This installs the example's package `{project.import_name}` from {project.wheel_name}
     (its name on pip is {project.name}; it is not on the package index, and the
     unrelated package called "workshop" there is not it) and the exact versions
     of TensorFlow, Keras, NumPy, Matplotlib and scikit-learn the site used.
  4. python plot_NN_name.py      (each plot_*.py beside this file is one example)
     or open a .ipynb in Jupyter (pip install notebook; jupyter notebook): its
     first cell runs the same install.

The site's numbers and figures were made with {made_with}.
With these versions, on the same kind of machine, you get the same numbers:
TensorFlow promises identical results only on the same hardware and software,
so another processor or other versions may change the last digits or more.

TensorFlow prints lines of its own to standard error (oneDNN, "Could not find
cuda drivers", "failed call to cuInit", "NodeDef mentions attribute"). They are
not errors: TensorFlow looks for a GPU, finds none and runs on the CPU. Setting
TF_CPP_MIN_LOG_LEVEL=3 silences most of them; "2>tensorflow.log" after the
command sends all of them (and Python's own error messages) to a file.
"""


def build_wheel(root: Path, out_dir: Path, project: Project) -> Path:
    """Build the wheel of ``root``'s package into ``out_dir`` with hatchling, reproducibly.

    Only pyproject.toml, its readme and the package's ``.py`` files are copied
    into a scratch folder first, so no cache file or stray file of the work
    tree can change the wheel. hatchling dates every entry from
    ``SOURCE_DATE_EPOCH``, which the Makefile sets to the last commit's time.
    """
    from hatchling.builders.wheel import WheelBuilder

    root = Path(root)
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="wheel-") as scratch:
        scratch = Path(scratch)
        shutil.copy2(root / "pyproject.toml", scratch / "pyproject.toml")
        readme = pyproject["project"].get("readme")
        if isinstance(readme, str):
            shutil.copy2(root / readme, scratch / readme)
        for package in meta_packages(pyproject):
            for source in sorted((root / package).rglob("*.py")):
                target = scratch / source.relative_to(root)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
        built = Path(next(iter(WheelBuilder(str(scratch)).build(directory=str(scratch / "dist"), versions=["standard"]))))
        if built.name != project.wheel_name:
            raise RuntimeError(f"hatchling named the wheel {built.name}, expected {project.wheel_name}")
        out_dir.mkdir(parents=True, exist_ok=True)
        write_if_changed(out_dir / built.name, built.read_bytes())
    return out_dir / project.wheel_name


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless ``path`` already holds it (an unchanged file keeps its date)."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def clean_markdown(text: str, api_url: str = "") -> str:
    """Replace the Sphinx roles in a notebook's markdown by code, linked to the API page when known.

    ``:func:`workshop.data.one_hot``` becomes ```workshop.data.one_hot``` (or a
    link to its entry on the site's API page); ``~a.b`` shows ``b``; ``text <target>``
    shows the text; roles that do not name Python objects keep their text.
    """

    def replace(match: re.Match) -> str:
        role, content = match["role"], match["content"].strip()
        explicit = re.fullmatch(r"(?P<title>.+?)\s*<(?P<target>[^<>]+)>", content)
        target = (explicit["target"] if explicit else content).lstrip("!~")
        title = explicit["title"] if explicit else content.lstrip("!")
        if title.startswith("~"):
            title = title[1:].rsplit(".", 1)[-1]
        if role not in PYTHON_ROLES:
            return title
        code = f"`{title}`"
        if api_url and target.split(".")[0] == "workshop":
            anchor = f"module-{target}" if role == "mod" else target
            return f"[{code}]({api_url}#{anchor})"
        return code

    return ROLE.sub(replace, text)


def clean_cells(notebook: dict, api_url: str = "") -> dict:
    """``notebook`` (nbformat's JSON as a dict) with :func:`clean_markdown` applied to its markdown cells."""
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = clean_markdown(source, api_url).splitlines(keepends=True)
    return notebook


def clean_notebook(path: Path, api_url: str = "") -> bool:
    """Clean the roles out of every markdown cell of the notebook at ``path``; True if it changed."""
    notebook = clean_cells(json.loads(path.read_text(encoding="utf-8")), api_url)
    text = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
    return write_if_changed(path, text.encode("utf-8"))


def script_header(install: str) -> str:
    """The two lines a downloaded script starts with."""
    return (f"{SCRIPT_HEADER_MARK} `{install}` with the files of this example's zip\n"
            f"# ({README_NAME} there says more), then `python` this file.\n")


def add_script_header(path: Path, header: str) -> bool:
    """Put ``header`` at the top of the script at ``path`` (once); True if it changed."""
    text = path.read_text(encoding="utf-8")
    if text.startswith(SCRIPT_HEADER_MARK):
        text = text.split("\n", 2)[2]  # an earlier build's header, maybe of other versions
    return write_if_changed(path, (header + text).encode("utf-8"))


def zip_date(epoch: int) -> tuple[int, int, int, int, int, int]:
    """A zip entry's date for ``epoch`` (seconds, UTC), clamped to what a zip can hold."""
    return time.gmtime(max(int(epoch), ZIP_EPOCH_MIN))[:6]


def rewrite_zip(path: Path, files_dir: Path, extras: dict[str, bytes], epoch: int) -> bool:
    """Rewrite the zip at ``path``: its entries read again from ``files_dir``, plus ``extras``.

    Entries are sorted and dated ``epoch``, so the same files make the same
    bytes. Returns True if the zip changed.
    """
    with zipfile.ZipFile(path) as old:
        names = [name for name in old.namelist() if name not in extras]
    contents = {name: (files_dir / name).read_bytes() for name in names} | extras
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as new:
        for name in sorted(contents):
            info = zipfile.ZipInfo(name, date_time=zip_date(epoch))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            new.writestr(info, contents[name])
    return write_if_changed(path, buffer.getvalue())


class Downloads:
    """What one build ships, and the Sphinx handlers that put it in place."""

    def __init__(self, root: Path, site_url: str):
        self.root = Path(root)
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.project = read_project(self.root)
        self.pins = pinned_versions(self.project.dependencies)
        self.commit = build_commit(self.root)
        self.epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)

    def stamp(self) -> str:
        """Every example page's line on the versions and commit (a config value: pages follow it)."""
        return shown_versions(self.pins) + (f", commit {self.commit}" if self.commit else "")

    def write(self, out_dir: Path) -> dict[str, bytes]:
        """Write the wheel, requirements.txt and README.txt to ``out_dir``; return them by file name."""
        wheel = build_wheel(self.root, out_dir, self.project)
        files = {
            wheel.name: wheel.read_bytes(),
            REQUIREMENTS_NAME: requirements_text(self.project, self.pins).encode("utf-8"),
            README_NAME: readme_text(self.project, self.pins, self.commit, self.site_url).encode("utf-8"),
        }
        for name, data in files.items():
            write_if_changed(out_dir / name, data)
        return files

    def finish_gallery(self, gallery_dir: Path, extras: dict[str, bytes]) -> None:
        """Headers into the scripts, clean notebooks, and the extras into every zip of the gallery."""
        api_url = f"{self.site_url}api.html" if self.site_url else ""
        header = script_header(install_command("", self.project, self.pins))
        with FileDates(gallery_dir / DATES_RECORD) as dates:
            for script in sorted(gallery_dir.glob("plot_*.py")):
                dates.keep_if_unchanged(script, lambda script=script: add_script_header(script, header))
            notebooks, archives = sphinx_gallery_downloads(gallery_dir)
            for notebook in notebooks:
                dates.keep_if_unchanged(notebook, lambda notebook=notebook: clean_notebook(notebook, api_url))
            for archive in archives:
                dates.keep_if_unchanged(archive, lambda archive=archive: rewrite_zip(archive, gallery_dir, extras, self.epoch))


class FileDates:
    """Give a file that sphinx-gallery wrote again, and we changed back, its former date.

    sphinx-gallery writes some of its downloads afresh on every build (the
    "download all" zips; every file when examples are not run), without our
    changes; once we have put them back, the same bytes must not look new to
    Sphinx, which would read their pages again, nor to a browser's cache.
    """

    def __init__(self, record: Path):
        self.record = record
        self.dates = json.loads(record.read_text()) if record.is_file() else {}

    def __enter__(self) -> FileDates:
        return self

    def __exit__(self, *exc_info) -> None:
        self.record.write_text(json.dumps(self.dates, indent=1, sort_keys=True) + "\n")

    def keep_if_unchanged(self, path: Path, rewrite) -> None:
        """Run ``rewrite()`` on ``path``; if its bytes are the ones recorded last time, restore that date."""
        rewrite()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        previous = self.dates.get(path.name, {})
        if previous.get("sha256") == digest:
            os.utime(path, ns=(previous["mtime_ns"], previous["mtime_ns"]))
        else:
            self.dates[path.name] = {"sha256": digest, "mtime_ns": path.stat().st_mtime_ns}


# --- Sphinx ---------------------------------------------------------------


def gallery_dirs(app) -> list[str]:
    """sphinx-gallery's output folders, relative to the source folder (one name or a list)."""
    # No folders on a site without sphinx-gallery (the tests' tiny sites).
    dirs = getattr(app.config, "sphinx_gallery_conf", {}).get("gallery_dirs", [])
    return [dirs] if isinstance(dirs, str) else list(dirs)


class ShippedDownloads:
    """One build's downloads (made when the configuration is known); its methods are the handlers."""

    def __init__(self) -> None:
        self.downloads: Downloads | None = None

    def stamp_versions(self, app, config) -> None:
        """``config-inited``: the versions and commit, as a config value that rewrites every page when it changes.

        A site without sphinx-gallery (the tests' tiny ones) has no examples, and ships nothing.
        """
        if "sphinx_gallery.gen_gallery" not in app.extensions:
            return
        self.downloads = Downloads(ROOT, config.downloads_site_url)  # the repository that holds this code
        config.downloads_build_stamp = self.downloads.stamp()

    def ship(self, app) -> None:
        """``builder-inited``, after sphinx-gallery wrote the examples, notebooks and zips."""
        if app.builder.format == "html" and self.downloads is not None:
            ship_downloads(app, self.downloads)

    def fill_setup_page(self, app, docname, source) -> None:
        """``source-read``: the setup page's ``<!-- downloads:KEY -->`` markers, filled from this build."""
        if docname == "setup":
            source[0] = setup_page_text(source[0], self.downloads, app.config.html_theme_options.get("source_repository", ""))


def ship_downloads(app, downloads: Downloads) -> None:
    """The wheel, requirements and README into the output, and into every example's downloads."""
    extras = downloads.write(Path(app.outdir) / DOWNLOADS_DIR)
    for gallery_dir in gallery_dirs(app):
        gallery = Path(app.srcdir) / gallery_dir
        if gallery.is_dir():
            downloads.finish_gallery(gallery, extras)


def setup_page_text(text: str, downloads: Downloads, repository: str) -> str:
    """The setup page's source with its ``<!-- downloads:KEY -->`` markers filled."""
    project, site_url = downloads.project, downloads.site_url
    hosted = (
        f" On a hosted notebook service (Colab, Binder, ...) the first cell alone is enough: it installs"
        f" from this site's address, <{site_url}{DOWNLOADS_DIR}/>."
        if site_url
        else f" On a hosted notebook service (Colab, Binder, ...) upload `{REQUIREMENTS_NAME}` and the"
        f" `.whl` beside the notebook before running its first cell."
    )
    values = {
        "wheel": project.wheel_name,
        "name": project.name,
        "versions": downloads.stamp(),
        "hosted": hosted,
        "repository": f", <{repository}>" if repository else "",
    }
    for key, value in values.items():
        text = text.replace(f"<!-- downloads:{key} -->", value)
    if "<!-- downloads:" in text:
        raise ValueError(f"docs/setup.md has a marker this build cannot fill (known: {sorted(values)})")
    return text


def reread_setup_when_stamp_changes(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: the setup page shows the stamp, so read it again when that changed."""
    key = (app.config.downloads_build_stamp, app.config.downloads_site_url, str(app.config.html_theme_options))
    site = records(env).site
    if site.get("downloads-setup-key") == key:
        return []
    site["downloads-setup-key"] = key
    return ["setup"] if "setup" in env.found_docs else []


def add_versions_note(app, doctree, docname) -> None:
    """``doctree-resolved``: each example page says with which versions its output was made."""
    if app.builder.format != "html" or not app.config.downloads_build_stamp:
        return  # a site without sphinx-gallery (the tests' tiny ones) has no example pages
    if not any(docname.startswith(f"{d}/") for d in gallery_dirs(app)):
        return
    footer = next(iter(doctree.findall(lambda n: isinstance(n, nodes.container) and "sphx-glr-footer" in n["classes"])), None)
    if footer is None:
        return
    setup_uri = app.builder.get_relative_uri(docname, "setup") + "#run-a-downloaded-example"
    note = nodes.paragraph(classes=["downloads-versions"])
    note += nodes.Text(f"Made with {app.config.downloads_build_stamp}. ")
    note += nodes.Text("Each zip on this page holds what it needs to run with these versions: ")
    note += nodes.reference("", "run a downloaded example", refuri=setup_uri, internal=True)
    note += nodes.Text(".")
    repository = app.config.html_theme_options.get("source_repository", "")
    if repository and docname.endswith("/index"):
        note += nodes.Text(" The examples' sources are in the repository at ")
        note += nodes.reference("", repository, refuri=repository)
        note += nodes.Text(".")
    footer.parent.insert(footer.parent.index(footer), note)


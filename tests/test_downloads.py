"""Downloads that run anywhere: what the site ships so that a reader needs only pip.

Three kinds of tests:

- fast: the pieces of src/workshop_site/content/downloads.py (the distribution's name, the
  pinned requirements, the reproducible wheel and zips, the notebooks'
  markdown without Sphinx roles);
- ``build``: what the one site build (``built_site``) ships: every zip holds
  the wheel, requirements.txt and README.txt, no notebook shows a role or an
  object's repr, every example page names the versions it was made with;
- ``build`` and ``slow``: a reader's run. A zip from the built site is
  unpacked outside the checkout, installed with ``pip install -r
  requirements.txt`` into a new virtual environment that cannot see the
  checkout's ``src/``, and its script and its notebook must print the same
  metric lines as the example's page.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import re
import subprocess
import sysconfig
import venv
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from site_harness import ROOT
from site_harness.pages import read_page
from test_gallery import METRIC_LINE, PROGRESS_BAR_CHARACTERS, READER_EXAMPLE, _page_output
from workshop_site.content import downloads
from workshop_site.internals import sphinx_gallery_conf_defaults

EXAMPLES = sorted(path.stem for path in (ROOT / "gallery").glob("plot_*.py"))
READER_TIMEOUT_SECONDS = 600
# An object's default repr, e.g. <matplotlib.legend.Legend object at 0x7f...>.
OBJECT_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-f]+>")


@pytest.fixture(scope="module")
def project():
    return downloads.read_project(ROOT)


# --- The distribution and its name -------------------------------------------


def test_distribution_name_is_our_own_and_the_import_name_stays_workshop(project):
    assert project.name != "workshop", "the name 'workshop' on the package index is an unrelated package from 2008"
    assert project.import_name == "workshop"
    assert project.wheel_name == f"{project.name.replace('-', '_')}-{project.version}-py3-none-any.whl"


def test_nothing_we_ship_tells_anyone_to_pip_install_workshop():
    install_workshop = re.compile(r"pip install(?:\s+-\S+)*\s+[\"']?workshop(?![\w-])")
    sources = [ROOT / "README.md", ROOT / "conf.py", *ROOT.glob("docs/**/*.md"), *ROOT.glob("src/workshop_site/**/*.py")]
    sources += [*ROOT.glob("gallery/*"), *ROOT.glob("src/workshop/*.py")]
    offenders = [str(path.relative_to(ROOT)) for path in sources if install_workshop.search(path.read_text(encoding="utf-8"))]
    assert not offenders, f"these files tell a reader to `pip install workshop`: {offenders}"


def test_requirements_pin_every_runtime_dependency_as_installed_then_name_the_wheel(project):
    pins = downloads.pinned_versions(project.dependencies)
    lines = [line for line in downloads.requirements_text(project, pins).splitlines() if not line.startswith("#")]

    assert lines[:-1] == [f"{name}=={importlib.metadata.version(name)}" for name in project.dependencies]
    assert {"tensorflow", "keras", "numpy", "matplotlib", "scikit-learn"} <= set(project.dependencies)
    assert lines[-1] == f"./{project.wheel_name}"


def test_pinning_a_missing_distribution_names_it():
    with pytest.raises(importlib.metadata.PackageNotFoundError, match="'no-such-distribution-here'"):
        downloads.pinned_versions(["no-such-distribution-here"])


def test_first_notebook_cell_installs_from_the_zip_or_from_the_site(project):
    local = downloads.first_notebook_cell(ROOT)
    hosted = downloads.first_notebook_cell(ROOT, "https://example.org/site/")

    assert local.splitlines()[-1] == "%pip install -r requirements.txt --quiet"
    wheel_url = f"https://example.org/site/downloads/{project.wheel_name}"
    assert f'"{project.name} @ {wheel_url}"' in hosted.splitlines()[-1]
    assert f"tensorflow=={importlib.metadata.version('tensorflow')}" in hosted


# --- The wheel and the zips are reproducible -----------------------------------


def test_wheel_has_the_same_name_and_bytes_every_build(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = downloads.build_wheel(ROOT, tmp_path / "one", project)
    second = downloads.build_wheel(ROOT, tmp_path / "two", project)

    assert first.name == second.name == project.wheel_name
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as wheel:
        names = wheel.namelist()
        metadata = wheel.read(f"{project.name.replace('-', '_')}-{project.version}.dist-info/METADATA").decode()
    modules = sorted(f"workshop/{path.name}" for path in (ROOT / "src" / "workshop").glob("*.py"))
    assert sorted(name for name in names if name.startswith("workshop/")) == modules
    assert f"Name: {project.name}" in metadata


def test_rewritten_zip_keeps_its_files_adds_the_extras_and_is_reproducible(tmp_path):
    (tmp_path / "plot_x.py").write_text("print('x')\n")
    archive = tmp_path / "plot_x.zip"
    with zipfile.ZipFile(archive, "w") as original:
        original.write(tmp_path / "plot_x.py", "plot_x.py")
    extras = {"requirements.txt": b"numpy==2\n", "README.txt": b"read me\n"}

    assert downloads.rewrite_zip(archive, tmp_path, extras, epoch=1700000000)
    first = archive.read_bytes()
    assert not downloads.rewrite_zip(archive, tmp_path, extras, epoch=1700000000), "a second rewrite changed the zip"
    with zipfile.ZipFile(archive) as rewritten:
        assert rewritten.namelist() == ["README.txt", "plot_x.py", "requirements.txt"]
        assert {info.date_time for info in rewritten.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert archive.read_bytes() == first


def test_script_header_is_added_once_and_replaced_when_it_changes(tmp_path):
    script = tmp_path / "plot_x.py"
    script.write_text('"""Title\n=====\n"""\nprint(1)\n')

    downloads.add_script_header(script, downloads.script_header("pip install -r requirements.txt"))
    downloads.add_script_header(script, downloads.script_header("pip install -r requirements.txt"))
    text = script.read_text()
    assert text.count(downloads.SCRIPT_HEADER_MARK) == 1
    assert text.splitlines()[2] == '"""Title'


# --- Notebooks without Sphinx roles ---------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (":func:`workshop.data.one_hot` writes", "`workshop.data.one_hot` writes"),
        ("ask :class:`tf.GradientTape` for", "ask `tf.GradientTape` for"),
        ("see :py:mod:`workshop.losses`.", "see `workshop.losses`."),
        (":func:`~workshop.units.hidden_units_rule_of_thumb` takes", "`hidden_units_rule_of_thumb` takes"),
        (":func:`the rule <workshop.units.hidden_units_rule_of_thumb>`", "`the rule`"),
        ("a :term:`logit` is", "a logit is"),
        ("keeps ``code`` and $x^2$ and `text`", "keeps ``code`` and $x^2$ and `text`"),
    ],
)
def test_clean_markdown_turns_roles_into_code(markdown, expected):
    assert downloads.clean_markdown(markdown) == expected


def test_clean_markdown_links_workshop_objects_to_the_api_page_when_the_site_is_known():
    api = "https://example.org/api.html"
    assert downloads.clean_markdown(":mod:`workshop.losses`", api) == f"[`workshop.losses`]({api}#module-workshop.losses)"
    assert downloads.clean_markdown(":func:`workshop.data.one_hot`", api) == f"[`workshop.data.one_hot`]({api}#workshop.data.one_hot)"
    assert downloads.clean_markdown(":class:`tf.GradientTape`", api) == "`tf.GradientTape`"


def _roles_in_markdown(notebook: dict) -> list[str]:
    cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "markdown"]
    return [match[0] for cell in cells for match in downloads.ROLE.finditer("".join(cell["source"]))]


@pytest.mark.parametrize("example", EXAMPLES)
def test_notebook_made_from_each_example_has_no_sphinx_role_in_its_markdown(example):
    """sphinx-gallery's own conversion of the script, then ours: no role left as literal text."""
    from sphinx_gallery.notebook import jupyter_notebook
    from sphinx_gallery.py_source_parser import split_code_and_text_blocks

    gallery_conf = sphinx_gallery_conf_defaults({"first_notebook_cell": downloads.first_notebook_cell(ROOT)})
    blocks = split_code_and_text_blocks(str(ROOT / "gallery" / f"{example}.py"))[1]
    notebook = downloads.clean_cells(jupyter_notebook(blocks, gallery_conf, str(ROOT / "docs" / "auto_examples")))
    assert not _roles_in_markdown(notebook)


# --- What the built site ships -------------------------------------------------


def _zip_links(html_dir: Path, page: Path) -> dict[str, Path]:
    """The zips a page offers, by file name, as files of the built site."""
    links = {}
    for anchor in read_page(page).select("a.download[href$='.zip']"):
        links[Path(anchor["href"]).name] = (page.parent / anchor["href"]).resolve()
    return links


def _all_zips(html_dir: Path) -> dict[str, Path]:
    gallery = html_dir / "auto_examples"
    zips = _zip_links(html_dir, gallery / "index.html")
    for example in EXAMPLES:
        zips.update(_zip_links(html_dir, gallery / f"{example}.html"))
    return zips


@pytest.mark.build
def test_every_zip_holds_the_wheel_requirements_and_readme_of_the_site(built_site, project):
    shipped = built_site.html_dir / downloads.DOWNLOADS_DIR
    zips = _all_zips(built_site.html_dir)

    assert set(zips) == {f"{e}.zip" for e in EXAMPLES} | {"auto_examples_python.zip", "auto_examples_jupyter.zip"}
    for name, path in zips.items():
        with zipfile.ZipFile(path) as archive:
            for extra in (project.wheel_name, downloads.REQUIREMENTS_NAME, downloads.README_NAME):
                assert archive.read(extra) == (shipped / extra).read_bytes(), f"{name}: {extra} differs from the site's"
            scripts = [member for member in archive.namelist() if member.endswith(".py")]
            for script in scripts:
                assert archive.read(script).decode().startswith(downloads.SCRIPT_HEADER_MARK), f"{name}: {script}"


@pytest.mark.build
def test_no_built_notebook_holds_a_sphinx_role_in_its_markdown(built_site):
    notebooks = {}
    for name, path in _all_zips(built_site.html_dir).items():
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.endswith(".ipynb"):
                    notebooks[f"{name}/{member}"] = json.loads(archive.read(member))
    for path in (built_site.html_dir / "_downloads").rglob("*.ipynb"):
        notebooks[path.name] = json.loads(path.read_text(encoding="utf-8"))

    assert len(notebooks) >= 3 * len(EXAMPLES)  # alone, in its zip, in the zip of all
    leftovers = {name: roles for name, notebook in notebooks.items() if (roles := _roles_in_markdown(notebook))}
    assert not leftovers, f"Sphinx roles left as literal text in notebooks: {leftovers}"


@pytest.mark.build
@pytest.mark.parametrize("example", EXAMPLES)
def test_example_page_names_the_versions_it_was_made_with_and_prints_no_object_repr(built_site, example):
    page = built_site.html_dir / "auto_examples" / f"{example}.html"
    note = read_page(page).select_one("p.downloads-versions")

    assert note is not None, f"{example}'s page says nothing about the versions its output was made with"
    assert f"Python {platform.python_version()}" in note.get_text()
    for name, label in downloads.SHOWN_VERSIONS.items():
        assert f"{label} {importlib.metadata.version(name)}" in note.get_text()
    assert not OBJECT_REPR.findall(_page_output(built_site.html_dir, example))


# --- A reader's run ----------------------------------------------------------


def _metric_lines(text: str) -> list[str]:
    return [match[0] for match in METRIC_LINE.finditer(text)]


def _reader_environment(folder: Path) -> tuple[Path, dict[str, str]]:
    """A new virtual environment that sees the build's installed packages but no `workshop`.

    Reinstalling TensorFlow would download it again: the new environment sees
    the build's site-packages through a folder of links to each of its entries,
    leaving out every copy of `workshop` (the shared environment's editable
    install points at a checkout's src/). `workshop` itself can then only come
    from the wheel in the reader's zip.
    """
    shared = Path(sysconfig.get_paths()["purelib"])
    visible = folder / "build-packages"
    visible.mkdir()
    for entry in shared.iterdir():
        if "workshop" not in entry.name.lower() and not entry.name.startswith("__editable__"):
            (visible / entry.name).symlink_to(entry)
    env_dir = folder / ".venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True)
    Path(site.stdout.strip(), "zz_build_packages.pth").write_text(f"{visible}\n")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PIP_", "PYTHON"))}
    # Offline, and nothing from this machine's pip configuration: every file pip installs is in the zip or already here.
    env |= {"PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "2"}
    # The notebook's kernel: this environment's Python, whatever other kernels Jupyter knows.
    kernel = env_dir / "share" / "jupyter" / "kernels" / "reader"
    kernel.mkdir(parents=True)
    spec = {"argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"], "display_name": "reader", "language": "python"}
    (kernel / "kernel.json").write_text(json.dumps(spec))
    env["VIRTUAL_ENV"] = str(env_dir)
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env['PATH']}"
    return python, env


EXECUTE_NOTEBOOK = """
import sys, nbformat, nbclient
notebook = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(notebook, timeout=600, kernel_name="reader", resources={"metadata": {"path": sys.argv[2]}}).execute()
nbformat.write(notebook, sys.argv[3])
"""


@pytest.mark.build
@pytest.mark.slow
def test_a_reader_installs_a_zip_with_pip_and_gets_the_pages_numbers(built_site, project, tmp_path):
    zip_path = _zip_links(built_site.html_dir, built_site.html_dir / "auto_examples" / f"{READER_EXAMPLE}.html")[f"{READER_EXAMPLE}.zip"]
    folder = tmp_path / "reader"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(folder)
    assert ROOT not in folder.resolve().parents
    python, env = _reader_environment(tmp_path)

    def run(*command):
        result = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=READER_TIMEOUT_SECONDS)
        assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        return result

    run(python, "-m", "pip", "install", "-r", "requirements.txt")
    where = run(python, "-c", "import importlib.metadata, workshop; print(workshop.__file__); "
                f"print(importlib.metadata.version({project.name!r}))")
    module_file, version = where.stdout.split()
    assert Path(module_file).is_relative_to(tmp_path / ".venv"), f"workshop came from {module_file}, not from the zip's wheel"
    assert version == project.version

    page_lines = _metric_lines(_page_output(built_site.html_dir, READER_EXAMPLE))
    assert len(page_lines) >= 2
    files_before = sorted(folder.iterdir())
    executed = tmp_path / "executed.ipynb"
    # The script and the notebook do not depend on each other: both run at once.
    with ThreadPoolExecutor(max_workers=2) as pool:
        script_run = pool.submit(run, python, f"{READER_EXAMPLE}.py")
        notebook_run = pool.submit(run, python, "-c", EXECUTE_NOTEBOOK, f"{READER_EXAMPLE}.ipynb", str(folder), str(executed))
        script, _ = script_run.result(), notebook_run.result()
    assert _metric_lines(script.stdout) == page_lines
    # What tests/test_gallery.py checks of every other example's standalone run.
    assert sorted(folder.iterdir()) == files_before, "the script or the notebook wrote files into the reader's folder"
    for character in PROGRESS_BAR_CHARACTERS:
        assert character not in script.stdout, f"the script printed a progress bar ({character!r})"

    outputs = [output for cell in json.loads(executed.read_text())["cells"] for output in cell.get("outputs", [])]
    streams = [output["text"] for output in outputs if output["output_type"] == "stream" and output["name"] == "stdout"]
    printed = "".join("".join(text) if isinstance(text, list) else text for text in streams)  # nbformat may split lines
    assert _metric_lines(printed) == page_lines
    shown = json.dumps([output for output in outputs if output["output_type"] == "execute_result"])
    assert not OBJECT_REPR.findall(printed + shown)

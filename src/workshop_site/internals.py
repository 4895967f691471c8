"""The one place where the build reaches into other packages' private names.

The site's Sphinx code uses a few things their packages do not promise to keep:
sphinx-gallery's figure-title helper, horizontal-list templates, file names
(the 2x figure, the notebooks and zips of a gallery, the backreferences
index), loky's reusable executor, MyST-NB's configuration, reader and
content-hashed file names, jupyter-cache's executor helper, a comment inside
MyST-NB's stylesheet, Sphinx's ``Project`` and its private asset classes.
Each is reached through a function below, and through nothing else (a test,
tests/test_private_api_fence.py, reads every source for private names). Each
function which checks that the name (or the text) is still
there and otherwise stops the build with a message naming the package, its
installed version and what moved, instead of failing somewhere deep, or
quietly doing nothing. ``requirements/constraints.txt`` pins the versions
that were checked; ``pyproject.toml`` allows only those release series.
"""

from __future__ import annotations

import importlib
import re
from importlib import metadata, resources

_MISSING = object()


class MovedInternalError(RuntimeError):
    """A private name or text the build relies on is no longer where it was."""


def installed_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "(not installed)"


def _moved(package: str, what: str, used_by: str) -> MovedInternalError:
    return MovedInternalError(
        f"{package} {installed_version(package)} no longer has {what}, which {used_by} relies on: "
        f"install the version pinned in requirements/constraints.txt, or update {used_by} for this release"
    )


def private_name(package: str, module: str, name: str, *, used_by: str):
    """``module.name`` from the distribution ``package``; an error naming both if a release moved it."""
    try:
        found = getattr(importlib.import_module(module), name, _MISSING)
    except ImportError:
        found = _MISSING
    if found is _MISSING:
        raise _moved(package, f"{module}.{name}", used_by)
    return found


def private_text(package: str, module: str, resource: str, marker: str, *, used_by: str) -> str:
    """The text of the data file ``resource`` shipped in ``module`` (of ``package``), which must contain ``marker``."""
    try:
        text = (resources.files(module) / resource).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        raise _moved(package, f"the file {resource}", used_by) from None
    if marker not in text:
        raise _moved(package, f"{marker!r} in {resource}", used_by)
    return text


def config_value(package: str, config, name: str, *, used_by: str):
    """A field of a package's configuration object (e.g. MyST-NB's ``NbParserConfig.output_folder``)."""
    found = getattr(config, name, _MISSING)
    if found is _MISSING:
        raise _moved(package, f"the setting {type(config).__name__}.{name}", used_by)
    return found


# --- Every private name and undocumented file name the site's build uses, one accessor each ------------
#
# Nothing outside this module names them (tests/test_private_api_fence.py checks the sources).

_HERE = "src/workshop_site/internals.py"


def jupyter_cache_execution():
    """jupyter-cache's ``CacheBundleIn`` and ``single_nb_execution``: how MyST-NB's cache client runs and stores a notebook."""
    return (
        private_name("jupyter-cache", "jupyter_cache.base", "CacheBundleIn", used_by=_HERE),
        private_name("jupyter-cache", "jupyter_cache.executors.utils", "single_nb_execution", used_by=_HERE),
    )


def mystnb_reading():
    """MyST-NB's ``NbParserConfig``, ``nb_node_to_dict`` and ``create_nb_reader``: how it reads a page as a notebook."""
    return (
        private_name("myst-nb", "myst_nb.core.config", "NbParserConfig", used_by=_HERE),
        private_name("myst-nb", "myst_nb.core.nb_to_tokens", "nb_node_to_dict", used_by=_HERE),
        private_name("myst-nb", "myst_nb.core.read", "create_nb_reader", used_by=_HERE),
    )


def mystnb_config(env):
    """MyST-NB's settings for this build, which it keeps on the environment (made at ``builder-inited``)."""
    return config_value("myst-nb", env, "mystnb_config", used_by=_HERE)


def mystnb_config_now(app):
    """MyST-NB's settings (and MyST-Parser's), made now if their own ``builder-inited`` handlers have not run yet.

    The notebook prerun starts before sphinx-gallery runs the examples, which
    is before MyST-NB's handler; MyST-NB's function makes the same settings
    again when its turn comes.
    """
    if getattr(app.env, "myst_config", None) is None:
        private_name("myst-parser", "myst_parser.sphinx_ext.main", "create_myst_config", used_by=_HERE)(app)
    if getattr(app.env, "mystnb_config", None) is None:
        private_name("myst-nb", "myst_nb.sphinx_ext", "create_mystnb_config", used_by=_HERE)(app)
    return mystnb_config(app.env)


def mystnb_output_folder(env) -> str:
    """Where MyST-NB writes a notebook page's figures (each file named by a hash of its content)."""
    return config_value("myst-nb", mystnb_config(env), "output_folder", used_by=_HERE)


def myst_config(env):
    """MyST-Parser's settings for this build (on the environment)."""
    return config_value("myst-parser", env, "myst_config", used_by=_HERE)


def source_documents(app) -> dict[str, str]:
    """``{docname: path}`` of every source page, found as Sphinx will find them (before its environment does).

    ``sphinx.project.Project`` is not documented API.
    """
    from sphinx.project import Project

    project = Project(app.srcdir, app.config.source_suffix)
    docnames = project.discover(app.config.exclude_patterns, app.config.include_patterns)
    return {name: str(project.doc2path(name, absolute=True)) for name in docnames}


def sphinx_gallery_scraper_parts():
    """sphinx-gallery's private figure-title helper and its horizontal-list templates."""
    return tuple(
        private_name("sphinx-gallery", "sphinx_gallery.scrapers", name, used_by=_HERE)
        for name in ("_matplotlib_fig_titles", "HLIST_HEADER", "HLIST_IMAGE_MATPLOTLIB")
    )


def sphinx_gallery_srcset_name(one_x):
    """The file name sphinx-gallery expects for the 2x image of ``one_x`` (a Path): ``<stem>_2_00x<suffix>``."""
    return one_x.with_name(f"{one_x.stem}_2_00x{one_x.suffix}")


def sphinx_gallery_downloads(gallery_dir):
    """The notebooks and zips sphinx-gallery writes into a gallery folder, by its own naming (sorted)."""
    return sorted(gallery_dir.glob("*.ipynb")), sorted(gallery_dir.glob("*.zip"))


def sphinx_gallery_backreferences(backreferences_dir) -> dict:
    """sphinx-gallery's index {object name: [examples]}, written before any page is read (undocumented file)."""
    import json
    from pathlib import Path

    index = Path(backreferences_dir) / "backreferences_all.json"
    return json.loads(index.read_text(encoding="utf-8")) if index.is_file() else {}


def loky_executor():
    """joblib's reusable loky executor, or None when none was started (a private module global)."""
    return private_name("joblib", "joblib.externals.loky.reusable_executor", "_executor", used_by=_HERE)


# MyST-NB ships its stylesheet as mystnb.css and copies it out named by its content: mystnb.<sha256>.css.
MYSTNB_STYLESHEET = "mystnb.css"
_CONTENT_HASHED = re.compile(r"^(?P<stem>[^.]+)\.[0-9a-f]{16,}\.(?P<suffix>css|js)$")


def without_content_hash(name: str) -> str:
    """``mystnb.<hash>.css`` -> ``mystnb.css``; any other name as it is."""
    if match := _CONTENT_HASHED.match(name):
        return f"{match['stem']}.{match['suffix']}"
    return name


def mystnb_stylesheet(marker: str) -> str:
    """MyST-NB's stylesheet, which must still hold ``marker`` (the comment the site splits it at)."""
    return private_text("myst-nb", "myst_nb", f"static/{MYSTNB_STYLESHEET}", marker, used_by=_HERE)


def asset_with(asset, filename=None, **attributes):
    """A copy of one of Sphinx's page assets (a stylesheet or a script of ``css_files``/``script_files``).

    Sphinx's asset classes are private and immutable: a changed asset is a new
    object of the same class, with the same priority.
    """
    return type(asset)(str(filename if filename is not None else asset.filename), priority=asset.priority,
                       **{**asset.attributes, **attributes})


def check_every_name() -> None:
    """Look every private name up now, when the build starts, rather than after the examples ran."""
    jupyter_cache_execution()
    mystnb_reading()
    sphinx_gallery_scraper_parts()
    loky_executor()
    private_name("myst-parser", "myst_parser.sphinx_ext.main", "create_myst_config", used_by=_HERE)
    private_name("myst-nb", "myst_nb.sphinx_ext", "create_mystnb_config", used_by=_HERE)
    private_name("sphinx", "sphinx.project", "Project", used_by=_HERE)


# sphinx-gallery's prefix for what it generates from an example: images, thumbnails, references.
SPHINX_GALLERY_FILE_PREFIX = "sphx_glr_"


def sphinx_gallery_image_name(example: str, number: int | str) -> str:
    """The file name sphinx-gallery gives figure ``number`` of ``example`` (a number, or a format field)."""
    number = f"{number:03}" if isinstance(number, int) else number
    return f"{SPHINX_GALLERY_FILE_PREFIX}{example}_{number}.png"


def sphinx_gallery_conf_defaults(conf: dict) -> dict:
    """sphinx-gallery's configuration ``conf`` with its defaults filled in (a private helper of its own)."""
    return private_name("sphinx-gallery", "sphinx_gallery.gen_gallery", "_fill_gallery_conf_defaults", used_by=_HERE)(conf)

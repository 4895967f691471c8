"""The one place where the build reaches into other packages' private names.

The extensions here use a few things their packages do not promise to keep:
sphinx-gallery's figure-title helper and horizontal-list templates, loky's
reusable executor, MyST-NB's configuration and reader, jupyter-cache's
executor helper, and a comment inside MyST-NB's stylesheet. Each goes
through a function below, which checks that the name (or the text) is still
there and otherwise stops the build with a message naming the package, its
installed version and what moved, instead of failing somewhere deep, or
quietly doing nothing. ``requirements/constraints.txt`` pins the versions
that were checked; ``pyproject.toml`` allows only those release series.
"""

from __future__ import annotations

import importlib
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

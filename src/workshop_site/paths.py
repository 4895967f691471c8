"""Where the site's sources are, seen from this package (which lives in the repository's src/)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# html_static_path: the widgets', playground's and questions' files, the math font.
STATIC_DIR = ROOT / "docs" / "_static"

# TEMPORARY scaffolding for the widgets branch: the site branch owns conf.py.
# The only lines the widgets need are marked "widgets".
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "docs" / "_ext"))  # widgets

project = "Neural networks with TensorFlow"
extensions = ["myst_parser", "widgets"]  # widgets
html_theme = "furo"
html_static_path = ["docs/_static"]  # widgets
exclude_patterns = ["_build"]

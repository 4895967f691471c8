"""The written pages: each page's stylesheets and scripts, then one pass over every page (``passes.py``)."""

"""The claims (src/workshop_site/content/claims/): a sentence about a library is bound to a check the build runs.

On a tiny site whose checks need no Keras: a sentence whose check was removed,
failed, or is unknown stops the build naming the sentence's page; the claims
page links every claim to its check and back to each sentence. On the real
build: every claim on the claims page is made by a sentence that links back.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ExtensionError
from sphinx.testing.util import SphinxTestApp

from site_harness import ROOT
from workshop_site.content import claims

CONF = """
extensions = ["myst_nb", "workshop_site"]
nb_execution_mode = "off"
html_theme = "basic"
exclude_patterns = ["_build"]
"""
INDEX = """# Tiny site

```{toctree}
page
claims
```
"""
PAGE = """# A page

Python's `sorted` is stable {claim}`sorted-is-stable`. Sums of small integers
are exact {claim}`integer-sums-exact`, here {claim-value}`integer-sums-exact.total:.0f`.

Stable, said again {claim}`sorted-is-stable`.
"""
CLAIMS_PAGE = """# How this site checks itself

```{claims-list}
```
"""
CHECKS = '''
def check_sorted_is_stable():
    """sorted keeps the order of equal keys."""
    assert sorted([(1, "b"), (0, "z"), (1, "a")], key=lambda p: p[0]) == [(0, "z"), (1, "b"), (1, "a")]


def check_integer_sums_exact():
    """A sum of small integers is exact."""
    total = sum(range(101))
    assert total == 5050
    return {"total": total}
'''


def build(tmp_path: Path, checks: str = CHECKS, page: str = PAGE) -> SphinxTestApp:
    (tmp_path / "conf.py").write_text(CONF, encoding="utf-8")
    (tmp_path / "index.md").write_text(INDEX, encoding="utf-8")
    (tmp_path / "page.md").write_text(page, encoding="utf-8")
    (tmp_path / "claims.md").write_text(CLAIMS_PAGE, encoding="utf-8")
    (tmp_path / "claim_checks.py").write_text(checks, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=tmp_path, builddir=tmp_path / "_build", freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def soup(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def test_a_checked_sentence_links_to_its_claim_and_the_claims_page_links_back(tmp_path):
    app = build(tmp_path)
    assert app.statuscode == 0 and app.warning.getvalue() == ""
    page = soup(app, "page")
    marks = page.select("a.claim-mark")
    assert [mark["id"] for mark in marks] == ["claim-sorted-is-stable", "claim-integer-sums-exact", "claim-sorted-is-stable-2"]
    assert marks[0]["href"] == "claims.html#sorted-is-stable"
    assert "sorted keeps the order of equal keys" in marks[0]["aria-label"]
    assert "here 5050." in page.get_text()  # the value the check returned
    listing = soup(app, "claims")
    items = listing.select("ul.claims-list > li")
    assert [item["id"] for item in items] == ["sorted-is-stable", "integer-sums-exact"]
    back = [a["href"] for a in items[0].find_all("a") if a["href"].startswith("page.html")]
    assert back == ["page.html#claim-sorted-is-stable", "page.html#claim-sorted-is-stable-2"]
    assert items[0].find("a", href="#check-sorted-is-stable").get_text() == "check_sorted_is_stable"
    code = listing.find(id="check-integer-sums-exact")
    assert code is not None and "return {\"total\": total}" in code.get_text()
    assert "2 claims" in listing.select_one(".claims-total").get_text()


def test_a_sentence_whose_check_was_removed_stops_the_build_naming_its_page(tmp_path):
    without = CHECKS[: CHECKS.index("def check_integer_sums_exact")]
    with pytest.raises(ExtensionError, match=r"page\.md:3: claim 'integer-sums-exact' has no check"):
        build(tmp_path, checks=without)


def test_a_check_that_fails_stops_the_build_naming_every_sentence_of_its_claim(tmp_path):
    broken = CHECKS.replace('[(0, "z"), (1, "b"), (1, "a")]', '[(0, "z"), (1, "a"), (1, "b")]')
    with pytest.raises(ExtensionError) as raised:
        build(tmp_path, checks=broken)
    message = str(raised.value)
    assert "page.md:3: the library no longer behaves as claim 'sorted-is-stable' says" in message
    assert "page.md:6:" in message and "AssertionError" in message
    assert "integer-sums-exact" not in message


def test_a_check_that_no_sentence_makes_is_a_warning(tmp_path):
    page = PAGE.replace("Stable, said again {claim}`sorted-is-stable`.", "").replace(
        "Python's `sorted` is stable {claim}`sorted-is-stable`.", "")
    app = build(tmp_path, page=page)
    assert "check_sorted_is_stable checks a claim that no page makes" in app.warning.getvalue()


def test_a_check_needs_a_docstring_stating_its_claim(tmp_path):
    (tmp_path / "checks.py").write_text("def check_x():\n    assert True\n", encoding="utf-8")
    with pytest.raises(ExtensionError, match="check_x needs a docstring"):
        claims.read_checks(tmp_path / "checks.py")


def test_every_check_of_the_site_is_a_function_with_a_one_line_claim():
    path = ROOT / "docs" / "claim_checks.py"
    checks = claims.read_checks(path)
    assert len(checks) >= 20
    names = [node.name for node in ast.parse(path.read_text(encoding="utf-8")).body if isinstance(node, ast.FunctionDef)]
    assert [f"check_{claim.replace('-', '_')}" for claim in checks] == [n for n in names if n.startswith("check_")]


def _marked_claims_in_sources() -> dict[str, list[Path]]:
    """{claim id: files} for every {claim}/:claim: mark in the pages, gallery scripts and workshop's docstrings."""
    found: dict[str, list[Path]] = {}
    sources = [*(ROOT / "docs").rglob("*.md"), *(ROOT / "gallery").glob("*.py"), *(ROOT / "src" / "workshop").glob("*.py")]
    for path in sources:
        if "jupyter_execute" in path.parts or "auto_examples" in path.parts:
            continue
        for claim in re.findall(r"[{:]claim[}:]`([a-z0-9-]+)`", path.read_text(encoding="utf-8")):
            found.setdefault(claim, []).append(path)
    return found


def test_every_marked_sentence_of_the_site_has_a_check_and_every_check_a_sentence():
    checks = claims.read_checks(ROOT / "docs" / "claim_checks.py")
    marked = _marked_claims_in_sources()
    assert sorted(set(marked) - set(checks)) == []
    assert sorted(set(checks) - set(marked)) == []


@pytest.mark.build
def test_every_claim_on_the_built_claims_page_links_back_to_a_sentence_that_links_to_it(built_site):
    html = Path(built_site.html_dir)
    listing = BeautifulSoup((html / "claims.html").read_text(encoding="utf-8"), "html.parser")
    items = listing.select("ul.claims-list > li")
    checks = claims.read_checks(ROOT / "docs" / "claim_checks.py")
    assert [item["id"] for item in items] == list(checks)
    for item in items:
        back = [a["href"] for a in item.find_all("a") if "#claim-" in a.get("href", "")]
        assert back, f"claim {item['id']!r} has no sentence on the site"
        for href in back:
            page, anchor = href.split("#")
            target = BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser")
            mark = target.find(id=anchor)
            assert mark is not None and "claim-mark" in mark.get("class", []), f"{href} is not a claim mark"
            assert mark["href"].endswith(f"claims.html#{item['id']}"), (href, mark["href"])
        assert listing.find(id=f"check-{item['id']}") is not None

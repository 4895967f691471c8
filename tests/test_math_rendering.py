"""Formulas typeset like TeX: the MathML the converter writes, and how Chromium draws it.

The first tests need no build: they pin each rewrite of latex2mathml's markup
(src/workshop_site/steps/mathml_math.py). The browser tests open every page of the built
site that has a formula, on a phone-sized screen, and check what can be
checked of every display formula: every glyph drawn with the site's math font,
the brace of ``cases`` as tall as its rows, nothing wider than the column.
"""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from workshop_site.finishing.passes import formula_text
from workshop_site.steps.math_font import CHARACTERS, FAMILY, FONT_FILE, cut_for, font_characters, missing_characters
from workshop_site.steps.mathml_math import FONT_PATH, MathMLConversionError, latex_to_mathml, split_display

M = "{http://www.w3.org/1998/Math/MathML}"
PHONE = {"width": 360, "height": 740}


def _tree(latex: str, display: bool = True) -> ElementTree.Element:
    return ElementTree.fromstring(latex_to_mathml(latex, display=display))


def _row(latex: str, display: bool = True) -> list[tuple[str, str]]:
    """The top-level row as (tag, text) pairs, mspace as ("mspace", width)."""
    row = _tree(latex, display)[0]
    return [(child.tag.removeprefix(M), child.get("width") if child.tag == M + "mspace" else (child.text or "")) for child in row]


# --- The markup ---------------------------------------------------------------


def test_a_prime_follows_its_letter_instead_of_being_raised_as_a_superscript():
    tree = _tree(r"\operatorname{ReLU}'(x) + f''(x)")

    assert tree.find(f".//{M}msup") is None
    primes = [mo.text for mo in tree.iter(M + "mo") if mo.text in ("\u2032", "\u2033")]
    assert primes == ["\u2032", "\u2033"]


def test_function_names_are_upright_and_spaced_as_tex_spaces_them():
    # "y log y-hat": a thin space on both sides; "log(": none before the parenthesis.
    assert _row(r"y \log \hat{y}")[:4] == [("mi", "y"), ("mspace", "0.1667em"), ("mi", "log"), ("mo", "\u2061")]
    assert _row(r"y \log \hat{y}")[4] == ("mspace", "0.1667em")
    assert _row(r"\max(0, x)")[:3] == [("mi", "max"), ("mo", "\u2061"), ("mo", "(")]


def test_a_minus_after_an_operator_is_a_sign_and_between_terms_a_subtraction():
    signs = {mo.get("form") for mo in _tree(r"L = -(y + 1)").iter(M + "mo") if mo.text == "\u2212"}
    subtraction = {mo.get("form") for mo in _tree(r"1 - y").iter(M + "mo") if mo.text == "\u2212"}

    assert signs == {"prefix"} and subtraction == {None}


def test_hat_is_a_fixed_size_accent():
    mark = _tree(r"\hat{y}").find(f".//{M}mover")[1]

    assert (mark.text, mark.get("stretchy")) == ("\u02c6", "false")


def test_max_takes_its_limit_below_in_a_display_formula_and_beside_it_inline():
    assert _tree(r"m = \max_j z_j").find(f".//{M}munder") is not None
    assert _tree(r"m = \max_j z_j", display=False).find(f".//{M}munder") is None
    assert _tree(r"\frac{\max_j z_j}{2}").find(f".//{M}munder") is None  # TeX's text style in a fraction


def test_operators_in_scripts_are_set_tight():
    operators = [mo for mo in _tree(r"\theta_{t-1} = \sum_{j=1}^{K} x").iter(M + "mo") if mo.text in ("\u2212", "=")]
    in_scripts = [(mo.get("lspace"), mo.get("rspace")) for mo in operators[:1] + operators[2:]]

    assert in_scripts == [("0", "0"), ("0", "0")]
    assert operators[1].get("lspace") is None  # the main "=" keeps its space


def test_named_widths_become_lengths_mathml_core_knows():
    assert _tree(r"f\!\left(a\right)").find(f".//{M}mspace").get("width") == "-0.1667em"


def test_a_display_formula_breaks_at_top_level_qquads_and_before_chained_equals_signs():
    assert split_display(r"a = 1, \qquad b = \frac{x}{y}") == [["a = 1,"], [r"b = \frac{x}{y}"]]
    assert split_display(r"x = a + b = 0.5 = 5") == [["x = a + b", "= 0.5", "= 5"]]


def test_a_display_formula_does_not_break_inside_braces_fences_or_environments():
    for latex in (r"\begin{cases} a \qquad b = 1 = 2 \end{cases}", r"f\left(a = b = c\right)", r"\text{a = b = c}", r"x \qquadx"):
        assert split_display(latex) == [[latex]]


def test_a_character_the_math_font_lacks_fails_naming_it():
    with pytest.raises(MathMLConversionError, match=r"no glyph for '\u2135' \(U\+2135\).*math_font\.py"):
        latex_to_mathml(r"\aleph_0", display=True, where="docs/x.md:3")


def test_the_font_file_is_the_renamed_subset_and_small():
    assert FONT_FILE.is_file() and FONT_FILE.stat().st_size < 60_000
    assert (FONT_FILE.parent / "GUST-FONT-LICENSE.txt").is_file()
    assert missing_characters(CHARACTERS) == [] and "\U0001d465" in font_characters()  # italic x


def _characters_of(font_file) -> set[str]:
    from fontTools.ttLib import TTFont

    return {chr(code) for code in TTFont(font_file).getBestCmap()}


def test_the_served_font_is_cut_to_the_characters_the_formulas_use_with_their_italics(tmp_path):
    text = formula_text('<p>x</p><math><mi>x</mi><mo>&#x2032;</mo><mo>=</mo><mi>\u03c3</mi><mn>2</mn></math>')
    assert text == "x\u2032=\u03c32"

    size = cut_for(text, tmp_path / "a.woff2")
    kept = _characters_of(tmp_path / "a.woff2")
    assert set(text) | {"\U0001d465", "\U0001d70e"} <= kept  # and the italic x and sigma the browser draws
    assert not {"y", "\U0001d466", "\u2124", "\u222b"} & kept  # nothing the text does not use
    assert size < FONT_FILE.stat().st_size / 3
    cut_for(text, tmp_path / "b.woff2")
    assert (tmp_path / "a.woff2").read_bytes() == (tmp_path / "b.woff2").read_bytes()  # no timestamp


def test_cutting_the_font_for_a_character_it_lacks_names_the_character(tmp_path):
    with pytest.raises(ValueError, match="\u2135"):
        cut_for("x\u2135", tmp_path / "a.woff2")


@pytest.mark.build
def test_the_built_site_serves_a_font_with_every_character_of_its_formulas_and_no_more(built_site):
    text = "".join(formula_text(page.read_text(encoding="utf-8")) for page in built_site.html_dir.rglob("*.html"))
    served = built_site.html_dir / "_static" / FONT_PATH
    kept = _characters_of(served)

    assert set(text) - {"\n", "\t"} <= kept
    assert "\u221a" in kept  # the radical of every \sqrt, drawn for <msqrt>, not written in the text
    assert kept < _characters_of(FONT_FILE)
    assert served.stat().st_size < 0.6 * FONT_FILE.stat().st_size


# --- In Chromium ----------------------------------------------------------------

# Per display formula: what Chromium drew. Runs in the page.
MEASURE = """
() => [...document.querySelectorAll('div.math')].map((box) => {
  const braces = [...box.querySelectorAll('mo')].filter((mo) => mo.textContent === '{' && mo.nextElementSibling?.localName === 'mtable');
  return {
    id: box.id || box.querySelector('[id]')?.id || box.textContent.slice(0, 40),
    overflow: box.scrollWidth - box.clientWidth,
    braces: braces.map((mo) => [mo.getBoundingClientRect().height, mo.nextElementSibling.getBoundingClientRect().height]),
  };
})
"""


@pytest.fixture(scope="module")
def math_pages(built_site):
    pages = sorted(
        path.relative_to(built_site.html_dir).as_posix()
        for path in built_site.html_dir.rglob("*.html")
        if "<math" in path.read_text(encoding="utf-8")
    )
    assert len(pages) >= 10, pages
    return pages


@pytest.fixture(scope="module")
def phone_page(built_site, site_server, browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page(), site_server
    context.close()


def _fonts_of_tokens(page) -> dict[str, int]:
    """Glyph counts per font family over every token of every formula on the page (Chrome DevTools Protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    tokens = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "math mi, math mo, math mn, math mtext"})["nodeIds"]
    glyphs: dict[str, int] = {}
    for node in tokens:
        for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            glyphs[font["familyName"]] = glyphs.get(font["familyName"], 0) + font["glyphCount"]
    cdp.detach()
    return glyphs


@pytest.mark.build
@pytest.mark.browser
def test_every_formula_is_drawn_with_the_math_font_fits_a_phone_and_stretches_its_braces(math_pages, phone_page):
    page, url = phone_page
    problems, braces_seen = [], 0
    for path in math_pages:
        page.goto(f"{url}/{path}")
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready.then(() => true)")
        if not page.evaluate(f"document.fonts.check('16px \"{FAMILY}\"')"):
            problems.append(f"{path}: the math font did not load")
        other_fonts = {family: count for family, count in _fonts_of_tokens(page).items() if family != FAMILY}
        if other_fonts:
            problems.append(f"{path}: glyphs drawn with other fonts than {FAMILY}: {other_fonts}")
        for formula in page.evaluate(MEASURE):
            if formula["overflow"] > 1:
                problems.append(f"{path} {formula['id']}: {formula['overflow']} px wider than its column at 360 px")
            for brace, rows in formula["braces"]:
                braces_seen += 1
                if brace < 0.9 * rows:
                    problems.append(f"{path} {formula['id']}: the brace is {brace:.0f} px tall beside rows {rows:.0f} px tall")

    assert problems == []
    assert braces_seen >= 1  # the ReLU derivative's cases, at least


@pytest.mark.build
def test_only_pages_with_math_ask_for_the_math_font_early(built_site, math_pages):
    for path in built_site.html_dir.rglob("*.html"):
        name = path.relative_to(built_site.html_dir).as_posix()
        preloads = 'rel="preload"' in (text := path.read_text(encoding="utf-8")) and "workshop-math.woff2" in text
        assert preloads == (name in math_pages), name


@pytest.mark.build
@pytest.mark.browser
def test_a_page_without_math_never_fetches_the_math_font(math_pages, phone_page):
    used, url = phone_page
    page = used.context.browser.new_page(viewport=PHONE)  # nothing in its memory cache from the math pages
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    for path in ("index.html", "setup.html"):
        assert path not in math_pages
        page.goto(f"{url}/{path}")
        page.wait_for_load_state("networkidle")
    page.close()

    assert [address for address in fetched if address.endswith(".woff2")] == []

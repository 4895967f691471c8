"""The built site: complete, warning-free, self-contained, with working links and math.

Every test marked ``build`` reads the one build of the ``built_site`` fixture.
The expected pages are derived from the sources (docs/concepts/*.md,
gallery/plot_*.py, src/workshop/*.py), so the checks grow as pages land.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import os
import re
import zipfile
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from site_harness import ROOT
from site_harness.pages import concept_pages, css_references, is_external, parse_page, read_page, resolve
from workshop_site.internals import SPHINX_GALLERY_FILE_PREFIX, sphinx_gallery_image_name
from workshop_site.steps.mathml_math import MathMLConversionError, latex_to_mathml
from workshop_site.steps.png_optimiser import optimise_png

CONCEPT_PAGES = concept_pages()  # in reading order
EXAMPLES = sorted(path.stem for path in (ROOT / "gallery").glob("plot_*.py"))
PUBLIC_MODULES = sorted(path.stem for path in (ROOT / "src" / "workshop").glob("[!_]*.py"))

# Lines that other programs print into the build log and that are not about
# the site: TensorFlow's C++ runtime (printed before its log level applies)
# and ipykernel's note about its local TCP connection to the build.
FOREIGN_WARNING_LINES = [
    re.compile(r"^WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR$"),
    re.compile(r"^\[IPKernelApp\] WARNING \| Kernel is running over TCP without encryption\."),
]


# --- Reading the build -----------------------------------------------------


def _pages(html_dir: Path) -> list[Path]:
    return sorted(path for path in html_dir.rglob("*.html") if ".doctrees" not in path.parts)


@cache
def _fetched_urls(page: Path) -> list[str]:
    """Every URL the browser loads to display the page (not the links a reader may follow)."""
    return parse_page(page.read_text(encoding="utf-8")).fetched


def _resolve(html_dir: Path, page: Path, url: str) -> tuple[Path, str]:
    """The file a same-site URL points at, and its #fragment ('' when none)."""
    base = read_page(page).find("base", href=True)  # the 404 page: relative to the site's root (served at "/" here)
    referrer = page.relative_to(html_dir).as_posix()
    path = resolve(url, referrer, base["href"] if base else None) if urlsplit(url).path else referrer
    target = html_dir / path if path is not None else html_dir.parent / "outside-the-site"
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(urlsplit(url).fragment)


@cache
def _ids(page: Path) -> frozenset[str]:
    soup = read_page(page)
    return frozenset(tag["id"] for tag in soup.find_all(id=True)) | frozenset(
        tag["name"] for tag in soup.find_all("a", attrs={"name": True})
    )


# --- The formulas, without a build ------------------------------------------


@pytest.mark.parametrize(
    "latex",
    [
        r"\sigma(x) = \frac{1}{1+e^{-x}}",
        r"\sigma(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}",
        r"L(y, \hat{y}) = - (y \cdot \log(\hat{y}) + (1 - y) \cdot \log(1 - \hat{y}))",
        r"\theta_t = \theta_{t-1} - \eta \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}",
        r"\hat{m}_t = \frac{m_t}{1 - \beta_1^t}",
        r"f(x) = \max(0, x) \qquad \tanh(x) = \frac{e^x - e^{-x}}{e^x + e^{-x}}",
        r"\operatorname{ReLU}(x) \in \mathbb{R}, \quad \text{for every } x",
        r"\begin{aligned} m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \\ v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \end{aligned}",
        r"f'(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}",
        r"\bigl(y - \hat{y}\bigr)^2",
    ],
)
def test_project_formulas_render_as_mathml_without_leftover_latex(latex):
    mathml = latex_to_mathml(latex, display=True)

    assert mathml.startswith("<math") and 'display="block"' in mathml
    assert "\\" not in mathml and "<mi>&</mi>" not in mathml


def test_function_names_are_set_upright_without_operator_spacing():
    assert "<mi>max</mi>" in latex_to_mathml(r"\max(0, x)", display=False)
    assert "<mi>ReLU</mi>" in latex_to_mathml(r"\operatorname{ReLU}(x)", display=False)


@pytest.mark.parametrize(
    ("latex", "reason"),
    [
        (r"\frac{1}{", "latex2mathml failed"),
        (r"\softplus(x)", r"unknown command(s) \softplus"),
        (r"a & b", "not well-formed"),
        (r"\begin{gather} a \\ b \end{gather}", "line break"),
    ],
)
def test_a_formula_that_cannot_render_fails_naming_it_and_its_place(latex, reason):
    with pytest.raises(MathMLConversionError) as error:
        latex_to_mathml(latex, display=True, where="docs/concepts/05-activations.md:12")

    message = str(error.value)
    assert f"'{latex}'" in message and "docs/concepts/05-activations.md:12" in message and reason in message


def test_several_lines_without_an_environment_become_rows():
    mathml = latex_to_mathml(r"a = b \\ c = d", display=True)

    assert "<mtable" in mathml and "linebreak" not in mathml


# --- The build -------------------------------------------------------------


@pytest.mark.build
def test_build_succeeds_without_any_warning(built_site):
    foreign = [line for line in built_site.log.splitlines() if any(p.search(line) for p in FOREIGN_WARNING_LINES)]
    site_warnings = [line for line in built_site.log.splitlines() if "WARNING" in line and line not in foreign]

    assert built_site.returncode == 0, built_site.log[-6000:]
    assert built_site.warnings.strip() == ""
    assert site_warnings == []


@pytest.mark.build
@pytest.mark.parametrize("page", CONCEPT_PAGES)
def test_every_concept_page_is_built_and_listed_in_the_concepts_index(built_site, page):
    concepts_index = read_page(built_site.html_dir / "concepts" / "index.html")
    listed = [a["href"] for a in concepts_index.select("article .toctree-wrapper a[href]")]

    assert (built_site.html_dir / "concepts" / f"{page}.html").is_file()
    assert f"{page}.html" in listed


@pytest.mark.build
def test_concept_pages_are_listed_in_reading_order_and_none_is_left_out(built_site):
    concepts_index = read_page(built_site.html_dir / "concepts" / "index.html")
    listed = [a["href"].removesuffix(".html") for a in concepts_index.select("article .toctree-wrapper a[href]")]
    sources = {path.stem for path in (ROOT / "docs" / "concepts").glob("*.md")} - {"index"}

    assert listed == CONCEPT_PAGES
    assert set(CONCEPT_PAGES) == sources


@pytest.mark.build
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_has_a_page_a_figure_and_its_downloads(built_site, example):
    page = built_site.html_dir / "auto_examples" / f"{example}.html"
    soup = read_page(page)
    figures = soup.select("img.sphx-glr-single-img, img.sphx-glr-multi-img")
    downloads = {Path(a["href"]).name: _resolve(built_site.html_dir, page, a["href"])[0] for a in soup.select("a.download[href]")}

    assert figures, f"{example} drew no figure"
    assert all(_resolve(built_site.html_dir, page, img["src"])[0].is_file() for img in figures)
    for name in (f"{example}.py", f"{example}.ipynb"):
        assert name in downloads and downloads[name].is_file(), f"no download of {name}"


@pytest.mark.build
def test_download_all_zips_hold_every_example(built_site):
    index = built_site.html_dir / "auto_examples" / "index.html"
    zips = {Path(a["href"]).name: _resolve(built_site.html_dir, index, a["href"])[0] for a in read_page(index).select("a.download[href]")}

    for name, suffix in (("auto_examples_python.zip", ".py"), ("auto_examples_jupyter.zip", ".ipynb")):
        with zipfile.ZipFile(zips[name]) as archive:
            stems = sorted(Path(member).stem for member in archive.namelist() if member.endswith(suffix))
        assert stems == EXAMPLES


@pytest.mark.build
def test_no_page_loads_anything_from_outside_the_site(built_site):
    outside = []
    for page in _pages(built_site.html_dir):
        outside += [f"{page.name}: {url}" for url in _fetched_urls(page) if is_external(url)]
    for stylesheet in built_site.html_dir.rglob("*.css"):
        text = stylesheet.read_text(encoding="utf-8")
        outside += [f"{stylesheet.name}: {url}" for url in css_references(text) if is_external(url)]

    assert outside == []


@pytest.mark.build
def test_every_internal_link_and_image_resolves_anchors_included(built_site):
    html_dir = built_site.html_dir
    broken = []
    for page in _pages(html_dir):
        soup = read_page(page)
        urls = [a["href"] for a in soup.find_all("a", href=True)] + _fetched_urls(page)
        for url in urls:
            if is_external(url) or url.startswith(("mailto:", "javascript:")) or url in ("", "#"):
                continue
            target, fragment = _resolve(html_dir, page, url)
            where = f"{page.relative_to(html_dir)} -> {url}"
            if not target.is_file():
                broken.append(f"{where}: no such file")
            elif fragment and target.suffix == ".html" and fragment not in _ids(target):
                broken.append(f"{where}: no #{fragment} in {target.name}")

    assert broken == []


@pytest.mark.build
def test_no_page_repeats_an_id(built_site):
    repeated = []
    for page in _pages(built_site.html_dir):
        ids = [tag["id"] for tag in read_page(page).find_all(id=True)]
        repeated += [f"{page.name}: #{id_}" for id_ in sorted(set(ids)) if ids.count(id_) > 1]

    assert repeated == []


@pytest.mark.build
def test_math_is_mathml_markup_and_no_page_loads_mathjax(built_site):
    pages_with_math = []
    for page in _pages(built_site.html_dir):
        soup = read_page(page)
        scripts = [tag.get("src", "") + tag.get_text() for tag in soup.find_all("script")]
        assert not [s for s in scripts if "mathjax" in s.lower()], f"{page.name} loads MathJax"
        for formula in soup.select("span.math, div.math"):
            assert formula.find("math"), f"{page.name}: a formula without MathML: {formula}"
        if soup.find("math"):
            pages_with_math.append(page.relative_to(built_site.html_dir).as_posix())

    assert {"glossary.html", "api.html"} <= set(pages_with_math)


@pytest.mark.build
def test_every_image_has_alt_text_and_figures_describe_themselves(built_site):
    missing = []
    for page in _pages(built_site.html_dir):
        for img in read_page(page).find_all("img"):
            # A gallery thumbnail sits next to its example's title, which says
            # everything: sphinx-gallery marks it decorative (alt=""), as it should.
            decorative = img.find_parent(class_="sphx-glr-thumbcontainer") is not None
            if img.get("alt") is None or (not img["alt"].strip() and not decorative):
                missing.append(f"{page.name}: {img.get('src')}")
            elif re.search(r"\.(png|jpe?g|svg|gif|webp)$", img["alt"]):
                # MyST-NB's fallback is the image's path: set the cell's mystnb.image.alt.
                missing.append(f"{page.name}: {img['src']} has its path as alt text")
            if "sphx-glr-single-img" in img.get("class", []) or "sphx-glr-multi-img" in img.get("class", []):
                # Without a title sphinx-gallery falls back to the file name ("plot 05 binary classification").
                fallback = re.sub(r"[-,_]", " ", Path(img["src"]).stem[len(SPHINX_GALLERY_FILE_PREFIX) : -len("_001")])
                if img["alt"] == fallback:
                    missing.append(f"{page.name}: {img['src']} has only its file name as alt text; give the figure a title")

    assert missing == []


@pytest.mark.build
def test_example_output_has_no_keras_progress_bars(built_site):
    for example in EXAMPLES:
        text = (built_site.html_dir / "auto_examples" / f"{example}.html").read_text(encoding="utf-8")
        assert "━" not in text and "\x08" not in text and not re.search(r"\d+/\d+ \[=*>?\.*\]", text), example


@pytest.mark.build
def test_404_page_exists_and_resolves_its_links_from_the_site_root(built_site):
    page = built_site.html_dir / "404.html"
    soup = read_page(page)
    relative = [url for url in [a["href"] for a in soup.find_all("a", href=True)] + _fetched_urls(page)
                if not url.startswith(("/", "#")) and not is_external(url)]

    assert page.is_file()
    assert soup.find("base") is None  # a <base> would send the skip link to the home page
    assert soup.find("a", class_="skip-to-content")["href"] == "#furo-main-content"
    assert soup.find("a", href="/index.html") is not None
    assert relative == []


@pytest.mark.build
@pytest.mark.parametrize("module", PUBLIC_MODULES)
def test_api_page_documents_every_public_module_and_its_functions(built_site, module):
    ids = _ids(built_site.html_dir / "api.html")
    imported = importlib.import_module(f"workshop.{module}")
    public = [name for name in getattr(imported, "__all__", [])
              if inspect.isfunction(getattr(imported, name)) or inspect.isclass(getattr(imported, name))]

    assert f"module-workshop.{module}" in ids
    assert [name for name in public if f"workshop.{module}.{name}" not in ids] == []


@pytest.mark.build
def test_prev_next_follow_the_learning_path(built_site):
    def next_of(page):
        link = read_page(built_site.html_dir / page).find("link", rel="next")
        return os.path.normpath(Path(page).parent / link["href"]) if link else None

    path, page = [], "index.html"
    while page and page not in path:
        path.append(page)
        page = next_of(page)
    expected_start = ["index.html", "concepts/index.html", *[f"concepts/{p}.html" for p in CONCEPT_PAGES], "auto_examples/index.html"]

    assert path[: len(expected_start)] == expected_start


# --- Lean, accessible pages ------------------------------------------------------

# Assets sphinx-gallery adds to every page; each must appear only where its markup is.
GALLERY_ASSETS = re.compile(r"/(sg_gallery[\w-]*\.css|sg-tags\.js)(\?|$)")
# A figure file's size, whatever it shows: a 2x gallery figure (1280 px wide)
# is under 150 kB as a palette PNG, a 1x one under 150 kB lossless.
MAX_FIGURE_BYTES = 200_000
NOTEBOOK_FIGURE = re.compile(r"^[0-9a-f]{64}\.png$")


def _asset_urls(soup: BeautifulSoup) -> list[str]:
    return [tag["href"] for tag in soup.find_all("link", rel="stylesheet", href=True)] + [
        tag["src"] for tag in soup.find_all("script", src=True)
    ]


@pytest.mark.build
def test_every_role_heading_has_an_aria_level(built_site):
    # Sphinx writes toctree captions as <p class="caption" role="heading"> with
    # no level (src/workshop_site/steps/a11y.py adds it), in the body and in Furo's sidebar.
    missing = []
    for page in _pages(built_site.html_dir):
        for tag in read_page(page).find_all(attrs={"role": "heading"}):
            if tag.get("aria-level") not in {"1", "2", "3", "4", "5", "6"}:
                missing.append(f"{page.relative_to(built_site.html_dir)}: {str(tag)[:80]}")

    assert missing == []


@pytest.mark.build
def test_every_code_block_can_be_scrolled_from_the_keyboard(built_site):
    # A <pre> wider than the column scrolls; only a focusable one scrolls by keyboard.
    unreachable = []
    for page in _pages(built_site.html_dir):
        for pre in read_page(page).select("article pre"):
            if pre.get("tabindex") != "0":
                unreachable.append(f"{page.relative_to(built_site.html_dir)}: {pre.get_text()[:40]!r}")

    assert unreachable == []


@pytest.mark.build
def test_every_page_declares_its_language(built_site):
    assert [page.name for page in _pages(built_site.html_dir) if not read_page(page).html.get("lang")] == []


@pytest.mark.build
def test_gallery_css_and_js_load_only_on_pages_with_gallery_markup(built_site):
    html_dir = built_site.html_dir
    wrong = []
    for page in _pages(html_dir):
        soup = read_page(page)
        has_gallery_markup = soup.select_one('[class*="sphx-glr"]') is not None
        gallery_assets = [url for url in _asset_urls(soup) if GALLERY_ASSETS.search(url)]
        if gallery_assets and not has_gallery_markup:
            wrong.append(f"{page.relative_to(html_dir)}: {gallery_assets}")

    assert wrong == []
    for page in ("glossary.html", f"concepts/{CONCEPT_PAGES[0]}.html"):  # index and api show example thumbnails
        assert not [url for url in _asset_urls(read_page(html_dir / page)) if GALLERY_ASSETS.search(url)], page
    assert any("sg_gallery.css" in url for url in _asset_urls(read_page(html_dir / "auto_examples" / "index.html")))


@pytest.mark.build
def test_notebook_and_highlighting_css_load_only_where_used(built_site):
    html_dir = built_site.html_dir
    index = _asset_urls(read_page(html_dir / "index.html"))
    concept = _asset_urls(read_page(html_dir / "concepts" / f"{CONCEPT_PAGES[0]}.html"))

    assert not [url for url in index if "mystnb" in url or "pygments.css" in url]
    # A concept page is a notebook: MyST-NB's core rules, without the ANSI colours it has no use for.
    assert any("mystnb-core.css" in url for url in concept) and any("pygments.css" in url for url in concept)
    assert not [url for url in concept if re.search(r"mystnb\.[0-9a-f]+\.css", url)]


@pytest.mark.build
def test_page_scripts_do_not_block_parsing(built_site):
    page = built_site.html_dir / "concepts" / f"{CONCEPT_PAGES[0]}.html"
    # A module script (type="module") is deferred by nature and carries no attribute for it.
    blocking = [tag["src"] for tag in read_page(page).find_all("script", src=True)
                if not tag.has_attr("defer") and not tag.has_attr("async") and tag.get("type") != "module"]

    assert blocking == []


@pytest.mark.build
def test_figures_carry_no_software_stamp_and_are_already_optimised(built_site, tmp_path):
    stamped, heavy, not_optimised, kinds = [], [], [], set()
    for path in sorted((built_site.html_dir / "_images").glob("*.png")):
        with Image.open(path) as image:
            if "Software" in image.info:
                stamped.append(path.name)
            mode = image.mode
        if path.stat().st_size > MAX_FIGURE_BYTES:
            heavy.append(f"{path.name}: {path.stat().st_size} bytes")
        # The gallery's 1x figures stay lossless (thumbnails are scaled from
        # them); its 2x copies and the notebooks' figures may become palettes.
        if path.name.startswith(SPHINX_GALLERY_FILE_PREFIX) and not path.name.endswith("_thumb.png"):
            quantize = bool(re.search(r"_\d_\d\dx\.png$", path.name))
            kinds.add("2x" if quantize else "1x")
        elif NOTEBOOK_FIGURE.match(path.name):
            quantize = True
            kinds.add("notebook")
        else:
            continue
        if quantize:
            kinds.add(f"palette:{mode == 'P'}")
        # Optimised already: optimising once more must not change a byte.
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes())
        optimise_png(copy, quantize=quantize)
        if copy.read_bytes() != path.read_bytes():
            not_optimised.append(path.name)

    assert stamped == []
    assert heavy == []
    assert not_optimised == []
    assert {"1x", "2x", "notebook", "palette:True"} <= kinds


# --- Reproducibility ---------------------------------------------------------


# Figures that plot how fast this machine ran something during the build: a
# timing cannot repeat to the byte, so these are compared by presence only.
# Every other figure must come out byte-identical.
TIMING_FIGURES = {
    "concepts/01-numpy-arrays.html": "#fig-list-vs-array img",
    "auto_examples/plot_01_numpy_vs_lists.html": f'img[src*="{sphinx_gallery_image_name("plot_01_numpy_vs_lists", 1)[:-4]}"]',
}


def _image_hashes(html_dir: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted((html_dir / "_images").iterdir())}


def _timing_figures(html_dir: Path) -> set[str]:
    names = set()
    for page, selector in TIMING_FIGURES.items():
        images = read_page(html_dir / page).select(selector)
        assert images, f"{page} no longer has its timing figure ({selector}): update TIMING_FIGURES"
        for img in images:
            names.add(Path(img["src"]).name)
            names.update(Path(part.split()[0]).name for part in img.get("srcset", "").split(",") if part.strip())
    return names


@pytest.mark.build
@pytest.mark.slow
def test_a_second_clean_build_gives_byte_identical_figures(built_site, second_built_site):
    second = second_built_site

    assert second.returncode == 0, second.log[-6000:]
    first_hashes, second_hashes = _image_hashes(built_site.html_dir), _image_hashes(second.html_dir)
    for name in _timing_figures(built_site.html_dir):
        first_hashes.pop(name)
    for name in _timing_figures(second.html_dir):
        second_hashes.pop(name)
    assert first_hashes, "the build produced no figures"
    assert sorted(first_hashes) == sorted(second_hashes)
    assert [name for name in first_hashes if first_hashes[name] != second_hashes[name]] == []

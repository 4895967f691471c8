r"""The site's math font: which characters it has, and how it is cut from Latin Modern Math.

Browsers lay out MathML with the OpenType MATH table of the font in use (stretchy
braces and parentheses, script sizes, fraction rules, radicals). The site
serves Latin Modern Math (the Computer Modern design that TeX, KaTeX and
MathJax use), cut down to the characters below: about 37 kB as WOFF2 instead of
the full 734 kB, with every size variant and stretch assembly that the MATH
table gives those characters.

The build then serves that file cut down once more, to the characters its
formulas do use (``cut_for``, called by the finishing pass when the build has
written every page): about 19 kB. fontTools and brotli, which cut it, are
among the docs' requirements.

A formula that uses a character outside this set stops the build (see
``mathml_math.py``), naming the character: add it to ``CHARACTERS`` and cut the
font again, from Debian's ``fonts-lmodern`` (or TeX Live's ``lm-math``)::

    python -m workshop_site.steps.math_font /usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf

The subset is renamed ("Workshop Math"), as the GUST Font License asks of a
derived font; the licence sits beside it in ``docs/_static/fonts/``.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from workshop_site.paths import STATIC_DIR

FONT_FILE = STATIC_DIR / "fonts" / "workshop-math.woff2"
FAMILY = "Workshop Math"


def _span(first: int, last: int) -> str:
    return "".join(map(chr, range(first, last + 1)))


GREEK = _span(0x391, 0x3A1) + _span(0x3A3, 0x3A9) + _span(0x3B1, 0x3C9) + "\u03d1\u03d5\u03d6\u03f0\u03f1\u03f5"
# What a formula may contain, as written in the MathML (the browser itself turns a
# one-letter <mi> into its italic form; those are added by `_italic`).
CHARACTERS = (
    _span(0x20, 0x7E)  # ASCII: letters, digits, punctuation, ( ) [ ] { } | + = < >
    + "\u00a0\u00b1\u00b7\u00d7\u00f7\u00ac\u00af"  # no-break space ± · × ÷ ¬ macron
    + GREEK
    + "\u02c6\u02dc\u02d9\u0302\u0303\u0304\u0307"  # accents: hat, tilde, dot (spacing and combining)
    + "\u2016\u2026\u2032\u2033\u2034"  # ‖ … ′ ″ ‴
    + "\u2061\u2062\u2063"  # function application, invisible times and separator
    + "\u2102\u2113\u2115\u211a\u211d\u2124"  # ℂ ℓ ℕ ℚ ℝ ℤ
    + "\u2190\u2191\u2192\u2193\u2194\u21a6\u21d0\u21d2\u21d4"  # arrows
    + "\u2200\u2202\u2203\u2207\u2208\u2209\u2211\u220f\u2212\u2218\u2219\u221a\u221d\u221e"
    + "\u2223\u2225\u2227\u2228\u2229\u222a\u222b\u2248\u2260\u2261\u2264\u2265\u226a\u226b"
    + "\u2282\u2286\u2295\u2297\u22c5\u22ee\u22ef\u22f1"  # ⊂ ⊆ ⊕ ⊗ ⋅ ⋮ ⋯ ⋱
    + "\u2308\u2309\u230a\u230b\u27e8\u27e9"  # ceiling, floor, angle brackets
)


def _italic(char: str) -> str:
    """The mathematical italic letter the browser draws for ``char`` in a one-letter ``<mi>``, or ''."""
    code = ord(char)
    if char == "h":
        return "\u210e"  # Planck constant: the italic h lives outside the block
    if 0x41 <= code <= 0x5A:
        return chr(0x1D434 + code - 0x41)
    if 0x61 <= code <= 0x7A:
        return chr(0x1D44E + code - 0x61)
    if 0x391 <= code <= 0x3A9:
        return chr(0x1D6E2 + code - 0x391)
    if 0x3B1 <= code <= 0x3C9:
        return chr(0x1D6FC + code - 0x3B1)
    return {"\u2202": "\U0001d715", "\u03f5": "\U0001d716", "\u03d1": "\U0001d717", "\u03f0": "\U0001d718",
            "\u03d5": "\U0001d719", "\u03f1": "\U0001d71a", "\u03d6": "\U0001d71b", "\u2207": "\U0001d6fb"}.get(char, "")


def font_characters() -> str:
    """Every character the font file holds: ``CHARACTERS`` and their italic forms."""
    return CHARACTERS + "".join(_italic(char) for char in CHARACTERS) + "\U0001d6a4\U0001d6a5"  # dotless i, j


# Italic letter -> the character it is the italic of (``_italic``'s inverse); the dotless i and j (under accents) -> i, j.
_UPRIGHT = {_italic(char): char for char in CHARACTERS if _italic(char)} | {"\U0001d6a4": "i", "\U0001d6a5": "j"}


def missing_characters(text: str) -> list[str]:
    """The characters of ``text`` that the font does not have, each once, in order."""
    allowed = set(CHARACTERS) | {"\n", "\t"}
    return list(dict.fromkeys(char for char in text if char not in allowed))


def subset(source: Path, target: Path = FONT_FILE) -> int:
    """Cut ``source`` (Latin Modern Math) down to the site's characters; returns the file's size in bytes."""
    from fontTools.ttLib import TTFont  # fontTools and brotli: the docs' extras

    font = TTFont(source)
    cmap = font.getBestCmap()
    absent = [f"U+{ord(char):04X}" for char in font_characters() if ord(char) not in cmap and char not in "\u2061\u2062\u2063\u00a0"]
    if absent:
        raise SystemExit(f"{source} has no glyph for {', '.join(absent)}; is it Latin Modern Math?")
    _keep_only(font, font_characters())
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6):
            names.removeNames(nameID=record.nameID)
    for name_id, value in ((1, FAMILY), (3, f"{FAMILY} (subset of Latin Modern Math)"), (4, FAMILY), (6, FAMILY.replace(" ", ""))):
        names.setName(value, name_id, 3, 1, 0x409)
    return _save(font, target)


# Glyphs the browser draws for markup rather than for text: <msqrt> and <mroot> draw
# the radical sign, which no formula's text holds.
DRAWN_WITHOUT_TEXT = "\u221a"


def cut_for(text: str, target: Path, source: Path = FONT_FILE) -> int:
    """Write to ``target`` the site's font cut down to what ``text`` (every formula of the built site) uses.

    The file in ``docs/_static/fonts`` holds every character a formula *may*
    use; the build serves only those its formulas *do* use (with their italic
    forms, variants and assemblies): about half the bytes, on every page with
    math. The same text gives the same bytes (no timestamp is updated).
    """
    from fontTools.ttLib import TTFont

    if missing := missing_characters(text):
        raise ValueError(f"the formulas use characters the math font lacks: {missing}; add them to CHARACTERS")
    used = set(text) | set(DRAWN_WITHOUT_TEXT) | {" ", "\u00a0"}
    font = TTFont(source, recalcTimestamp=False)
    _keep_only(font, "".join(char for char in font_characters() if char in used or _UPRIGHT.get(char) in used))
    return _save(font, target)


def serve_math_font(characters: str, outdir: Path, doctreedir: Path) -> None:
    """Serve the math font cut down to ``characters`` (every formula's of the written site).

    Sphinx copies the whole font into the output on every build; the cut
    (about a second of fontTools) is kept beside the doctrees under a name made
    of what it was cut from and for, so a rebuild that changed no formula's
    characters copies it back.
    """
    if not characters:
        return
    key = hashlib.sha256(FONT_FILE.read_bytes() + characters.encode("utf-8")).hexdigest()[:16]
    cached = Path(doctreedir) / f"math-font-{key}.woff2"
    if not cached.is_file():
        for stale in Path(doctreedir).glob("math-font-*.woff2"):
            stale.unlink()
        cut_for(characters, cached)
    shutil.copyfile(cached, Path(outdir) / "_static" / FONT_FILE.relative_to(STATIC_DIR))


def _keep_only(font, characters: str) -> None:
    from fontTools import subset as fontsubset

    options = fontsubset.Options()
    options.flavor = "woff2"
    # Only the MATH table's variants are needed; 'ssty' (script-size alternates)
    # would double the file, and browsers do not apply it to MathML scripts.
    options.layout_features = []
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    subsetter = fontsubset.Subsetter(options)
    subsetter.populate(unicodes=[ord(char) for char in characters])
    subsetter.subset(font)


def _save(font, target: Path) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(target)
    return target.stat().st_size


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(f"usage: python {sys.argv[0]} PATH/TO/latinmodern-math.otf")
    print(f"{FONT_FILE}: {subset(Path(sys.argv[1]))} bytes")

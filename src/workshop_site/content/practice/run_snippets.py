"""Run the fix-the-model questions' snippets, each in a fresh namespace, and print their outcomes.

A program, run by the build in its own process (``snippets.SnippetRun``)::

    python -m workshop_site.content.practice.run_snippets SPECS.json > OUTCOMES.json

SPECS.json maps a key to ``{"code": ..., "check": ...}``; the last line of the
output maps each key to ``{"error", "output", "check"}`` (and
``error_in_check`` when the check itself raised). A process of its own: a
snippet that crashes or leaks Keras state cannot touch the build, and Keras
is imported once for all of them.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys


def tidy(text: str) -> str:
    """What the reader is shown: no terminal colours, no machine paths, at most 12 lines."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    text = re.sub(r"(?:/[^\s\"']+/)?site-packages/", "", text)
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    return "\n".join(lines[:12])[:900]


def run_one(spec: dict) -> dict:
    """Run one snippet (seeded, Keras' session cleared) and report how it behaved."""
    namespace = {"__name__": "__snippet__"}
    out = io.StringIO()
    outcome = {"error": None, "output": "", "check": None}
    try:
        import numpy as np

        np.random.seed(0)
        if "keras" in spec["code"]:
            import keras

            keras.backend.clear_session()  # layer names (dense_1...) do not depend on earlier snippets
            keras.utils.set_random_seed(0)
        with contextlib.redirect_stdout(out):
            exec(compile(spec["code"], "<snippet>", "exec"), namespace)  # the site's own questions
    except Exception as error:
        outcome["error"] = tidy(f"{type(error).__name__}: {error}")
    outcome["output"] = tidy(out.getvalue())
    if outcome["error"] is None and spec.get("check"):
        try:
            outcome["check"] = bool(eval(spec["check"], namespace))  # the site's own questions
        except Exception as error:
            outcome["check"] = None
            outcome["error_in_check"] = f"{type(error).__name__}: {error}"
    return outcome


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m workshop_site.content.practice.run_snippets SPECS.json", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as file:
        specs = json.load(file)
    json.dump({key: run_one(spec) for key, spec in specs.items()}, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

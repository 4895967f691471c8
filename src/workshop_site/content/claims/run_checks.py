"""Run every check of the claims' checks file, each from the same seeds, and print their results.

A program, run by the build in its own process (``checks.CheckRun``)::

    python -m workshop_site.content.claims.run_checks CLAIM_CHECKS.py > RESULTS.json

The last line of the output maps each claim id (``check_`` dropped, ``_`` as
``-``) to ``{"ok": true, "values": {name: number}, "seconds"}`` or ``{"ok":
false, "error": text, "seconds"}``. A process of its own: a check that crashes
or leaks library state cannot touch the build, and Keras is imported once for
all of them.
"""

from __future__ import annotations

import importlib.util
import json
import random
import sys
import time
import traceback


def claim_id(function_name: str) -> str:
    return function_name[len("check_"):].replace("_", "-")


def reseed() -> None:
    """Every check starts from the same seeds, whatever ran before it."""
    random.seed(0)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(0)
    if "keras" in sys.modules:
        sys.modules["keras"].backend.clear_session()
        sys.modules["keras"].utils.set_random_seed(0)


def run_one(check) -> dict:
    start = time.perf_counter()
    try:
        value = check()
        result = {"ok": True, "values": {key: float(number) for key, number in (value or {}).items()}}
    except Exception as error:
        text = "".join(traceback.format_exception_only(type(error), error)).strip()
        result = {"ok": False, "error": text[-1500:] or type(error).__name__}
    result["seconds"] = round(time.perf_counter() - start, 3)
    return result


def run_file(path: str) -> dict[str, dict]:
    spec = importlib.util.spec_from_file_location("claim_checks", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    results = {}
    for name, check in list(vars(module).items()):
        if name.startswith("check_") and callable(check):
            reseed()
            results[claim_id(name)] = run_one(check)
    return results


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m workshop_site.content.claims.run_checks CLAIM_CHECKS.py", file=sys.stderr)
        return 2
    json.dump(run_file(argv[0]), sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

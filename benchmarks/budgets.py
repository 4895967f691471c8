"""Budgets: a measured value against a limit, and the summary of all of them."""

from __future__ import annotations

from dataclasses import dataclass

PASS, FAIL, NOT_MEASURED = "PASS", "FAIL", "NOT MEASURED"


@dataclass
class BudgetResult:
    name: str
    status: str  # PASS, FAIL or NOT MEASURED
    measured: str  # the value, formatted with its unit ("" when not measured)
    limit: str  # the budget, formatted, with its direction ("<= 10.0 s")
    reason: str = ""  # why it failed or was not measured

    @property
    def met(self) -> bool:
        return self.status == PASS


def at_most(name: str, value: float | None, limit: float, unit: str = "", *, digits: int = 1,
            why_missing: str = "", detail: str = "") -> BudgetResult:
    """PASS when ``value <= limit``; NOT MEASURED when ``value`` is None (``why_missing`` says why)."""
    return _check(name, value, limit, unit, digits, why_missing, detail, lower_is_better=True)


def at_least(name: str, value: float | None, limit: float, unit: str = "", *, digits: int = 2,
             why_missing: str = "", detail: str = "") -> BudgetResult:
    """PASS when ``value >= limit``; NOT MEASURED when ``value`` is None."""
    return _check(name, value, limit, unit, digits, why_missing, detail, lower_is_better=False)


def _check(name, value, limit, unit, digits, why_missing, detail, *, lower_is_better) -> BudgetResult:
    direction = "<=" if lower_is_better else ">="
    limit_text = f"{direction} {limit:.{digits}f}{unit}"
    if value is None:
        return BudgetResult(name, NOT_MEASURED, "", limit_text, why_missing or "no value")
    met = value <= limit if lower_is_better else value >= limit
    measured = f"{value:.{digits}f}{unit}"
    reason = "" if met else f"{measured} is {'over' if lower_is_better else 'under'} the budget {limit_text}"
    if reason and detail:
        reason = f"{reason} ({detail})"
    return BudgetResult(name, PASS if met else FAIL, measured, limit_text, reason)


def summary(results: list[BudgetResult]) -> str:
    """ "N of M budgets met", then one line per budget not met, with its reason."""
    met = sum(result.met for result in results)
    failed = [result for result in results if result.status == FAIL]
    unmeasured = [result for result in results if result.status == NOT_MEASURED]
    head = f"{met} of {len(results)} budgets met"
    extras = []
    if failed:
        extras.append(f"{len(failed)} failed")
    if unmeasured:
        extras.append(f"{len(unmeasured)} not measured")
    if extras:
        head += f" ({', '.join(extras)})"
    lines = [head]
    lines += [f"  FAIL  {result.name}: {result.reason}" for result in failed]
    lines += [f"  NOT MEASURED  {result.name}: {result.reason}" for result in unmeasured]
    return "\n".join(lines)

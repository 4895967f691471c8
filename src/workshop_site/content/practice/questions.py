"""Questions as authored: the YAML of a ``question`` directive, read and validated.

Every error names the question, what was wrong and what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

KINDS = ("single", "several", "number", "fix")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LETTERS = "ABCDEFGHIJ"
# A question directive in a MyST source: its fence, id and YAML body.
QUESTION_BLOCK = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{question\}[ \t]*(?P<id>\S*)[ \t]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)



@dataclass
class Question:
    """One question as authored (texts are MyST), validated."""

    id: str
    kind: str
    text: str
    see: str
    hint: str
    solution: str
    options: list[dict] = field(default_factory=list)  # single, several, fix: text, correct, why, see
    code: str = ""  # number: Python that sets `answer`
    decimals: int = 0
    snippet: str = ""  # fix
    expect: dict = field(default_factory=dict)  # fix: {"error": text} or {"check": expression}
    body: str = ""  # the YAML as written, for the content hash

    @property
    def correct(self) -> list[int]:
        return [i for i, option in enumerate(self.options) if option["correct"]]


def _text(data: dict, key: str, qid: str, required: bool = True) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(f"question {qid!r}: {key!r} must be non-empty text, got {value!r}")
    return value.strip()


def parse_question(qid: str, body: str) -> Question:
    """Read one question's YAML; raises ValueError naming what is wrong and what was expected."""
    if not ID_PATTERN.match(qid or ""):
        raise ValueError(f"question id must be lower-case words joined by '-', such as 'relu-input', got {qid!r}")
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError as error:
        raise ValueError(f"question {qid!r}: its body is not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise ValueError(f"question {qid!r}: the body must be YAML keys (kind, text, ...), got {type(data).__name__}")
    kind = data.get("kind")
    if kind not in KINDS:
        raise ValueError(f"question {qid!r}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    allowed = {"kind", "text", "see", "hint", "solution"} | {
        "single": {"options"},
        "several": {"options"},
        "number": {"code", "decimals", "right", "wrong"},
        "fix": {"snippet", "faulty", "lines", "expect"},
    }[kind]
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValueError(f"question {qid!r}: unknown key(s) {unknown} for kind {kind!r}; expected {sorted(allowed)}")
    question = Question(
        id=qid,
        kind=kind,
        text=_text(data, "text", qid),
        see=_text(data, "see", qid).lstrip("#"),
        hint=_text(data, "hint", qid),
        solution=_text(data, "solution", qid),
        body=body,
    )
    if kind in ("single", "several"):
        question.options = _options(data.get("options"), qid, question.see)
        n_correct = len(question.correct)
        if kind == "single" and n_correct != 1:
            raise ValueError(f"question {qid!r}: a single-choice question needs exactly 1 correct option, got {n_correct}")
        if kind == "several" and n_correct < 2:
            raise ValueError(f"question {qid!r}: a several-answers question needs at least 2 correct options, got {n_correct}")
    elif kind == "number":
        question.code = _text(data, "code", qid)
        decimals = data.get("decimals")
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 8:
            raise ValueError(f"question {qid!r}: decimals must be an integer from 0 to 8, got {decimals!r}")
        question.decimals = decimals
        question.options = [
            {"text": "", "correct": True, "why": _text(data, "right", qid), "see": question.see},
            {"text": "", "correct": False, "why": _text(data, "wrong", qid), "see": question.see},
        ]
    else:
        question.snippet = _text(data, "snippet", qid)
        n_lines = len(question.snippet.splitlines())
        lines, faulty = data.get("lines"), data.get("faulty")
        if not isinstance(lines, dict) or len(lines) < 2:
            raise ValueError(f"question {qid!r}: lines must map at least 2 line numbers to why each is or is not the fault")
        if faulty not in lines:
            raise ValueError(f"question {qid!r}: faulty must be one of the lines listed in 'lines' {sorted(lines)}, got {faulty!r}")
        for number, why in sorted(lines.items()):
            if not isinstance(number, int) or not 1 <= number <= n_lines:
                raise ValueError(f"question {qid!r}: line numbers must be 1 to {n_lines}, got {number!r}")
            if not isinstance(why, str) or not why.strip():
                raise ValueError(f"question {qid!r}: line {number} needs an explanation, got {why!r}")
            source = question.snippet.splitlines()[number - 1].strip()
            question.options.append({"text": f"Line {number}: `{source}`", "line": number, "correct": number == faulty,
                                     "why": why.strip(), "see": question.see})
        expect = data.get("expect")
        if not isinstance(expect, dict) or len(expect) != 1 or not set(expect) <= {"error", "check"}:
            raise ValueError(f"question {qid!r}: expect must be {{error: 'text of the error'}} or {{check: 'expression'}}, got {expect!r}")
        question.expect = {key: str(value) for key, value in expect.items()}
    return question


def _options(options, qid: str, see: str) -> list[dict]:
    if not isinstance(options, list) or len(options) < 2 or len(options) > len(LETTERS):
        raise ValueError(f"question {qid!r}: options must be a list of 2 to {len(LETTERS)} items, got {options!r}")
    parsed = []
    for index, option in enumerate(options):
        if not isinstance(option, dict) or set(option) - {"text", "correct", "why", "see"}:
            raise ValueError(f"question {qid!r}: option {index + 1} must have text, why and optionally correct and see, got {option!r}")
        correct = option.get("correct", False)
        if not isinstance(correct, bool):
            raise ValueError(f"question {qid!r}: option {index + 1}'s correct must be true or false, got {correct!r}")
        parsed.append({
            "text": _text(option, "text", qid),
            "correct": correct,
            "why": _text(option, "why", qid),
            "see": str(option.get("see") or see).lstrip("#"),
        })
    return parsed


def questions_in_source(source: str) -> list[tuple[str, str]]:
    """The (id, YAML body) of every question directive in a MyST source."""
    return [(match["id"], match["body"]) for match in QUESTION_BLOCK.finditer(source)]



def site_fix_questions(srcdir: Path) -> list[Question]:
    """Every fix-the-model question in the MyST sources below ``srcdir``."""
    questions = []
    for path in sorted(Path(srcdir).rglob("*.md")):
        parts = path.relative_to(srcdir).parts
        if any(part.startswith(("_", ".")) or part == "jupyter_execute" for part in parts[:-1]):
            continue
        source = path.read_text(encoding="utf-8")
        for qid, body in questions_in_source(source) if "{question}" in source else []:
            try:
                question = parse_question(qid, body)
            except ValueError:
                continue  # the directive reports it, with the page and line
            if question.kind == "fix":
                questions.append(question)
    return questions



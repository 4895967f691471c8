"""A program of the build's own that runs beside it: ``python -m MODULE ARGS`` in the background.

The practice snippets and the claims' checks each run in one such process,
started when the build starts so that it runs beside the gallery's examples, at
a lower priority (nice 10), taking only the CPU they leave idle. The program
prints its results as JSON on the last line of its standard output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from sphinx.errors import ExtensionError

from workshop_site.paths import ROOT


class BackgroundProgram:
    """``python -m module *arguments`` running now; ``results()`` waits for its JSON."""

    def __init__(self, module: str, arguments: list[str], *, what: str, timeout: float,
                 files: dict[str, str] | None = None, cwd: Path | None = None):
        """``files`` ({name: text}) are written to a scratch folder first; an argument that names one becomes its path."""
        self.what, self.timeout = what, timeout
        self.folder = tempfile.TemporaryDirectory(prefix="workshop-site-")
        folder = Path(self.folder.name)
        for name, text in (files or {}).items():
            (folder / name).write_text(text, encoding="utf-8")
        arguments = [str(folder / argument) if argument in (files or {}) else argument for argument in arguments]
        self.stdout = open(folder / "out.json", "w+", encoding="utf-8")  # closed in results()
        self.stderr = open(folder / "err.txt", "w+", encoding="utf-8")
        # This checkout's workshop_site, whichever copy is installed.
        python_path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONHASHSEED": "0", "PYTHONPATH": python_path}
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, *arguments],
            stdout=self.stdout, stderr=self.stderr, env=env, cwd=None if cwd is None else str(cwd),
            preexec_fn=lambda: os.nice(10),
        )

    def results(self):
        """The JSON the program printed last, once it has finished."""
        try:
            returncode = self.process.wait(self.timeout)
            self.stdout.seek(0)
            self.stderr.seek(0)
            output, errors = self.stdout.read(), self.stderr.read()
        finally:
            self.stdout.close()
            self.stderr.close()
            self.folder.cleanup()
        if returncode != 0 or not output.strip():
            raise ExtensionError(f"{self.what} failed (exit {returncode}):\n{errors[-3000:]}")
        return json.loads(output.strip().splitlines()[-1])

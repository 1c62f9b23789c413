# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``inspector`` command run in the test's own process, as a shell runs it: the same entry
point, an environment without the developer's ``INSPECTOR_*`` variables (but for those a test
gives), and what a shell sees back: the exit code, stdout and stderr.

A process costs a second or more of imports per call; this costs the command alone. Tests where
the process boundary is what is tested (the installed entry point, a killed process, a file size
limit, a namespace) start a process of their own.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from ui import launcher

# The C library reads TZ again only when told (POSIX; Windows has no tzset and no TZ to follow).
_tzset = getattr(time, "tzset", lambda: None)


@dataclass(frozen=True)
class Ran:
    """What a shell sees of a finished command."""

    returncode: int
    stdout: str
    stderr: str


def inspector(*args: str, **variables: str) -> Ran:
    """Run ``inspector ARGS`` with the environment stripped of ``INSPECTOR_*`` variables but for
    ``variables`` (``TZ`` too: the clock's zone follows it for the command's time)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as env:
        for name in [n for n in os.environ if n.startswith("INSPECTOR_")]:
            env.delenv(name)
        for name, value in variables.items():
            env.setenv(name, value)
        _tzset()
        try:
            with redirect_stdout(out), redirect_stderr(err):
                code = _exit_code(launcher.main(list(args)))
        except SystemExit as exc:  # argparse: --version, --help, a usage error
            code = _exit_code(exc.code, err)
    _tzset()  # the zone as it was
    return Ran(code, out.getvalue(), err.getvalue())


def _exit_code(code: object, err: io.StringIO | None = None) -> int:
    """The status a process exiting with ``code`` (as ``sys.exit`` takes it) gives its shell."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    if err is not None:
        err.write(f"{code}\n")
    return 1


# The commands the follow-up register's README examples use (tested apart from the findings').
REGISTER_COMMANDS = ("recommendations", "follow-up", "reinspect")
LEDGER_COMMANDS = ("ledger", "report", "document", "bundle")


def readme_commands(section: str) -> list[list[str]]:
    """The commands of the README's ``## section``'s ``sh`` blocks, as a shell splits them."""
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return [
        words
        for block in re.findall(r"```sh\n(.*?)```", body, re.S)
        for line in block.splitlines()
        if (words := shlex.split(line, comments=True))
    ]

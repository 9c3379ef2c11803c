"""Running ``python -m repdesk`` as a rep would: a real process, files under a home of the test's own."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.helpers import TODAY_ISO

Run = Callable[..., subprocess.CompletedProcess[str]]
"""``run(*args, extra_env=None)``: one ``repdesk`` command, finished."""


def runner(home: Path) -> Run:
    """A way to run ``python -m repdesk`` with its files under ``home`` and the frozen date."""
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "REPDESK_TODAY": TODAY_ISO,
        "COLUMNS": "120",
    }
    env.pop("REPDESK_DB", None)
    env.pop("REPDESK_DEBUG", None)
    env.pop("REPDESK_PASSPHRASE", None)

    def run(*args: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "repdesk", *args],
            env={**env, **(extra_env or {})},
            # No terminal, as in a script: a command that would ask for a passphrase refuses, never waits.
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )

    return run


def one_line_error(result: subprocess.CompletedProcess[str], code: int | None = None) -> str:
    """The one ``repdesk: ...`` line a failed command prints (exit ``code``, or any failure)."""
    if code is None:
        assert result.returncode != 0
    else:
        assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("repdesk: ")
    return lines[0]

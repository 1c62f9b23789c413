# SPDX-License-Identifier: GPL-3.0-or-later
"""A process killed (SIGKILL) at random moments during export or import: no package under the
final name unless it is whole, and a workspace either before or after the import, never between.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from inspector.fieldwork import evidence
from inspector.store import evidence_store, records
from inspector.store.workspace import Workspace
from inspector.sync import merge, packages
from inspector.trust.identity import trust_roots
from tests.cli_run import inspector
from tests.sync_world import PASSPHRASE, make_base

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
ROUNDS = 8
# The start of an import without the import: its modules loaded, the workspace opened (``list``
# alone loads less than ``import`` does).
IMPORT_START = (
    "import sys; import inspector.cli.sync; from ui.launcher import main;"
    " sys.exit(main(sys.argv[1:]))"
)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Worlds where A has 3,000 more findings and 40 more evidence files, and their package."""
    root = tmp_path_factory.mktemp("kill")
    inspection_id = make_base(root)
    with Workspace.open(root / "a") as a:
        with a.transaction() as db:
            for n in range(3000):
                records.insert(
                    db,
                    a.actor,
                    "findings",
                    {
                        "inspection_id": inspection_id,
                        "kind": "VIOLATION",
                        "title": f"Phát hiện số {n}",
                        "description": "Hồ sơ chậm " * 20,
                        "severity": "2",
                    },
                )
        for n in range(40):
            source = root / f"photo-{n}.jpg"
            source.write_bytes(os.urandom(64 << 10))
            draft = evidence.prepare(a, inspection_id, source, kind="PHOTO")
            digest, size = evidence_store.store_file(a.evidence_dir, source)
            evidence.record(a, draft, digest, size)
    package = root / "a-big.inspkg"
    made = inspector(
        "--home", str(root / "a"), "export", "--out", str(package), INSPECTOR_PASSPHRASE=PASSPHRASE
    )
    assert made.returncode == 0, made.stderr
    return root, package


def _timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, env=env, timeout=300, capture_output=True)
    return time.perf_counter() - started


def _kill_at(args: list[str], env: dict[str, str], delay: float) -> int:
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    return proc.wait(timeout=60)


def test_export_killed_never_leaves_a_partial_package(
    big: tuple[Path, Path], tmp_path: Path
) -> None:
    root, _package = big
    env = {**os.environ, "INSPECTOR_PASSPHRASE": PASSPHRASE}
    rng = random.Random(5)
    for n in range(ROUNDS):
        home = tmp_path / f"a{n}"
        shutil.copytree(root / "a", home)
        out = tmp_path / f"out{n}.inspkg"
        run = [
            sys.executable,
            "-m",
            "ui",
            "--home",
            str(home),
            "export",
            "--all",
            "--out",
            str(out),
        ]
        if n == 0:
            whole = _timed(run, env)
            assert packages.read(out, _roots(root)).kind == "changes"
            continue
        _kill_at(run, env, rng.uniform(0.0, whole * 1.1))
        if out.exists():  # finished before the kill: then it is whole and signed
            assert packages.read(out, _roots(root)).kind == "changes"


def _roots(root: Path) -> list[Any]:
    with Workspace.open(root / "office") as office:
        return trust_roots(office)


def _state(home: Path) -> Any:
    with Workspace.open(home) as ws:
        digest = merge.state_digest(ws.db)
        digest["packages"] = [r[0] for r in ws.db.execute("SELECT package_id FROM packages")]
        return digest


def test_import_killed_leaves_the_workspace_before_or_after_never_between(
    big: tuple[Path, Path], tmp_path: Path
) -> None:
    root, package = big
    env = dict(os.environ)
    before = _state(root / "office")
    done = tmp_path / "done"
    shutil.copytree(root / "office", done)
    run = [sys.executable, "-m", "ui", "--home", str(done), "import", str(package)]
    whole = _timed(run, env)
    startup = _timed([sys.executable, "-c", IMPORT_START, "--home", str(done), "list"], env)
    after = _state(done)
    assert after != before
    rng = random.Random(7)
    seen = {"before": 0, "after": 0}
    for n in range(ROUNDS):
        home = tmp_path / f"office{n}"
        shutil.copytree(root / "office", home)
        run = [sys.executable, "-m", "ui", "--home", str(home), "import", str(package)]
        _kill_at(run, env, rng.uniform(startup * 0.8, whole * 1.05))  # mostly while importing
        state = _state(home)
        assert state in (before, after)
        seen["before" if state == before else "after"] += 1
        # and the import can simply be run again
        subprocess.run(run, check=True, env=env, timeout=300, capture_output=True)
        assert _state(home) == after
    print("kill outcomes", seen)
    assert seen["before"] >= 1  # some kills landed before the commit

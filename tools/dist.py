# SPDX-License-Identifier: GPL-3.0-or-later
"""``make dist``: build the one-folder bundle (PyInstaller, ``build.spec``) from the tree, write its
file list and size into it, print its size and largest parts, smoke-test it from another folder,
and measure its start beside the source install's and a bare PySide6 window's.

The smoke test copies the bundle out of the tree and runs it with a bare environment (no
``PYTHONPATH``, no virtual environment on ``PATH``, another working folder): the windowed app's
self-test (which also checks Vietnamese sorting, upper case and time-zone names: Qt reads them
from ICU's data, which the bundle keeps only in part), then the bundled command line making the
demo (its minutes signed with a number), the app's self-test showing it, copying the signed
minutes out, verifying them, drafting its notice as a Word file and the period
report as a workbook, and importing the demo's signed package into a second workspace. Each
step has a time limit; any failure fails the build, and so does a bundle over the size aim.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inspector import __version__  # noqa: E402

DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / f"inspector-{__version__}"
AIM_MB = 150
STEP_SECONDS = 180  # the time limit of each step of the smoke test
STARTS = 3  # starts measured, the median printed


def build() -> None:
    """Run PyInstaller on ``build.spec`` from a clean work folder."""
    shutil.rmtree(WORK, ignore_errors=True)
    shutil.rmtree(BUNDLE, ignore_errors=True)
    _windows_version()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(WORK), str(ROOT / "build.spec")],
        check=True,
        cwd=ROOT,
    )  # fmt: skip
    print(f"built {BUNDLE.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s")


def _windows_version() -> None:
    """The version resource of the Windows programs and the installer's version, from
    ``inspector.__version__`` (used on Windows only)."""
    numbers = [int(n) for n in re.findall(r"\d+", __version__)[:3]] + [0]
    numbers += [0] * (4 - len(numbers))
    four = ", ".join(str(n) for n in numbers[:4])
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers=({four}), prodvers=({four})),
  kids=[StringFileInfo([StringTable('040904B0', [
    StringStruct('CompanyName', 'Inspector'),
    StringStruct('FileDescription', 'Inspector: surprise checks of social security offices'),
    StringStruct('FileVersion', '{__version__}'),
    StringStruct('ProductName', 'Inspector'),
    StringStruct('ProductVersion', '{__version__}'),
    StringStruct('LegalCopyright', 'GPL-3.0-or-later')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])]
)
"""
    target = ROOT / "build" / "windows-version.txt"
    target.parent.mkdir(exist_ok=True)
    target.write_text(text, encoding="utf-8")
    # and for the installer's script (tools/inspector.iss)
    (ROOT / "build" / "version.iss").write_text(
        f'#define AppVersion "{__version__}"\n', encoding="utf-8"
    )


def _size(path: Path) -> int:
    if path.is_file() or path.is_symlink():
        return path.lstat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def report() -> int:
    """Write the bundle's file list (``FILES.txt``: size and path of each file) into it; print its
    size and its ten largest parts; return its size in bytes."""
    files = sorted(
        (p for p in BUNDLE.rglob("*") if p.is_file() and p.name != "FILES.txt"),
        key=lambda p: str(p.relative_to(BUNDLE)),
    )
    total = sum(p.lstat().st_size for p in files)
    lines = [f"{p.lstat().st_size:>12}  {p.relative_to(BUNDLE).as_posix()}" for p in files]
    lines.append(f"{total:>12}  (the whole folder, {len(files)} files)")
    (BUNDLE / "FILES.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    internal = BUNDLE / "_internal"
    parts = [*internal.iterdir(), *(p for p in BUNDLE.iterdir() if p.name != "_internal")]
    qt = internal / "PySide6" / "Qt" / "lib"
    parts = [p for p in parts if p.name != "PySide6"] + [
        *(p for p in (internal / "PySide6").iterdir() if p.name != "Qt"),
        *(p for p in (internal / "PySide6" / "Qt").iterdir() if p.name != "lib"),
        *(qt.iterdir() if qt.exists() else []),
    ]
    largest = sorted(parts, key=_size, reverse=True)[:10]
    mb = total / 1e6
    print(f"{BUNDLE.relative_to(ROOT)}: {mb:.0f} MB in {len(files)} files (aim: < {AIM_MB} MB)")
    print("  its 10 largest parts:")
    for part in largest:
        print(f"  {_size(part) / 1e6:7.1f} MB  {part.relative_to(BUNDLE).as_posix()}")
    return total


def _bare_env(home: Path) -> dict[str, str]:
    """An environment with nothing of the development tree: no PYTHONPATH, no virtual
    environment, no INSPECTOR_* settings."""
    env = {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin" if os.name != "nt" else os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }
    for key in ("SYSTEMROOT", "TEMP", "TMP"):  # Windows cannot start a program without these
        if key in os.environ:
            env[key] = os.environ[key]
    return env


def programs(folder: Path) -> tuple[str, str]:
    """The bundle's windowed app and its command line (on Windows two programs; elsewhere one
    program is both)."""
    if os.name == "nt":
        return str(folder / "Inspector.exe"), str(folder / "inspector-cli.exe")
    return str(folder / "inspector"), str(folder / "inspector")


def smoke() -> None:
    """Run the copied bundle through the steps of the module's description."""
    with tempfile.TemporaryDirectory(prefix="inspector-smoke-") as tmp:
        where = Path(tmp)
        app = where / "app"
        shutil.copytree(BUNDLE, app, symlinks=True)
        env = _bare_env(where)
        gui, cli = programs(app)

        def run(name: str, *args: str, ok: int = 0) -> str:
            started = time.perf_counter()
            done = subprocess.run(
                list(args), cwd=where, env=env, capture_output=True, text=True,
                timeout=STEP_SECONDS, encoding="utf-8",
            )  # fmt: skip
            if done.returncode != ok:
                raise SystemExit(
                    f"smoke test: {name} ended with {done.returncode}:\n{done.stdout}\n{done.stderr}"
                )
            print(f"  ok  {name} ({time.perf_counter() - started:.1f} s)")
            return done.stdout

        print(f"smoke test of {BUNDLE.name}, copied to a folder of its own, bare environment:")
        said = run("the app's self-test", gui, "--home", str(where / "ws"), "gui", "--self-test")
        said += run("the same, again (an existing workspace)", gui, "--home", str(where / "ws"),
                    "gui", "--self-test")  # fmt: skip
        home = str(where / "ws")
        run("the demo check, its minutes signed with a number", cli, "--home", home, "demo")
        (check,) = json.loads(run("the list of checks", cli, "--home", home, "list", "--json"))
        shown = run("the app's self-test on the demo's workspace", gui, "--home", home, "gui",
                    "--self-test")  # fmt: skip
        assert "(1 inspections)" in shown, shown
        out = str(where / "bien-ban.pdf")
        run("the signed minutes copied out", cli, "--home", home, "minutes", check["id"],
            "--out", out)  # fmt: skip
        verdict = json.loads(
            run(
                "the minutes verified (a demo authority: untrusted here)",
                cli,
                "--home",
                home,
                "verify",
                out,
                "--json",
                ok=1,
            )  # fmt: skip
        )
        signatures = verdict["signatures"] if isinstance(verdict, dict) else verdict
        assert signatures and all(s["intact"] and s["valid"] for s in signatures), verdict
        run("the check's notice of conclusions as a Word file", cli, "--home", home, "document",
            check["id"], "notice", "--out", str(where / "thong-bao.docx"))  # fmt: skip
        run("the period report as a workbook", cli, "--home", home, "report", "--from",
            "2000-01-01", "--to", "2100-12-31", "--out", str(where / "bao-cao.xlsx"))  # fmt: skip
        (package,) = (where / "ws" / "outbox").glob("*.inspkg")
        refused = subprocess.run(
            [cli, "--home", str(where / "ws2"), "import", str(package)],
            cwd=where, env=env, capture_output=True, text=True, timeout=STEP_SECONDS,
        )  # fmt: skip
        fingerprint = re.search(r"--trust ([0-9a-f]{16,})", refused.stderr)
        assert refused.returncode == 1 and fingerprint, refused.stderr
        run("the package imported into a second workspace", cli, "--home", str(where / "ws2"),
            "import", str(package), "--trust", fingerprint.group(1))  # fmt: skip
        listed = json.loads(run("the second workspace's checks", cli, "--home",
                                str(where / "ws2"), "list", "--json"))  # fmt: skip
        assert [c["id"] for c in listed] == [check["id"]], listed


def startup() -> None:
    """The app's start (its self-test: open, show the window, run the loop, quit), bundled beside
    the source install's, and a bare PySide6 window's, each the median of a few."""
    with tempfile.TemporaryDirectory(prefix="inspector-start-") as tmp:
        where = Path(tmp)
        env = _bare_env(where)
        source_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(where)}
        bare = (
            "from PySide6.QtWidgets import QApplication, QWidget\n"
            "from PySide6.QtCore import QTimer\n"
            "app = QApplication([]); w = QWidget(); w.show()\n"
            "QTimer.singleShot(0, app.quit); app.exec()\n"
        )
        runs = {
            "bundled app": ([programs(BUNDLE)[0], "--home", str(where / "a"), "gui",
                             "--self-test"], env),
            "source install": ([sys.executable, "-m", "ui", "--home", str(where / "b"), "gui",
                                "--self-test"], source_env),
            "bare PySide6 window": ([sys.executable, "-c", bare], source_env),
        }  # fmt: skip
        print(f"start-up (median of {STARTS}; offscreen; the app's self-test opens its workspace, "
              "shows the window and keeps it 0.3 s):")  # fmt: skip
        for name, (args, run_env) in runs.items():
            times = []
            for _ in range(STARTS + 1):  # the first warms the disk cache
                started = time.perf_counter()
                subprocess.run(args, env=run_env, cwd=where, capture_output=True, check=True,
                               timeout=STEP_SECONDS)  # fmt: skip
                times.append(time.perf_counter() - started)
            print(f"  {name:22s} {statistics.median(times[1:]) * 1000:7.0f} ms")


def main() -> int:
    if "--no-build" not in sys.argv:
        build()
    size = report()
    if size >= AIM_MB * 1e6:
        print(f"the bundle is {size / 1e6:.0f} MB, over the aim of {AIM_MB} MB: its largest parts "
              "are above, and what it leaves out is in build.spec", file=sys.stderr)  # fmt: skip
        return 1
    smoke()
    startup()
    return 0


if __name__ == "__main__":
    sys.exit(main())

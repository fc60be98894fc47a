"""The wheel ships the default playbook: `winwin check` works installed, far from the checkout.

Builds the wheel without a network (`--no-isolation`, hatchling from the test extras), installs
it into a fresh virtual environment whose only other packages are this environment's (so
dependencies resolve offline), and checks example deals from a directory outside the checkout.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, TODAY

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("build") is None or importlib.util.find_spec("hatchling") is None,
    reason="building a wheel needs the 'build' and 'hatchling' packages (pip install -e '.[test]')",
)


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False, env=env
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = _run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, ROOT, cwd=out)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    [found] = out.glob("winwin_cli-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel; this environment's site-packages supply the dependencies."""
    venv = tmp_path_factory.mktemp("venv")
    made = _run(sys.executable, "-m", "venv", venv, cwd=venv)
    assert made.returncode == 0, made.stderr
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=venv)
    # A plain path line: the directory joins sys.path but its own .pth files (such as this
    # checkout's editable install) are not processed, so only the wheel provides winwin_cli.
    dependencies = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(purelib.stdout.strip(), "_winwin_test_deps.pth").write_text("\n".join(sorted(dependencies)) + "\n")
    pip = _run(python, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", wheel, cwd=venv)
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    return venv


def test_wheel_contains_the_playbook(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "winwin = winwin_cli.cli:main" in archive.read(entry_points).decode()
    shipped = {f"winwin_cli/rules/{p.name}" for p in (ROOT / "rules").glob("*.yaml")}
    assert "winwin_cli/rules/playbook.yaml" in shipped
    assert shipped <= names
    assert {"winwin_cli/__init__.py", "winwin_cli/cli/app.py", "winwin_cli/load.py"} <= names
    assert not any(n.startswith(("tests/", "examples/")) for n in names)


def test_installed_winwin_checks_deals_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    bindir = installed / ("Scripts" if os.name == "nt" else "bin")
    work = tmp_path / "elsewhere"
    work.mkdir()
    for name in ("standard-hooli.yaml", "renewal-globex.yaml"):
        shutil.copy(EXAMPLES / name, work / name)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(COLUMNS="100", NO_COLOR="1")

    where = _run(bindir / "python", "-c", "import winwin_cli; print(winwin_cli.__file__)", cwd=work, env=env)
    assert Path(where.stdout.strip()).is_relative_to(installed), where.stdout + where.stderr

    version = _run(bindir / "winwin", "--version", cwd=work, env=env)
    assert version.returncode == 0
    assert version.stdout.startswith("winwin ")

    result = _run(bindir / "winwin", "check", "--format", "json", "--today", TODAY, ".", cwd=work, env=env)
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["errors"] == []
    verdicts = {d["id"]: (d["verdict"], d["playbook"]) for d in report["deals"]}
    assert verdicts == {"HOOLI-2026-007": ("pass", "default@1"), "GLOBEX-2026-022": ("fail", "default@1")}
    rules = [f["rule"] for d in report["deals"] for f in d["findings"]]
    assert rules == ["WW202", "WW203", "WW204", "WW503"]

    text = _run(bindir / "winwin", "check", "--today", TODAY, "standard-hooli.yaml", cwd=work, env=env)
    assert text.returncode == 0, text.stderr
    assert "Verdict: pass" in text.stdout

"""The package as a wheel: built from the source tree, complete, installed in a fresh virtual environment,
started.

``pip install .`` and ``pipx install .`` install the wheel, not the source tree: what the wheel lacks (a
module, the référentiel, a font), such an installation lacks. The fresh environment gets the application from
the wheel and its libraries from the test environment (a path file), so the test needs no network; the
fresh-machine check of ``.ci/run`` installs the same way from the package registry.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def source_files() -> set[str]:
    """What the wheel must carry: every file of the package and of resources/, under their installed names."""
    wanted = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "accomp_desktop").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    wanted |= {
        "accomp_desktop/assets/" + str(path.relative_to(ROOT / "resources"))
        for path in (ROOT / "resources").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    return wanted


def test_the_wheel_carries_every_module_and_resource_and_the_installed_application_works(
    tmp_path: Path,
) -> None:
    # Built from a copy: setuptools would otherwise reuse build/lib, where files of earlier builds linger.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".mypy_cache", ".pytest_cache"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path / "wheel"),
            str(source),
        ],
        check=True,
        capture_output=True,
        text=True,
        env=dict(os.environ, PIP_NO_INDEX="1"),
    )
    (wheel,) = (tmp_path / "wheel").glob("accomp_desktop-*.whl")
    carried = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(source_files() - carried)
    assert not missing, f"the wheel lacks {missing}"

    fresh = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(fresh)], check=True)
    python = fresh / "bin" / "python"
    fresh_site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # The libraries, not the application: a path line does not run the test environment's own path files, so
    # its editable install of the source tree stays out.
    (fresh_site / "libraries.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        text=True,
    )

    elsewhere = tmp_path / "elsewhere"  # not the source tree: nothing may be found beside the current folder
    elsewhere.mkdir()
    located = subprocess.run(
        [
            str(python),
            "-c",
            "import accomp_desktop.resources as r; print(r.__file__); "
            "print(r.resource_path('referentiel.toml')); print(r.resource_path('fonts/DejaVuSans.ttf'))",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=elsewhere,
    ).stdout.split()
    assert all(Path(line).is_relative_to(fresh) for line in located), located

    smoke = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "smoke_test.py"), str(fresh / "bin" / "accomp-desktop")],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        timeout=600,
    )
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert "plan imprimé" in smoke.stdout

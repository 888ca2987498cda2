"""The wheel installs ONE import package, `kg`: loaders/, queries/ and viz/ land as kg.loaders,
kg.queries and kg.viz, with their data files; nothing named `loaders` or `viz` in site-packages."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    src = tmp_path_factory.mktemp("src")
    # build from a copy of the tracked tree, so the test never writes build/ into the project
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split()
    for f in files:
        if (ROOT / f).is_file():
            (src / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, src / f)
    out = tmp_path_factory.mktemp("dist")
    code = "import sys; from setuptools import build_meta; print(build_meta.build_wheel(sys.argv[1]))"
    res = subprocess.run([sys.executable, "-c", code, str(out)], cwd=src, check=True, capture_output=True, text=True)
    BUILD_LOG.append(res.stderr)
    return zipfile.ZipFile(next(out.glob("kg-*.whl")))


BUILD_LOG: list[str] = []


def test_build_is_quiet(wheel: zipfile.ZipFile) -> None:
    """No setuptools warning (each would print ~40 lines in every install)."""
    assert "Warning" not in BUILD_LOG[0] and "is absent from the `packages`" not in BUILD_LOG[0], BUILD_LOG[0][:2000]


@pytest.fixture(scope="module")
def wheel_names(wheel: zipfile.ZipFile) -> list[str]:
    return wheel.namelist()


def test_only_kg_is_installed(wheel_names: list[str]) -> None:
    tops = {n.split("/")[0] for n in wheel_names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"kg"}


def test_subpackages_and_their_data_are_in_the_wheel(wheel_names: list[str]) -> None:
    names = set(wheel_names)
    assert {"kg/loaders/__init__.py", "kg/queries/__init__.py", "kg/viz/__init__.py",
            "kg/schema/nodes.yaml", "kg/schema/relationships.yaml", "kg/queries/ready.yaml"} <= names
    assert len([n for n in names if n.startswith("kg/queries/") and n.endswith(".cypher")]) >= 11
    assert [n for n in names if n.startswith("kg/extract/data/") and n.endswith(".yaml")]
    assert [n for n in names if n.startswith("kg/viz/templates/")]
    assert [n for n in names if n.startswith("kg/viz/assets/")]


def test_console_script_is_declared(wheel: zipfile.ZipFile) -> None:
    ep = next(n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt"))
    assert "kg = kg.cli_start:main" in wheel.read(ep).decode()

"""`_readers.py` is what `fastvalidate` generates from its field tables, and is used only while it is.

After changing a table or the generator, write the module again:

    WINWIN_UPDATE_GOLDEN=1 python -m pytest tests/test_readers.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from winwin_cli import _readers, fastvalidate

READERS = Path(_readers.__file__)
UPDATE = os.environ.get("WINWIN_UPDATE_GOLDEN") == "1"
REGENERATE = "WINWIN_UPDATE_GOLDEN=1 python -m pytest tests/test_readers.py"


def assert_current(path: Path) -> None:
    """The guard: `path` holds, byte for byte, what `fastvalidate` generates now."""
    assert path.read_bytes() == fastvalidate.module_text().encode(), (
        f"{path} is stale: write it again with `{REGENERATE}`"
    )


def test_the_checked_in_module_is_what_fastvalidate_generates() -> None:
    if UPDATE:
        READERS.write_bytes(fastvalidate.module_text().encode())
    assert_current(READERS)


# What a copy of the package makes of its `_readers.py`: its readers, those it compiled itself,
# the module it generates, and whether its readers still read and refuse what they must.
PROBE = """
import json, random, sys
from pathlib import Path
from winwin_cli import fastvalidate
from winwin_cli.load import load
from winwin_cli.playbook import load_playbook
sys.path.insert(0, sys.argv[1] + "/benchmarks")
from generate import deal

standard = load_playbook(Path(sys.argv[1], "rules")).standard
data = load(deal(random.Random(0), 0)).data
readers = [*fastvalidate._MODELS, fastvalidate._read_deal]
print(json.dumps({
    "readers": sorted(r.__qualname__.split(".")[0] for r in readers),
    "compiled": sorted(
        r.__qualname__.split(".")[0] for r in readers if r.__code__.co_filename.startswith("<fastvalidate")
    ),
    "text": fastvalidate.module_text(),
    "valid deal read": fastvalidate.read(data, standard) is not None,
    "unknown key refused": fastvalidate.read({**data, "unknown": "1"}, standard) is None,
    "split read": type(fastvalidate._split({"counterparty": "40", "vendor": "60"})[0]).__name__,
}))
"""


def probe(package: Path) -> dict[str, Any]:
    process = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT)],
        env={**os.environ, "PYTHONPATH": str(package.parent)},
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(process.stdout)
    return result


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of the package, whose `_readers.py` a test may spoil."""
    copy = tmp_path / "winwin_cli"
    shutil.copytree(READERS.parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def spoil(path: Path, factory: str, old: str, new: str) -> None:
    """Replace `old` with `new` in the text of one factory of the module at `path`."""
    blocks = path.read_text(encoding="utf-8").split("\n\n\ndef ")
    (n,) = [n for n, block in enumerate(blocks) if block.startswith(f"{factory}(")]
    assert blocks[n].count(old) == 1
    blocks[n] = blocks[n].replace(old, new)
    path.write_text("\n\n\ndef ".join(blocks), encoding="utf-8")


def test_an_untouched_copy_takes_every_factory_from_its_module(package: Path) -> None:
    result = probe(package)
    assert len(result["readers"]) == len(fastvalidate._FIELDS_OF)
    assert result["compiled"] == []
    assert result["valid deal read"]
    assert result["unknown key refused"]
    assert result["split read"] == "Split"


def test_a_stale_factory_is_compiled_anew_and_the_guard_fails(package: Path) -> None:
    # As if the deal's table had changed and the module not been written again: were the stale
    # factory used, the deal's reader would take an unknown key.
    readers = package / "_readers.py"
    spoil(readers, "deal", " or not names.issuperset(raw)", "")
    with pytest.raises(AssertionError, match="is stale"):
        assert_current(readers)
    result = probe(package)
    assert result["compiled"] == ["deal"]  # the factories before it are still exactly generated
    assert result["unknown key refused"]
    assert result["valid deal read"]


def test_a_factory_bound_again_further_down_is_not_taken(package: Path) -> None:
    readers = package / "_readers.py"
    readers.write_text(readers.read_text(encoding="utf-8") + "\n\nsplit = initiative\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="is stale"):
        assert_current(readers)
    result = probe(package)
    assert result["compiled"] == ["split"]
    assert result["split read"] == "Split"


@pytest.mark.parametrize("damage", ["missing", "not python"])
def test_without_a_usable_module_every_reader_is_compiled_and_the_module_generated_byte_for_byte(
    package: Path, damage: str
) -> None:
    readers = package / "_readers.py"
    if damage == "missing":
        readers.unlink()
    else:
        readers.write_text("def split(\n", encoding="utf-8")
    result = probe(package)
    assert result["compiled"] == result["readers"]
    assert result["valid deal read"]
    assert result["unknown key refused"]
    assert result["text"].encode() == READERS.read_bytes()

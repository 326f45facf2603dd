"""The packed mlplugin wheel comes from the cache only when it would be the same bytes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from scaffold import _wheelhouse
from scaffold._wheelhouse import pack_running_mlplugin


def _cached_wheels(cache: Path) -> list[Path]:
    return sorted((cache / "wheels").glob("*/*.whl"))


#: (MLPLUGIN_NO_CACHE value, whether the cache is used)
SETTINGS = [
    pytest.param(None, True, id="cache-on"),
    pytest.param("0", True, id="zero-means-on"),
    pytest.param("1", False, id="cache-off"),
]


@pytest.mark.parametrize(("no_cache", "used"), SETTINGS)
def test_cached_wheel_is_the_packed_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_cache: str | None, used: bool
) -> None:
    """A second pack (from the cache, when on) writes the bytes of the first, fresh pack."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("MLPLUGIN_CACHE_DIR", str(cache))
    if no_cache is not None:
        monkeypatch.setenv("MLPLUGIN_NO_CACHE", no_cache)
    first = pack_running_mlplugin(tmp_path / "one").read_bytes()
    assert len(_cached_wheels(cache)) == (1 if used else 0)
    second = pack_running_mlplugin(tmp_path / "two").read_bytes()
    monkeypatch.setenv("MLPLUGIN_NO_CACHE", "1")
    fresh = pack_running_mlplugin(tmp_path / "three").read_bytes()
    assert first == second == fresh


def test_changed_member_is_packed_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When any file that goes into the wheel changes, the cached wheel is not used."""
    monkeypatch.setenv("MLPLUGIN_CACHE_DIR", str(tmp_path / "cache"))
    pack_running_mlplugin(tmp_path / "before")
    extra = tmp_path / "extra.py"
    extra.write_text("VALUE = 1\n")
    files = _wheelhouse._package_files()
    monkeypatch.setattr(
        _wheelhouse, "_package_files", lambda: {**files, "scaffold/_extra.py": extra}
    )
    after = pack_running_mlplugin(tmp_path / "after")
    with zipfile.ZipFile(after) as wheel:
        assert wheel.read("scaffold/_extra.py") == b"VALUE = 1\n"
    assert len(_cached_wheels(tmp_path / "cache")) == 2


def test_tree_lists_what_rglob_lists(tmp_path: Path) -> None:
    """The packed file list: every file but bytecode and __pycache__, links to dirs left out."""
    root = tmp_path / "pkg"
    (root / "sub" / "__pycache__").mkdir(parents=True)
    for name in ("a.py", "sub/b.txt", "sub/c.pyc", "sub/__pycache__/d.pyc", ".hidden"):
        (root / name).write_text(name)
    (root / "linked").symlink_to(root / "sub", target_is_directory=True)
    assert dict(_wheelhouse._tree(root, "pkg")) == {
        "pkg/.hidden": root / ".hidden",
        "pkg/a.py": root / "a.py",
        "pkg/sub/b.txt": root / "sub" / "b.txt",
    }


def test_unreadable_module_packs_without_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the cache key cannot be made, the wheel is packed afresh and nothing is cached."""
    monkeypatch.setenv("MLPLUGIN_CACHE_DIR", str(tmp_path / "cache"))
    fresh = pack_running_mlplugin(tmp_path / "one").read_bytes()
    monkeypatch.setattr(_wheelhouse, "__file__", str(tmp_path / "missing" / "_wheelhouse.py"))
    assert pack_running_mlplugin(tmp_path / "two").read_bytes() == fresh
    assert len(_cached_wheels(tmp_path / "cache")) == 1

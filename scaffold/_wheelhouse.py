"""The mlplugin wheel a generated project carries in ``wheelhouse/``, packed from what is running.

mlplugin is on no package index yet. A generated project's tox environments, CI workflow and
README install it with ``--find-links wheelhouse``, so the project carries the wheel of the
mlplugin that generated it, and works on any machine it is pushed to, with no local path in
any file and a plain ``mlplugin>=X`` requirement in its published metadata.

pip keeps no copy of the wheel it installed, and an editable install from a clone has none.
Building one would need the build backend (hatchling) and possibly the network. Instead the
wheel is packed here from the code that is running: the ``scaffold`` and ``reference_core``
packages as imported, the templates (already inside ``scaffold/_templates`` in an installed
wheel; the checkout's ``templates/`` otherwise, placed where the build config puts them) and
the installed distribution's METADATA, entry points and license files. That is offline and
deterministic: fixed timestamps and sorted entries, so the same mlplugin always writes the
same bytes -- which lets the compressed wheel be kept in mlplugin's cache, keyed by its
``RECORD``, and copied from there the next time.

Failures: without installed ``mlplugin`` metadata (a bare checkout on ``sys.path``) there is
nothing to describe the wheel, and :class:`~scaffold.EnvironmentProblem` says to install it.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import sys
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from scaffold._cache import cache_enabled, cache_root, read_entry, write_entry
from scaffold._errors import EnvironmentProblem
from scaffold._templates import templates_root

__all__ = ["pack_running_mlplugin", "wheel_name"]

_PACKAGES = ("scaffold", "reference_core")
_EPOCH = (1980, 1, 1, 0, 0, 0)
_SKIP_DIRS = {"__pycache__"}
_SKIP_SUFFIXES = {".pyc", ".pyo"}


def _metadata_files() -> tuple[str, dict[str, bytes]]:
    """The installed distribution's version and the dist-info files a wheel carries."""
    from importlib import metadata

    try:
        dist = metadata.distribution("mlplugin")
    except metadata.PackageNotFoundError as error:
        raise EnvironmentProblem(
            what="mlplugin is not installed, so its wheel cannot be packed for wheelhouse/",
            fix="install it from the clone (pip install -e .) or from its wheel",
        ) from error
    files: dict[str, bytes] = {}
    for name in ("METADATA", "entry_points.txt"):
        text = dist.read_text(name)
        if text is not None:
            files[name] = text.encode("utf-8")
    for path in dist.files or ():
        parts = path.parts
        if len(parts) >= 3 and parts[0].endswith(".dist-info") and parts[1] == "licenses":
            files["/".join(parts[1:])] = Path(str(path.locate())).read_bytes()
    return dist.version, files


def _tree(root: Path, prefix: str) -> Iterator[tuple[str, Path]]:
    """Every file below ``root`` as (archive name, path); links to directories are left out
    (``os.walk`` lists them with the directories and does not follow them)."""
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS]
        base = Path(folder)
        inner = base.relative_to(root).as_posix()
        for name in names:
            path = base / name
            if path.suffix in _SKIP_SUFFIXES:
                continue
            yield f"{prefix}/{name}" if inner == "." else f"{prefix}/{inner}/{name}", path


def _package_files() -> dict[str, Path]:
    import importlib.util

    files: dict[str, Path] = {}
    for package in _PACKAGES:  # located, not imported: reference_core's import is costly
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            raise EnvironmentProblem(
                what=f"mlplugin's package {package} cannot be found",
                fix="Reinstall mlplugin from its clone or wheel.",
            )
        files.update(_tree(Path(spec.origin).resolve().parent, package))
    if not any(name.startswith("scaffold/_templates/") for name in files):
        files.update(_tree(templates_root(), "scaffold/_templates"))
    return files


def wheel_name(version: str) -> str:
    """The file name of the packed wheel for mlplugin ``version``."""
    return f"mlplugin-{version.replace('-', '_')}-py3-none-any.whl"


def _record_line(name: str, data: bytes) -> str:
    """One ``RECORD`` row, CSV-quoted: template file names hold commas and quotes."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([name, f"sha256={digest}", len(data)])
    return out.getvalue()


def _entries(version: str, meta: dict[str, bytes]) -> list[tuple[str, bytes]]:
    """Every member of the wheel, in order, ``RECORD`` last."""
    dist_info = f"mlplugin-{version.replace('-', '_')}.dist-info"
    entries: list[tuple[str, bytes]] = [
        (name, path.read_bytes()) for name, path in sorted(_package_files().items())
    ]
    meta["WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: mlplugin (packed from the running installation)\n"
        b"Root-Is-Purelib: true\nTag: py3-none-any\n"
    )
    entries += [(f"{dist_info}/{name}", data) for name, data in sorted(meta.items())]
    record = "".join(_record_line(name, data) + "\n" for name, data in entries)
    record += f"{dist_info}/RECORD,,\n"
    entries.append((f"{dist_info}/RECORD", record.encode("utf-8")))
    return entries


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            # level 1: a fraction of the default's time for a few per cent more bytes
            wheel.writestr(info, data, compresslevel=1)
    return buffer.getvalue()


def _cache_key(entries: list[tuple[str, bytes]]) -> str:
    """What decides the wheel's bytes: its RECORD (every member's name, digest and size),
    this module (how members are zipped), and the zlib and Python that compress them."""
    digest = hashlib.sha256(entries[-1][1])
    digest.update(Path(__file__).read_bytes())
    digest.update(f"\0{zlib.ZLIB_RUNTIME_VERSION}\0{sys.version}".encode())
    return digest.hexdigest()[:32]


def pack_running_mlplugin(directory: Path) -> Path:
    """Write the running mlplugin as a wheel into ``directory``; return the wheel's path.

    The members are read every time; compressing them is done once per content and
    kept in mlplugin's cache (:mod:`scaffold._cache`), keyed by the wheel's ``RECORD``.
    """
    version, meta = _metadata_files()
    entries = _entries(version, meta)
    name = wheel_name(version)
    cached = None
    if cache_enabled():
        try:
            cached = cache_root() / "wheels" / _cache_key(entries) / name
        except OSError:  # this module cannot be read as a file: pack without the cache
            cached = None
    data = read_entry(cached) if cached is not None else None
    if data is None:
        data = _zip(entries)
        if cached is not None:
            write_entry(cached, data)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    target.write_bytes(data)
    return target

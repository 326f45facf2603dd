"""Why importing an entry point failed: the plugin's own bug, a dependency, or the host.

The loader (:mod:`reference_core._loader`) asks :func:`classify_load` about every
exception raised while importing an entry point's module. The answer is a check ID of
verify's load step: MLP401 (the plugin's own code), MLP402 (an import of a distribution
the plugin does not declare), MLP403 (a broken dependency, or a host module the
reference core does not provide), MLP406 (a ``BaseException``), MLP407 (the module is not
in the distribution). :class:`PluginFiles` knows which files and import names belong to
the plugin. Nothing here raises.
"""

from __future__ import annotations

import contextlib
import os
import traceback
from importlib import metadata
from pathlib import Path
from typing import Optional

from ._events import LoaderConfig

__all__ = ["HOST_PROVIDED", "PluginFiles", "classify_load"]

#: Distributions the trainer brings along; a plugin must not pull them in.
HOST_PROVIDED = ("mlagents", "mlagents-envs", "torch", "tensorboard")
_SHIMMED = {"mlagents", "mlagents_envs"}
_HOST_ONLY = {name.replace("-", "_") for name in HOST_PROVIDED} - _SHIMMED


class PluginFiles:
    """Which files and top-level names belong to the plugin under test."""

    def __init__(self, config: LoaderConfig) -> None:
        self.declared = set(config.declared)
        self.files: set[str] = set()
        self.tops: set[str] = set()
        self.entry_points = list(config.entry_points)
        dist = None
        if config.distribution:
            with contextlib.suppress(metadata.PackageNotFoundError):
                dist = metadata.distribution(config.distribution)
        if dist is not None:
            for file in dist.files or ():
                parts = file.parts
                if parts and not parts[0].endswith((".dist-info", ".data")) and parts[0] != "..":
                    self.tops.add(parts[0][:-3] if parts[0].endswith(".py") else parts[0])
                    self.files.add(os.path.realpath(str(dist.locate_file(file))))
            own = [(ep.name, ep.value) for ep in dist.entry_points if ep.group == config.group]
            self.entry_points = own or self.entry_points
        # An unbuilt project (``mlplugin new``'s check): its source roots are the plugin.
        self.roots = [os.path.realpath(p) + os.sep for p in config.source_roots]
        for root in self.roots:
            with contextlib.suppress(OSError):
                for name in (p.name for p in Path(root).iterdir()):
                    stem = name[:-3] if name.endswith(".py") else name
                    if stem.isidentifier():
                        self.tops.add(stem)

    def owns(self, filename: str) -> bool:
        """Whether ``filename`` is part of the plugin (not of a dependency)."""
        real = os.path.realpath(filename)
        if real in self.files:
            return True
        return "site-packages" not in real and any(real.startswith(r) for r in self.roots)

    @staticmethod
    def provider(top: str) -> Optional[str]:
        """The canonical name of the distribution providing import name ``top``, if any."""
        try:
            mapping = metadata.packages_distributions()
        except AttributeError:  # Python 3.9
            mapping = {}
            for dist in metadata.distributions():
                for line in (dist.read_text("top_level.txt") or "").split():
                    mapping.setdefault(line, []).append(dist.metadata["Name"])
        names = mapping.get(top) or []
        return names[0].replace("_", "-").replace(".", "-").lower() if names else None


def _missing_module(  # noqa: PLR0911 - one return per classification reads best
    exc: ModuleNotFoundError, module: str, plugin: PluginFiles, *, in_plugin: bool
) -> tuple[str, str, str]:
    """Classify a ``ModuleNotFoundError``: the plugin's bug, a missing dependency, the host."""
    missing = exc.name or ""
    top = missing.split(".")[0]
    if missing and (module == missing or module.startswith(missing + ".")):
        return (
            "MLP407",
            (
                f"module {module!r} is not in the installed distribution "
                f"(No module named {missing!r})"
            ),
            "",
        )
    if top in plugin.tops:
        return (
            "MLP401",
            (
                f"importing {module!r} failed: the plugin imports {missing!r}, "
                "which its own package does not contain"
            ),
            "",
        )
    if top in _SHIMMED:
        return (
            "MLP403",
            (
                f"{module!r} imports {missing!r}, which the reference core does "
                "not provide (it covers the modules stats-writer plugins use)"
            ),
            (
                "Import the host API from mlagents.trainers.stats / settings, or verify "
                "the plugin in an environment with the real mlagents installed."
            ),
        )
    if top in _HOST_ONLY:
        return (
            "MLP403",
            (f"{module!r} imports {top!r}, which the host provides and verify does not install"),
            (
                "Import it lazily inside the writer, or verify "
                "in an environment where the host is installed (--installed)."
            ),
        )
    provider = plugin.provider(top)
    if (provider is not None and provider in plugin.declared) or not in_plugin:
        return (
            "MLP403",
            f"the dependency providing {top!r} is broken: No module named {missing!r}",
            "",
        )
    if {top.lower().replace("_", "-"), top.lower().replace("_", "")} & plugin.declared:
        return "MLP403", f"{top!r} is declared but could not be imported", ""
    return (
        "MLP402",
        (f"{module!r} imports {top!r}, which is not among the plugin's declared dependencies"),
        (
            f"Add the distribution that provides {top!r} to "
            "[project] dependencies (or install_requires)."
        ),
    )


def classify_load(exc: BaseException, module: str, plugin: PluginFiles) -> tuple[str, str, str]:
    """(check_id, message, fix) for an exception raised while importing ``module``."""
    if not isinstance(exc, Exception):
        return "MLP406", f"importing {module!r} raised {type(exc).__name__}: {exc}", ""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if not f.filename.startswith("<frozen") and "importlib" not in f.filename
    ]
    innermost = frames[-1].filename if frames else ""
    in_plugin = plugin.owns(innermost) if innermost else False
    if isinstance(exc, ModuleNotFoundError):
        return _missing_module(exc, module, plugin, in_plugin=in_plugin)
    if isinstance(exc, SyntaxError) and exc.filename and plugin.owns(exc.filename):
        return "MLP401", f"{module!r} has a syntax error: {exc.msg} (line {exc.lineno})", ""
    if any(plugin.owns(f.filename) for f in frames) and (
        in_plugin or not isinstance(exc, ImportError)
    ):
        return "MLP401", f"importing {module!r} raised {type(exc).__name__}: {exc}", ""
    if isinstance(exc, ImportError) or (innermost and not in_plugin and frames):
        return "MLP403", f"a dependency of {module!r} failed to import: {exc}", ""
    return "MLP401", f"importing {module!r} raised {type(exc).__name__}: {exc}", ""

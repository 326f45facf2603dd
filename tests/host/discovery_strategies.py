"""Hypothesis strategies for sets of installed stats-writer plugins, and their files.

Each example is a list of distributions, each a synthesised ``.dist-info`` folder (name,
version, ``entry_points.txt``) plus its plugin module, whose registration functions
return what authors really return -- lists, empty lists, tuples, generators, ``None``,
a single writer, a dict, strings -- or raise, take no argument, call ``sys.exit``, or
whose module fails to import, or whose entry point names a missing module or attribute.
Names repeat across distributions under different spellings (``plug-a``, ``plug_a``,
``Plug.A``) with different versions, so duplicates are part of the space; the folder
name is the metadata ``Name`` escaped as installers write it (``Plug_A-1.2.dist-info``)
or, now and then, spelled as it is (``plug-a-1.2.dist-info``, which the stdlib reads as
a distribution named ``plug``): both hosts de-duplicate by the folder, not ``Name``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

FUNCTIONS = {
    "list": "def {f}(run_options):\n    return [{cls}(), {cls}()]\n",
    "empty": "def {f}(run_options):\n    return []\n",
    "tuple": "def {f}(run_options):\n    return ({cls}(),)\n",
    "generator": "def {f}(run_options):\n    return ({cls}() for _ in range(1))\n",
    "none": "def {f}(run_options):\n    return None\n",
    "single": "def {f}(run_options):\n    return {cls}()\n",
    "dict": "def {f}(run_options):\n    return {{'w': {cls}()}}\n",
    "strings": "def {f}(run_options):\n    return ['not a writer']\n",
    "raises": "def {f}(run_options):\n    raise RuntimeError('boom in {f}')\n",
    "noarg": "def {f}():\n    return [{cls}()]\n",
    "exit": "def {f}(run_options):\n    sys.exit(3)\n",
}
HEADER = (
    "import sys\n"
    "from mlagents.trainers.stats import StatsWriter\n\n\n"
    "class {cls}(StatsWriter):\n"
    "    def write_stats(self, category, values, step):\n"
    "        pass\n\n\n"
)

entry_point = st.tuples(
    st.sampled_from(["writer", "csv", "extra"]),
    st.sampled_from([*FUNCTIONS, *FUNCTIONS, "missing-attribute", "missing-module"]),
    st.booleans(),  # with an "[extra]" suffix
)
distribution = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["plug-a", "plug_a", "Plug.A", "plug-b", "other"]),
        "broken_import": st.sampled_from([False, False, False, False, True]),
        "escaped_folder": st.sampled_from([True, True, False]),
        "entry_points": st.lists(entry_point, min_size=1, max_size=3),
    }
)
sites = st.lists(distribution, min_size=1, max_size=4)


def write_site(site: Path, dists: list[dict[str, Any]], tag: str) -> None:
    """Write the distributions' ``.dist-info`` folders and plugin modules into ``site``."""
    for index, dist in enumerate(dists):
        module = f"fidplug_{tag}_{index}"
        cls = f"Writer{tag.capitalize()}N{index}"
        folder = re.sub(r"[-_.]+", "_", dist["name"]) if dist["escaped_folder"] else dist["name"]
        info = site / f"{folder}-1.{index}.dist-info"
        info.mkdir(parents=True)
        metadata = f"Metadata-Version: 2.1\nName: {dist['name']}\nVersion: 1.{index}\n"
        (info / "METADATA").write_text(metadata, encoding="utf-8")
        lines = ["[mlagents.stats_writer]"]
        source = HEADER.format(cls=cls)
        if dist["broken_import"]:
            source = f"raise ImportError('{module} cannot be imported')\n"
        for number, (name, kind, extra) in enumerate(dist["entry_points"]):
            function = f"register_{number}"
            if kind == "missing-attribute":
                value = f"{module}:not_there"
            elif kind == "missing-module":
                value = f"absent_{module}:register"
            else:
                value = f"{module}:{function}"
                if not dist["broken_import"]:
                    source += FUNCTIONS[kind].format(f=function, cls=cls) + "\n"
            lines.append(f"{name} = {value}" + (" [fast]" if extra else ""))
        (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (site / f"{module}.py").write_text(source, encoding="utf-8")

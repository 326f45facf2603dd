from setuptools import setup

PLUGINS = {"writer": "get_writers"}

setup(
    name="broken-setup-py-computed-entry-points",
    version="0.1.0",
    packages=["broken_setup_py_computed_entry_points"],
    entry_points={
        "mlagents.stats_writer": [
            f"{name}=broken_setup_py_computed_entry_points:{func}" for name, func in PLUGINS.items()
        ]
    },
)

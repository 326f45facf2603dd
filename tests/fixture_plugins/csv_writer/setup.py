from setuptools import setup

# The group string is spelled out: importing it from mlagents here would break
# isolated builds.
setup(
    name="mlagents-csv-stats",
    version="0.3.1",
    description="Write ML-Agents training summaries to CSV files",
    packages=["mlagents_csv_stats"],
    python_requires=">=3.8",
    install_requires=["mlagents>=0.30"],
    entry_points={
        "mlagents.stats_writer": [
            "csv=mlagents_csv_stats.writer:get_csv_stats_writers",
        ]
    },
)

"""A tiny tracking client with the MlflowClient method names, storing runs as files.

Layout (like MLflow's file store, minus timestamps): ``<root>/<run>/metrics/<key>`` holds
``"<value> <step>"`` lines, ``<root>/<run>/params/<key>`` one value, ``<root>/<run>/tags/<key>``.
"""
import math
import os
import re


def _safe(name):
    return re.sub(r"[^A-Za-z0-9_.\-/ ]", "_", name).replace("/", "__")


class FileTrackingClient:
    def __init__(self, root):
        self.root = root

    def create_run(self, run_name):
        run_dir = os.path.join(self.root, _safe(run_name))
        for sub in ("metrics", "params", "tags"):
            os.makedirs(os.path.join(run_dir, sub), exist_ok=True)
        return run_name

    def _file(self, run_id, kind, key):
        return os.path.join(self.root, _safe(run_id), kind, _safe(key))

    def log_metric(self, run_id, key, value, step=0):
        value = float(value)
        text = "nan" if math.isnan(value) else repr(value)
        with open(self._file(run_id, "metrics", key), "a") as f:
            f.write(f"{text} {step}\n")

    def log_param(self, run_id, key, value):
        with open(self._file(run_id, "params", key), "w") as f:
            f.write(str(value))

    def set_tag(self, run_id, key, value):
        with open(self._file(run_id, "tags", key), "w") as f:
            f.write(str(value))

"""An offline stand-in for the wandb module (MLAGENTS_WANDB_CLIENT=fake, or no wandb).

It records every call it receives into ``<dir>/wandb-calls.jsonl``.
"""
import json
import math
import os


def _plain(value):
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    try:
        return _plain(float(value))
    except (TypeError, ValueError):
        return repr(value)


class FakeRun:
    def __init__(self, directory, **init_kwargs):
        self.directory = directory
        os.makedirs(directory, exist_ok=True)
        self.path = os.path.join(directory, "wandb-calls.jsonl")
        self.config = {}
        self._record("init", init_kwargs)

    def _record(self, method, payload):
        with open(self.path, "a") as f:
            f.write(json.dumps({"method": method, "payload": _plain(payload)}, sort_keys=True) + "\n")

    def log(self, data, step=None, commit=None):
        self._record("log", {"data": data, "step": step})

    def config_update(self, values):
        self.config.update(values)
        self._record("config.update", values)

    def finish(self):
        self._record("finish", {})


class FakeClient:
    """Mimics the two module-level functions the writer uses: ``init`` and ``Histogram``."""

    def init(self, **kwargs):
        return FakeRun(kwargs.pop("dir"), **kwargs)

    @staticmethod
    def Histogram(values):
        return {"histogram": list(values)}

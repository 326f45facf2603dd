"""One measurement of ``bench_presets.py``: trainer-thread ``write_stats`` latency of a preset.

    python _presets_worker.py SRC_DIR MODULE CLASS PRESET BACKEND MODE CALLS

``SRC_DIR`` is a generated project's ``src/`` (imported as it is, with the reference
core's host shim), ``MODULE`` and ``CLASS`` its package and writer class. ``BACKEND`` is
``slow`` (every request takes 100 ms) or ``hung`` (no request ever answers). ``MODE`` is
``background`` (the preset as generated: the outbox's worker thread does the I/O) or
``sync`` (the same writer calling the backend on the trainer's thread). For mlflow the
backend is a loopback HTTP server that answers MLflow's REST calls after the delay (or
never); for wandb it is the preset's W&B backend, offline, with the delay before each
call (hung: a 1 s wait, then a timeout error). Prints one JSON object: the per-call
latencies in seconds and what the outbox spilled.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DELAY_S = 0.1
ANSWERS = {
    "experiments/get-by-name": {"experiment": {"experiment_id": "1"}},
    "runs/create": {"run": {"info": {"run_id": "bench"}}},
    "runs/search": {"runs": []},
}


class _MLflowLike(BaseHTTPRequestHandler):
    """Answers the REST calls the preset makes, after DELAY_S, or never when hung."""

    hung = False

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.hung:
            time.sleep(3600)
        time.sleep(DELAY_S)
        path = self.path.split("/api/2.0/mlflow/", 1)[-1].split("?", 1)[0]
        body = json.dumps(ANSWERS.get(path, {})).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _mlflow_server(hung: bool) -> str:
    handler = type("Handler", (_MLflowLike,), {"hung": hung})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


class _Slowed:
    """A backend whose every call first waits DELAY_S; hung, it times out after 1 s (the
    request timeout the mlflow case uses) without sending."""

    def __init__(self, inner: Any, hung: bool, error: type[Exception]) -> None:
        self.inner, self.hung, self.error, self.label = inner, hung, error, inner.label

    def send(self, events: list[dict[str, Any]], **kw: Any) -> None:
        if self.hung:
            time.sleep(1.0)
            raise self.error("timed out")
        time.sleep(DELAY_S)
        self.inner.send(events, **kw)

    def close(self) -> None:
        self.inner.close()


def _sync_outbox(delivery: Any) -> Any:
    """The same Outbox, sending on the caller's thread: the synchronous comparison."""

    class SyncOutbox(delivery.Outbox):  # type: ignore[misc,name-defined]
        def put(self, event: dict[str, Any]) -> None:
            with contextlib.suppress(Exception):  # as Outbox.put: stats never end training
                self._deliver([event])

    return SyncOutbox


def main(argv: list[str]) -> None:
    src, module, class_name, preset, backend_kind, mode, count = argv
    calls = int(count)
    from reference_core import install_host_shim

    install_host_shim()
    sys.path.insert(0, src)
    results = tempfile.mkdtemp(prefix="bench-presets-")
    prefix = module.upper() + "_"
    os.environ[prefix + "TIMEOUT"] = "1"
    os.environ[prefix + "RETRIES"] = "0"
    os.environ[prefix + "FLUSH_TIMEOUT"] = "1"
    if preset == "mlflow":
        os.environ[prefix + "TRACKING_URI"] = _mlflow_server(backend_kind == "hung")
    os.environ.setdefault("WANDB_CACHE_DIR", str(Path(results) / "wandb-cache"))

    from mlagents.trainers.stats import StatsAggregationMethod, StatsSummary

    delivery = __import__(f"{module}.delivery", fromlist=["Outbox"])
    settings_mod = __import__(f"{module}.settings", fromlist=["load_settings"])
    writer_mod = __import__(f"{module}.writer", fromlist=["make_backend"])
    settings = settings_mod.load_settings()
    backend = writer_mod.make_backend(settings, resume=False, directory=results)
    if preset == "wandb":
        backend = _Slowed(backend, backend_kind == "hung", delivery.DeliveryError)
    flush = 1.0 if backend_kind == "hung" else 60.0  # a slow backend gets to finish
    outbox_class = delivery.Outbox if mode == "background" else _sync_outbox(delivery)
    outbox = outbox_class(
        backend, str(Path(results) / delivery.SPILL_NAME), retries=0, flush_timeout=flush
    )
    writer = getattr(writer_mod, class_name)(outbox, "bench")
    average = StatsAggregationMethod.AVERAGE
    values = {
        f"Stat {i}": StatsSummary(full_dist=[1.0, 2.0], aggregation_method=average)
        for i in range(10)
    }
    latencies = []
    for step in range(calls):
        started = time.perf_counter()
        writer.write_stats("Walker", values, step)
        latencies.append(time.perf_counter() - started)
    outbox.close()
    print(json.dumps({"latencies": latencies, "spilled": outbox.spilled}))
    sys.stdout.flush()
    os._exit(0)  # a hung backend's threads must not keep the process alive


if __name__ == "__main__":
    main(sys.argv[1:8])

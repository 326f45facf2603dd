"""Run the install and child steps ahead, while the build step confirms a derived wheel.

A derived wheel (:mod:`._derive`) counts only once ``uv pip compile`` confirms that the
build requirements still resolve as before, which waits on the package index. Meanwhile
:class:`Ahead` installs the derived wheel and runs load, register and run on it in a
thread, against a chain of its own that records its progress events. When the build
step passes with that very wheel, the real chain takes the results over and replays the
events in order (:meth:`Chain.absorb`); otherwise they are dropped (the run is cancelled,
its child killed) and the steps run again on the wheel that was built. Nothing a plugin
does is reported before the build step it depends on. An exception in the thread is
raised again when the results are taken.
"""

from __future__ import annotations

import threading
from typing import Callable, Optional, TypeVar

from ._chain import Chain
from ._model import StepEvent
from ._wheel import WheelInfo

T = TypeVar("T")


class Ahead:
    """One run ahead of the chain on one wheel (see above)."""

    def __init__(self, chain: Chain) -> None:
        self.events: list[StepEvent] = []
        self.shadow = Chain(self.events.append, chain.selected)
        self.shadow.ignores = chain.ignores
        self.wheel: Optional[WheelInfo] = None
        self._thread: Optional[threading.Thread] = None
        self._result: object = None
        self._error: Optional[BaseException] = None

    def start(self, wheel: WheelInfo, work: Callable[[Chain, WheelInfo], object]) -> None:
        """Run ``work(shadow_chain, wheel)`` in a thread."""
        self.wheel = wheel

        def run() -> None:
            try:
                self._result = work(self.shadow, wheel)
            except Exception as exc:  # raised again in the main thread by take()
                self._error = exc

        self._thread = threading.Thread(target=run, name="mlplugin-ahead")
        self._thread.start()

    def take(self, chain: Chain) -> object:
        """Wait, hand the shadow chain's steps to ``chain`` and return the work's result."""
        self._join()
        if self._error is not None:
            raise self._error
        chain.absorb(self.shadow, self.events)
        return self._result

    def discard(self) -> None:
        """Cancel the run (its child is killed at the next look) and wait for it."""
        self.shadow.cancelled = True
        self._join()

    def _join(self) -> None:
        if self._thread is not None:
            self._thread.join()

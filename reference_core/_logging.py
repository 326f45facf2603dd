"""A stand-in for ``mlagents_envs.logging_util``.

The host creates every logger through :func:`get_logger`, which gives the standard
:mod:`logging` logger of that name a handler writing to standard output with the
host's format (``[INFO] message``, or a timestamped format with file and line at
DEBUG level). :func:`set_log_level` changes the level and format of every logger
created so far; ``mlagents-learn`` sets INFO by default and DEBUG with ``--debug``.

Deliberate differences from upstream, both invisible in a real run:

* calling :func:`get_logger` twice for one name adds one handler, not two;
* the handler looks up ``sys.stdout`` each time it writes instead of keeping the
  stream it saw first, so output capture in test runners (which swaps
  ``sys.stdout``) never writes to a closed stream.

Loggers still propagate to the root logger, exactly as upstream, so pytest's
``caplog`` sees every record.
"""

from __future__ import annotations

import logging
import sys
import threading

CRITICAL = logging.CRITICAL
FATAL = logging.FATAL
ERROR = logging.ERROR
WARNING = logging.WARNING
INFO = logging.INFO
DEBUG = logging.DEBUG
NOTSET = logging.NOTSET

#: Format of the host's console lines at INFO level and above.
LOG_FORMAT = "[%(levelname)s] %(message)s"
#: Format used once the level is DEBUG (``mlagents-learn --debug``).
DEBUG_LOG_FORMAT = "%(asctime)s %(levelname)s [%(filename)s:%(lineno)d] %(message)s"
#: Timestamp format of :data:`DEBUG_LOG_FORMAT`.
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"

_state_lock = threading.Lock()
_loggers: dict[str, logging.Logger] = {}
_log_level = NOTSET


class _StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stream handler bound to whatever ``sys.stdout`` is at the time of writing."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    def emit(self, record: logging.LogRecord) -> None:
        """Write the record to the current ``sys.stdout``."""
        self.stream = sys.stdout
        super().emit(record)


def _formatter(level: int) -> logging.Formatter:
    if level == DEBUG:
        return logging.Formatter(fmt=DEBUG_LOG_FORMAT, datefmt=DATE_FORMAT)
    return logging.Formatter(fmt=LOG_FORMAT)


def get_logger(name: str) -> logging.Logger:
    """Return the logger called ``name``, with the host's stdout handler attached.

    The logger's level is only set when :func:`set_log_level` was called before;
    otherwise it inherits from its parents, like upstream.
    """
    logger = logging.getLogger(name)
    with _state_lock:
        if not any(isinstance(handler, _StdoutHandler) for handler in logger.handlers):
            handler = _StdoutHandler()
            handler.setFormatter(_formatter(_log_level))
            logger.addHandler(handler)
        if _log_level != NOTSET:
            logger.setLevel(_log_level)
        _loggers[name] = logger
    return logger


def set_log_level(log_level: int) -> None:
    """Set the level of every logger made by :func:`get_logger`, now and later.

    Switching to DEBUG also switches the handlers to the timestamped debug format.
    """
    global _log_level  # noqa: PLW0603 - module-level state mirrors upstream
    with _state_lock:
        _log_level = log_level
        formatter = _formatter(log_level)
        for logger in _loggers.values():
            logger.setLevel(log_level)
            for handler in logger.handlers:
                if isinstance(handler, _StdoutHandler):
                    handler.setFormatter(formatter)


def get_log_level() -> int:
    """Return the level last given to :func:`set_log_level` (``NOTSET`` if never)."""
    return _log_level

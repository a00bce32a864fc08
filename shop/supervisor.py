"""Several processes of one kind under one parent: `shop serve --workers N`, `shop worker
--concurrency N`.

The parent binds the socket first (so a busy port is still one line and exit 2), then forks
the children, which inherit the listening socket and each run their own event loop, engine
and services: they share nothing in memory. Why a socket shared by forked children and not
`SO_REUSEPORT` in each child: with `SO_REUSEPORT` a second `shop serve` on the same port
binds silently and takes half the traffic, where a shared socket keeps the port ours alone;
and a child restarted after a crash needs no new bind. The kernel hands each connection to
whichever child accepts first, so a busy child takes fewer.

A child says it is ready by writing one byte to a pipe; the parent announces once all of
them are. A child that dies while the parent is not stopping is started again; one that dies
before it was ever ready, or children dying more than `MAX_RESTARTS` times in
`RESTART_WINDOW_S`, stop everything with exit 1 (a fault that a restart cannot cure).
SIGTERM or SIGINT to the parent is passed on to every child, which drains its requests and
jobs; the parent exits 0 once all of them exited 0.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import select
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

MAX_RESTARTS = 5
RESTART_WINDOW_S = 60.0
POLL_S = 0.2
PR_SET_PDEATHSIG = 1

# A child's body: its index (1…N) and a callable it calls once it serves; returns its exit code.
Child = Callable[[int, Callable[[], None]], int]


def process_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def die_with_parent() -> None:
    """A child of a parent killed outright (SIGKILL, no chance to pass SIGTERM on) gets
    SIGTERM itself instead of serving on, orphaned, with the port."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


@dataclass
class Supervisor:
    count: int
    child: Child
    announce: Callable[[], None]
    children: dict[int, int] = field(default_factory=dict)  # pid → index
    _stopping: bool = False
    _ready: int = 0
    _restarts: list[float] = field(default_factory=list)
    _failed: str | None = None
    _parent: int = 0
    _read_end: int = -1
    _write_end: int = -1

    def run(self) -> int:
        self._read_end, self._write_end = os.pipe()
        self._parent = os.getpid()
        for index in range(1, self.count + 1):
            self._start(index)
        read_end = self._read_end
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self._watch(read_end)
        finally:
            for pid in self.children:  # only if the loop itself failed: never leave orphans
                _signal(pid, signal.SIGTERM)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            os.close(read_end)
            os.close(self._write_end)
        if self._failed:
            print(f"shop: {self._failed}", file=sys.stderr, flush=True)
            return 1
        return 0

    def _start(self, index: int) -> None:
        pid = os.fork()
        if pid:
            self.children[pid] = index
            return
        code = 1
        try:  # the child: its own signal handlers, never the parent's loop below
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            die_with_parent()
            os.close(self._read_end)
            write_end = self._write_end

            def ready() -> None:
                os.write(write_end, b"r")

            code = self.child(index, ready)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            log.exception("process failed", extra={"child": index})
        finally:
            sys.stderr.flush()
            sys.stdout.flush()
            os._exit(code)

    def _stop(self, _signum: int, _frame: object) -> None:
        if os.getpid() != self._parent:  # a signal caught between a fork and the child's reset
            raise SystemExit(1)
        self._stopping = True
        for pid in self.children:
            _signal(pid, signal.SIGTERM)

    def _watch(self, read_end: int) -> None:
        while self.children:
            readable, _, _ = select.select([read_end], [], [], POLL_S)
            if readable:
                self._heard_ready(os.read(read_end, 64))
            self._reap()

    def _heard_ready(self, data: bytes) -> None:
        before = self._ready
        self._ready += len(data)
        if before < self.count <= self._ready and not self._stopping:
            self.announce()

    def _reap(self) -> None:
        while self.children:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                return
            index = self.children.pop(pid, None)
            if index is None:
                continue
            code = os.waitstatus_to_exitcode(status)
            if self._stopping:
                if code != 0 and self._failed is None:
                    self._failed = f"process {index} exited with {code} while stopping"
                continue
            self._died(index, code)

    def _died(self, index: int, code: int) -> None:
        if self._ready < self.count:
            self._give_up(f"process {index} exited with {code} while starting")
            return
        now = time.monotonic()
        self._restarts = [t for t in self._restarts if now - t < RESTART_WINDOW_S]
        if len(self._restarts) >= MAX_RESTARTS:
            self._give_up(f"processes keep exiting (last: {index}, with {code}); stopping")
            return
        self._restarts.append(now)
        log.warning("process exited; starting it again", extra={"child": index, "code": code})
        self._start(index)

    def _give_up(self, reason: str) -> None:
        self._failed = reason
        self._stopping = True
        for pid in self.children:
            _signal(pid, signal.SIGTERM)


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone: nothing to stop
        os.kill(pid, sig)

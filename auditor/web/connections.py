"""What waitress is told, and taught, so that slow or oversized requests cost what they send.

- **Deadlines**: waitress closes only connections idle for ``channel_timeout``, and each byte
  resets that clock, so a client sending a byte a second holds a connection for ever (and 100
  such clients held every one).  Here a request's headers must arrive within
  ``header_seconds`` of its first byte and its body within ``body_seconds``; a connection
  past either is closed at the next sweep (every ``SWEEP_SECONDS``).
- **Threads and connections**: enough threads for every check the queue admits plus a few
  for pages and /healthz, so that the check past the queue gets its 503 at once instead of
  waiting unseen for a thread; and connections several times that.
- **Oversized bodies**: waitress refuses a body over its cap from the Content-Length alone,
  before reading it, in English plain text; here that answer is the app's own 413 page (or
  JSON under /api/).
"""
from __future__ import annotations

import time

from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask
from waitress.utilities import RequestEntityTooLarge

SWEEP_SECONDS = 2
# pages, downloads and /healthz, beside the checks the queue admits
SPARE_THREADS = 8
CONNECTIONS_PER_THREAD = 8


def threads_for(workers: int, queue: int) -> int:
    return workers + queue + SPARE_THREADS


def connection_limit(threads: int) -> int:
    return max(100, threads * CONNECTIONS_PER_THREAD)


class _AppErrorTask(ErrorTask):
    """waitress's error answer, but a 413 is the app's page."""

    def execute(self):
        if not isinstance(self.request.error, RequestEntityTooLarge):
            return super().execute()
        status, headers, body = self.channel.server.too_large(self.request.path or "/",
                                                              self.request.headers.get("ACCEPT", ""))
        self.status = status
        self.response_headers.extend(headers)
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _TimedChannel(HTTPChannel):
    """A connection that knows when the request it is receiving began."""

    error_task_class = _AppErrorTask
    began: float | None = None

    def received(self, data):
        if data and self.request is None:
            self.began = time.time()
        try:
            return super().received(data)
        finally:
            if self.request is None:  # nothing half-received
                self.began = None

    def overdue(self, now: float, header_seconds: float, body_seconds: float) -> bool:
        request, began = self.request, self.began
        if request is None or began is None:
            return False
        return now - began > (body_seconds if request.headers_finished else header_seconds)


class GuardedServer(TcpWSGIServer):
    channel_class = _TimedChannel

    def __init__(self, application, *args, header_seconds: float, body_seconds: float, too_large, **kwargs):
        self.header_seconds, self.body_seconds, self.too_large = header_seconds, body_seconds, too_large
        super().__init__(application, *args, **kwargs)

    def maintenance(self, now):
        super().maintenance(now)
        for channel in list(self.active_channels.values()):
            if channel.overdue(now, self.header_seconds, self.body_seconds):
                channel.will_close = True


def create(app, host: str, port: int, *, threads: int, max_body: int, header_seconds: float,
           body_seconds: float, too_large):
    """A waitress server for ``app`` on host:port (not yet running: ``.run()``)."""
    from waitress.adjustments import Adjustments
    from waitress.task import ThreadedTaskDispatcher

    adj = Adjustments(host=host, port=port, threads=threads, ident="auditor", max_request_body_size=max_body,
                      connection_limit=connection_limit(threads), channel_timeout=60,
                      cleanup_interval=SWEEP_SECONDS, clear_untrusted_proxy_headers=True)
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(threads)
    return GuardedServer(app, map={}, dispatcher=dispatcher, adj=adj, header_seconds=header_seconds,
                         body_seconds=body_seconds, too_large=too_large)

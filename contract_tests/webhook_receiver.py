"""A real HTTP receiver for webhook contract tests: http.server in a thread on a free local
port, recording every request; it can answer with another status or sleep before answering."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Receiver:
    def __init__(self, status: int = 200, delay: float = 0.0, body: bytes = b"ok", endless: bool = False):
        self.status = status
        self.delay = delay
        self.body = body
        self.endless = endless  # promise far more body than is sent, and hold the connection open
        self.requests: list[dict] = []
        self.release = threading.Event()   # set() lets a sleeping receiver answer at once
        self.arrived = threading.Event()   # set on every request
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body must not wait on a delayed ACK

            def do_POST(self):  # noqa: N802 (http.server's naming)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers), "raw": raw,
                                          "json": json.loads(raw) if raw else None})
                receiver.arrived.set()
                if receiver.delay:
                    receiver.release.wait(receiver.delay)
                self.send_response(receiver.status)
                self.send_header("Content-Length", str(10**9 if receiver.endless else len(receiver.body)))
                self.end_headers()
                self.wfile.write(receiver.body)
                self.wfile.flush()
                if receiver.endless:
                    receiver.release.wait(600)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        return [r["path"] for r in self.requests]

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(name="receiver")
def receiver_fixture():
    """A receiver answering 200 at once (import `receiver_fixture` to use it as `receiver`)."""
    server = Receiver()
    yield server
    server.close()

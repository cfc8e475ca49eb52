"""`callrail-emulator listen` (a local webhook receiver that checks each `Signature` and prints
each webhook readably) and `callrail-emulator sign` (the signature of a body read on stdin)."""
from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from emulator.cli import command
from emulator.webhooks.signing import sign, verify


def _build_listen(parser) -> None:
    parser.description = "Receive webhooks locally, verify their Signature and print them."
    parser.add_argument("--port", type=int, default=4242)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--signing-key", dest="signing_key",
                        help="the company's signing key (integrations API, fields=signing_key); "
                             "without it signatures are shown but not checked")
    parser.add_argument("--status", type=int, default=200, help="HTTP status to answer with (default 200)")
    parser.add_argument("--summary", action="store_true", help="one line per webhook, no body")


def _build_sign(parser) -> None:
    parser.description = ("Print the Signature of the body read on stdin: Base64 of HMAC-SHA1 over the "
                          "exact bytes (a trailing newline is part of the body).")
    parser.add_argument("--signing-key", dest="signing_key", required=True)


@command("sign", _build_sign)
def sign_command(args) -> None:
    """print the Signature header for a webhook body read from stdin"""
    body = sys.stdin.buffer.read()
    if body.endswith(b"\n"):
        print("note: the body ends with a newline, which is signed too (use printf or echo -n)",
              file=sys.stderr)
    print(sign(args.signing_key, body), flush=True)


@command("listen", _build_listen)
def listen_command(args) -> None:
    """receive webhooks on a local port, verify each Signature and print them"""
    server = make_server(args.host, args.port, args.signing_key, args.status, args.summary, sys.stdout)
    key_note = "checking signatures" if args.signing_key else "NOT checking signatures (no --signing-key)"
    print(f"Ready! Listening for webhooks on http://{args.host}:{server.server_address[1]}/ "
          f"({key_note}). Ctrl-C to stop.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def make_server(host: str, port: int, signing_key: str | None, status: int, summary: bool, out):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body must not wait on a delayed ACK

        def do_POST(self):  # noqa: N802 (http.server's naming)
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            signature = self.headers.get("Signature")
            valid = verify(signing_key, raw, signature) if signing_key else None
            out.write(describe(self.path, raw, signature, valid, summary))
            out.flush()
            code = 401 if valid is False else status
            answer = b"invalid signature" if valid is False else b"ok"
            self.send_response(code)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


def describe(path: str, raw: bytes, signature: str | None, valid: bool | None, summary: bool) -> str:
    """`12:00:01  --> post_call  CAL…  /hooks/post-call  [signature ok]` and the body, indented."""
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    check = {True: "signature ok", False: "SIGNATURE INVALID", None: "signature not checked"}[valid]
    if not signature:
        check = "NO SIGNATURE HEADER"
    kind, record = guess_event(body)
    stamp = datetime.now(timezone.utc).strftime("%H:%M:%S")
    line = f"{stamp}  --> {kind:<22} {record or '-':<38} POST {path}  [{check}]\n"
    if summary:
        return line
    shown = json.dumps(body, indent=2, ensure_ascii=False) if body is not None else raw.decode("utf-8", "replace")
    return line + "".join(f"    {text}\n" for text in shown.splitlines()) + "\n"


def guess_event(body) -> tuple[str, str | None]:
    """The kind of webhook, read from its keys (CallRail sends no event header)."""
    if not isinstance(body, dict):
        return "unknown", None
    if "form_data" in body:
        return "form_captured", body.get("id")
    if "conversation_id" in body or "resource_id" in body:
        return ("sms_sent" if "agent" in body else "sms_received"), body.get("resource_id") or body.get("id")
    outbound = body.get("direction") == "outbound" or body.get("call_type") == "outbound"
    if "changes" in body:
        return ("updated_outbound_call" if outbound else "updated_call"), body.get("id")
    if outbound:
        return "post_outbound_call", body.get("id")
    if body.get("call_type") == "in_progress":  # the emulator shows calls in progress this way
        return ("answered_call" if body.get("answered") else "pre_call"), body.get("id")
    if "call_type" in body:
        return "post_call", body.get("id")
    return "call", body.get("id")

"""`callrail-emulator serve` (and the other commands)."""
from __future__ import annotations

import argparse
import signal
import sys

from emulator import __version__
from emulator.config import SEEDS, Settings


def main(argv=None) -> None:
    from emulator.webhooks import cli as _webhook_commands  # noqa: F401  (registers listen, sign)

    parser = argparse.ArgumentParser(prog="callrail-emulator",
                                     description="A local, stateful emulator of the CallRail REST API v3")
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the emulator (env: CALLRAIL_EMULATOR_<FLAG>)")
    serve.add_argument("--host", help="interface to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="TCP port (default 3000)")
    serve.add_argument("--db", help="SQLite file; state survives restarts (default: a fresh temp file)")
    serve.add_argument("--seed", choices=SEEDS, help="what a fresh database loads (default demo)")
    serve.add_argument("--random-seed", type=int, dest="random_seed", help="same seed, same data (default 1)")
    serve.add_argument("--api-key", dest="api_key", help="fix the seeded admin's API key")
    serve.add_argument("--control-token", dest="control_token",
                       help="require X-Emulator-Token on /_emulator routes")
    serve.add_argument("--scale", type=int, help="multiply the demo seed's volume of records")
    serve.add_argument("--threads", type=int, help="waitress worker threads (default 8)")
    serve.add_argument("--rate-limits", dest="rate_limits", type=_rate_limits, metavar="JSON|off",
                       help='e.g. \'{"general": {"hourly": 100}, "sms_send": null}\' (null: no limit), or off')
    serve.add_argument("--journal-size", dest="journal_size", type=int, help="request journal entries kept")
    serve.add_argument("--webhook-mode", dest="webhook_mode", choices=("async", "sync"),
                       help="async (default): webhooks go out in the background; sync: before the API answers")
    serve.add_argument("--webhook-timeout", dest="webhook_timeout", type=float,
                       help="seconds a webhook receiver has to answer (default 5)")
    serve.add_argument("--webhook-failure-limit", dest="webhook_failure_limit", type=int,
                       help="consecutive failed webhooks before an integration goes `failed` (default 10, 0: never)")
    for name, build in _EXTRA_COMMANDS:
        build(commands.add_parser(name, help=(_HELP.get(name) or "").strip()))
    args = parser.parse_args(argv)
    if args.command == "serve":
        options = {k: v for k, v in vars(args).items() if k != "command"}
        try:
            settings = Settings.from_env(**options)
        except ValueError as problem:  # e.g. CALLRAIL_EMULATOR_PORT=abc
            serve.error(str(problem))
        run_server(settings)
    else:
        dict(_EXTRA_HANDLERS)[args.command](args)


def _rate_limits(raw: str) -> dict:
    from emulator.traffic.limits import parse_option

    try:
        return parse_option(raw)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


_EXTRA_COMMANDS: list = []
_EXTRA_HANDLERS: list = []


_HELP: dict[str, str] = {}


def command(name: str, build):
    """Other subcommands (listen, sign) register here; the handler's docstring is their help."""
    def register(handler):
        _HELP[name] = (handler.__doc__ or "").split("\n")[0]
        _EXTRA_COMMANDS.append((name, build))
        _EXTRA_HANDLERS.append((name, handler))
        return handler
    return register


def banner(emulator, base_url: str) -> str:
    conn = emulator.db.conn()
    row = conn.execute(
        "SELECT k.key, a.id, a.numeric_id FROM api_keys k JOIN users u ON u.id = k.user_id "
        "JOIN accounts a ON a.id = u.account_id WHERE u.role='admin' ORDER BY a.rowid, k.rowid LIMIT 1").fetchone()
    seeded = emulator.db.get_setting("seeded") or {}
    return "\n".join([
        f"CallRail emulator {__version__} (seed {seeded.get('seed')}, random seed {seeded.get('random_seed')})",
        f"  Base URL:    {base_url}",
        f"  Account id:  {row[1]}  (numeric {row[2]})" if row else "  Account id:  -",
        f"  Admin key:   {row[0]}" if row else "  Admin key:   -",
        f"  Database:    {emulator.db.path}",
        f"  Try:         curl -H 'Authorization: Token token=\"{row[0] if row else 'KEY'}\"' {base_url}/v3/a.json",
        f"  Control:     {base_url}/_emulator/credentials"
        + ("  (send X-Emulator-Token)" if emulator.settings.control_token else ""),
    ])


def run_server(settings: Settings) -> None:
    import waitress

    from emulator.app import create_app, state
    from emulator.state import SchemaMismatch

    try:
        app = create_app(settings)
    except SchemaMismatch as error:
        sys.exit(f"callrail-emulator: {error}")
    emulator = state(app)
    host = settings.host
    try:  # bind before announcing anything, so a taken port is one clear line
        server = waitress.create_server(app, host=host, port=settings.port, threads=settings.threads,
                                        ident="callrail-emulator")
    except OSError as error:
        emulator.close()
        sys.exit(f"callrail-emulator: cannot listen on {host}:{settings.port} ({error.strerror}); "
                 "choose another --port")
    # SIGTERM (docker stop, kill) ends the server like Ctrl-C, so a temporary database is removed.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    print(banner(emulator, f"http://{shown}:{settings.port}"), flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.close()
    sys.exit(0)

"""pytest plugin (registered through the package's `pytest11` entry point).

Fixtures:
- `callrail_server` (session): the emulator running in-process on a free port (or an already
  running server given by `--callrail-base-url` / CALLRAIL_EMULATOR_BASE_URL).
- `callrail` (function): the same server, reset to its seed before the test, with the admin
  key, account id, and `control` (a small client for /_emulator) and `api` (a requests session
  with the key already set).
"""
from __future__ import annotations

import os
import socket
import threading
from dataclasses import dataclass

import pytest
import requests


def pytest_addoption(parser):
    group = parser.getgroup("callrail-emulator")
    group.addoption("--callrail-base-url", default=os.environ.get("CALLRAIL_EMULATOR_BASE_URL"),
                    help="test against an already running emulator instead of starting one")
    group.addoption("--callrail-seed", default=os.environ.get("CALLRAIL_EMULATOR_TEST_SEED", "demo"),
                    help="seed the fixture resets to before each test (empty, demo, docs)")


class Control:
    """A thin client for the control plane: `control.post("/clock", {"advance": 60})`."""

    def __init__(self, base_url: str, token: str | None = None):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        if token:
            self.session.headers["X-Emulator-Token"] = token

    # Positional-only routes, so query parameters may be called `path` or `method`
    # (e.g. control.get("/requests", path="/v3/a/*/calls*")).
    def request(self, method: str, route: str, body=None, /, **params) -> requests.Response:
        return self.session.request(method, f"{self.base_url}/_emulator{route}", json=body,
                                    params=params or None, timeout=60)

    def get(self, route: str, /, **params) -> dict:
        return self._ok(self.request("GET", route, None, **params))

    def post(self, path: str, body=None) -> dict:
        return self._ok(self.request("POST", path, body or {}))

    def put(self, path: str, body=None) -> dict:
        return self._ok(self.request("PUT", path, body or {}))

    def delete(self, path: str) -> dict:
        return self._ok(self.request("DELETE", path))

    @staticmethod
    def _ok(response: requests.Response) -> dict:
        if response.status_code >= 400:
            raise AssertionError(f"control plane answered {response.status_code}: {response.text}")
        return response.json() if response.content else {}

    def reset(self, seed: str | None = None, random_seed: int | None = None, **extra) -> dict:
        body = {k: v for k, v in {"seed": seed, "random_seed": random_seed, **extra}.items() if v is not None}
        return self.post("/reset", body)

    def freeze(self, instant: str) -> dict:
        return self.post("/clock", {"freeze_at": instant})

    def advance(self, seconds: float) -> dict:
        return self.post("/clock", {"advance": seconds})


class Api(requests.Session):
    """requests.Session bound to the emulator's base URL and an API key: `api.get("/v3/a.json")`."""

    def __init__(self, base_url: str, key: str):
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.headers["Authorization"] = f'Token token="{key}"'

    def request(self, method, url, *args, **kwargs):
        if url.startswith("/"):
            url = self.base_url + url
        kwargs.setdefault("timeout", 60)
        return super().request(method, url, *args, **kwargs)

    def with_key(self, key: str) -> "Api":
        return Api(self.base_url, key)


@dataclass
class Emulated:
    base_url: str
    api_key: str
    account_id: str
    account_numeric_id: int
    credentials: list
    control: Control
    api: Api

    @property
    def state(self):
        """The emulator's state (database, clock) when it runs in this process, else None."""
        server = RunningServer.running.get(self.base_url)
        return server.state if server else None

    def key_for(self, role: str, account_id: str | None = None) -> str:
        account_id = account_id or self.account_id
        return next(k["key"] for k in self.credentials
                    if k["role"] == role and k["account_id"] == account_id)


class RunningServer:
    """The emulator in a background thread on a free local port (waitress, like `serve`)."""

    running: dict = {}   # base URL -> server, for tests that look inside an in-process emulator

    def __init__(self, **settings):
        import waitress

        from emulator.app import create_app, state
        from emulator.config import Settings

        self.app = create_app(Settings(**settings))
        self.state = state(self.app)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.server = waitress.create_server(self.app, host="127.0.0.1", port=self.port, threads=8)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        self.base_url = f"http://127.0.0.1:{self.port}"
        RunningServer.running[self.base_url] = self

    def _serve(self):
        try:
            self.server.run()
        except OSError:
            pass  # close() closed the listening socket under select(): the server is done

    def close(self):
        RunningServer.running.pop(self.base_url, None)
        self.server.close()
        self.thread.join(timeout=5)
        self.state.close()


@pytest.fixture(scope="session")
def callrail_server(request):
    base_url = request.config.getoption("--callrail-base-url")
    if base_url:
        yield base_url.rstrip("/")
        return
    server = RunningServer(seed=request.config.getoption("--callrail-seed"), random_seed=1)
    yield server.base_url
    server.close()


def emulated(base_url: str, seed: str | None = None, random_seed: int = 1) -> Emulated:
    control = Control(base_url, os.environ.get("CALLRAIL_EMULATOR_CONTROL_TOKEN"))
    creds = control.reset(seed, random_seed)["api_keys"]
    admin = creds[0]
    return Emulated(base_url, admin["key"], admin["account_id"], admin["account_numeric_id"], creds,
                    control, Api(base_url, admin["key"]))


@pytest.fixture
def callrail(callrail_server, request) -> Emulated:
    """A freshly reset emulator; mark a test `@pytest.mark.callrail_seed("docs")` for another seed."""
    marker = request.node.get_closest_marker("callrail_seed")
    seed = marker.args[0] if marker else request.config.getoption("--callrail-seed")
    return emulated(callrail_server, seed)


def pytest_configure(config):
    config.addinivalue_line("markers", "callrail_seed(name): the seed the callrail fixture resets to")

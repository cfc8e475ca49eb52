"""Traffic control for the /v3 surface: maintenance switch, injected faults, rate limits,
informational headers and the request journal. `install(app)` wires them as app-level hooks,
so they see every /v3 request, including 401s and unrouted 404/405s."""
from __future__ import annotations

from emulator.traffic import faults, journal, limits  # noqa: F401  (register their tables)


def install(app) -> None:
    from emulator.traffic.hooks import install as install_hooks

    install_hooks(app)

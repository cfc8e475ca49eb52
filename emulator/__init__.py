"""callrail-emulator: a local, stateful emulator of the CallRail REST API v3."""

__version__ = "0.1.0"

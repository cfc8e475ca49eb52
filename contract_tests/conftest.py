"""Contract tests drive the emulator over HTTP through the `callrail` fixture that the
package's pytest plugin gives every user (see emulator/pytest_plugin.py)."""

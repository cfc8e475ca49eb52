"""Contract tests drive the emulator over HTTP through the `callrail` fixture that the
package's pytest plugin gives every user (see emulator/pytest_plugin.py)."""
import os
import sys

# Helper modules here (docs_seed, calls_helpers, ...) are imported both as
# `contract_tests.x` and bare `x`; the bare form needs this folder on the path.
sys.path.insert(0, os.path.dirname(__file__))

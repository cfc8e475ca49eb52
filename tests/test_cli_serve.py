"""`callrail-emulator serve` as a user runs it: a taken port is one clear line, and SIGTERM
(docker stop, kill) removes the temporary database like Ctrl-C does."""
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "emulator", "serve", "--seed", "empty", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_taken_port_is_one_clear_error_and_no_banner():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process = serve(taken.getsockname()[1])
        out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "choose another --port" in err and "Traceback" not in err
    assert "Admin key" not in out


def test_sigterm_stops_the_server_and_removes_its_temporary_database():
    port = free_port()
    process = serve(port)
    banner = ""
    while "Database:" not in banner:
        banner += process.stdout.readline()
    path = re.search(r"Database:\s+(\S+)", banner).group(1)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_emulator/health", timeout=2)
            break
        except OSError:
            time.sleep(0.1)
    assert os.path.exists(path)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    assert process.returncode == 0
    assert not os.path.exists(path)

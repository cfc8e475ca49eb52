"""Call recordings ("Retrieving a Single Call Recording", doc 1778-1819).

Normal accounts get the permanent redirect link the doc shows
(`/calls/{id}/recording/redirect?access_key=...`); HIPAA accounts get a temporary, signed
file URL that expires in about 24 hours. Both live on the emulator's own host: the redirect
answers 302 to a freshly signed file URL, and the file URL serves a small silent MP3.
A call has a recording when `calls.recording_duration` is set; `calls.recording_key` is its
secret (the `access_key`, and the key that signs its temporary URLs).
"""
from __future__ import annotations

import hashlib
import hmac
import struct
from datetime import datetime, timedelta, timezone
from importlib import resources

from emulator.errors import ApiError, not_found

TEMPORARY_URL_LIFETIME = timedelta(hours=24)   # "The URL returned will expire in about 24 hours."
MP3_FILE = "silence.mp3"

# MPEG-1 Layer III, no CRC, 32 kbit/s, 48 kHz, mono: every frame is exactly 144*32000/48000 =
# 96 bytes (no padding) and holds 1152 samples (24 ms). A side info of zeros (part2_3_length 0)
# decodes to silence.
_FRAME_HEADER = bytes([0xFF, 0xFB, 0x14, 0xC0])
_FRAME_BYTES = 96


def silent_mp3(frames: int = 20) -> bytes:
    """A valid MP3 of `frames` silent frames (20 frames: 1,920 bytes, 0.48 s)."""
    frame = _FRAME_HEADER + bytes(_FRAME_BYTES - len(_FRAME_HEADER))
    return frame * frames


def mp3_bytes() -> bytes:
    """The committed file (emulator/static/silence.mp3, built by silent_mp3())."""
    return resources.files("emulator").joinpath("static", MP3_FILE).read_bytes()


def frame_count(data: bytes) -> int:
    """The number of MPEG-1 Layer III frames in `data`; ValueError if it is not a clean stream."""
    bitrates = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
    rates = (44100, 48000, 32000)
    offset = count = 0
    while offset < len(data):
        if len(data) - offset < 4:
            raise ValueError(f"truncated frame header at byte {offset}")
        (header,) = struct.unpack(">I", data[offset:offset + 4])
        if header >> 21 != 0x7FF or (header >> 19) & 3 != 3 or (header >> 17) & 3 != 1:
            raise ValueError(f"no MPEG-1 Layer III frame at byte {offset}")
        bitrate_index, rate_index = (header >> 12) & 15, (header >> 10) & 3
        if not 0 < bitrate_index < 15 or rate_index == 3:
            raise ValueError(f"bad bitrate or sample rate at byte {offset}")
        padding = (header >> 9) & 1
        offset += 144 * bitrates[bitrate_index] * 1000 // rates[rate_index] + padding
        count += 1
    if offset != len(data):
        raise ValueError("the last frame is truncated")
    return count


def _signature(call: dict, expires: int) -> str:
    message = f"{call['id']}:{expires}".encode()
    return hmac.new(call["recording_key"].encode(), message, hashlib.sha1).hexdigest()


def _file_path(call_id: str) -> str:
    # The doc's S3 form: calls/recordings/000/000/700/test.mp3 (a partitioned id).
    digits = f"{int(hashlib.md5(call_id.encode()).hexdigest()[:8], 16) % 10**9:09d}"
    return f"/calls/recordings/{digits[:3]}/{digits[3:6]}/{digits[6:]}/{call_id}.mp3"


def temporary_url(base_url: str, call: dict, now: datetime) -> str:
    expires = int((now + TEMPORARY_URL_LIFETIME).timestamp())
    return f"{base_url}{_file_path(call['id'])}?expires={expires}&signature={_signature(call, expires)}"


def redirect_url(base_url: str, call: dict) -> str:
    return f"{base_url}/calls/{call['id']}/recording/redirect?access_key={call['recording_key']}"


def player_url(base_url: str, call: dict) -> str:
    """`recording_player`: the doc's stand-alone player link, /calls/{numeric id}/recording?access_key=
    (722, 1015); on the emulator it redirects like the permanent link."""
    return f"{base_url}/calls/{call.get('numeric_id') or call['id']}/recording?access_key={call['recording_key']}"


def url_for(scope, call: dict) -> dict:
    """The body of GET .../calls/{id}/recording.json; 404 when the call has no recording."""
    if call.get("recording_duration") is None or not call.get("recording_key"):
        raise not_found("Recording")
    if scope.account["hipaa_account"]:
        return {"url": temporary_url(scope.base_url, call, scope.now)}
    return {"url": redirect_url(scope.base_url, call)}


def _recorded_call(conn, call_id: str) -> dict:
    column = "numeric_id" if call_id.isdecimal() else "id"  # the player link uses the numeric id
    row = conn.execute(f"SELECT id, recording_key, recording_duration FROM calls "
                       f"WHERE {column} = ? AND spam = 0", (call_id,)).fetchone()
    if row is None or row["recording_duration"] is None or not row["recording_key"]:
        raise not_found("Recording")
    return dict(row)


def follow_redirect(conn, base_url: str, call_id: str, access_key: str | None, now: datetime) -> str:
    """Where the permanent link sends the browser: a freshly signed file URL."""
    call = _recorded_call(conn, call_id)
    if not access_key or not hmac.compare_digest(access_key, call["recording_key"]):
        raise ApiError(403, "The access_key is missing or wrong", "access_key")
    return temporary_url(base_url, call, now)


def open_file(conn, call_id: str, expires: str | None, signature: str | None, now: datetime) -> bytes:
    """The MP3 behind a temporary URL, if the URL is genuine and has not expired."""
    call = _recorded_call(conn, call_id)
    try:
        deadline = int(expires or "")
    except ValueError:
        raise ApiError(403, "The URL is not a valid recording link", "expires") from None
    if not signature or not hmac.compare_digest(signature, _signature(call, deadline)):
        raise ApiError(403, "The URL is not a valid recording link", "signature")
    if now > datetime.fromtimestamp(deadline, timezone.utc):
        raise ApiError(403, "The recording link has expired; request a new one from recording.json",
                       "expires")
    return mp3_bytes()

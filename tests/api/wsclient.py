"""wsclient.py - a WebSocket client (RFC 6455) on raw sockets, standard library only, for tests:
it can also send what a good client never would (unmasked frames, reserved bits, bad UTF-8, lying
lengths), and it checks what the server sends (unmasked frames, the accept key).

    ws = WS(port, "/test/ws/echo")          # the handshake; ws.status 101
    ws.send_text("hi"); ws.recv()           # ("text", "hi")
    ws.send_frame(0x1, b"x", mask=False)    # anything
    ws.expect_close()                       # the server's close code, after answering it

A refused handshake leaves ws.status (e.g. 426), ws.headers and ws.body (parsed JSON when it is).
"""
import base64
import hashlib
import json
import os
import socket
import struct
import time

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
CONT, TEXT, BINARY, CLOSE, PING, PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class ProtocolError(Exception):
    """The server sent something RFC 6455 forbids."""


def accept_for(key):
    return base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()


def frame(opcode, payload=b"", fin=True, mask=True, rsv=0, key=None):
    """One frame's bytes as a client would send it (mask=False: as no client may)."""
    if isinstance(payload, str):
        payload = payload.encode()
    n = len(payload)
    b0 = (0x80 if fin else 0) | (rsv << 4) | opcode
    m = 0x80 if mask else 0
    if n < 126:
        head = struct.pack("!BB", b0, m | n)
    elif n < 65536:
        head = struct.pack("!BBH", b0, m | 126, n)
    else:
        head = struct.pack("!BBQ", b0, m | 127, n)
    if not mask:
        return head + payload
    key = key or os.urandom(4)
    return head + key + bytes(b ^ key[i & 3] for i, b in enumerate(payload))


class WS:
    def __init__(self, port, path="/test/ws/echo", headers=None, timeout=10, first_frames=b"", host="127.0.0.1"):
        """Connect and shake hands. headers: extra or replacing request headers (value None drops
        one). first_frames: bytes sent in the same write as the request (the server must keep what
        it read past the request)."""
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""
        self.key = base64.b64encode(os.urandom(16)).decode()
        h = {"Host": f"{host}:{port}", "Upgrade": "websocket", "Connection": "Upgrade",
             "Sec-WebSocket-Key": self.key, "Sec-WebSocket-Version": "13",
             "Origin": f"http://{host}:{port}"}
        for k, v in (headers or {}).items():
            if v is None:
                h.pop(k, None)
            else:
                h[k] = v
        req = f"GET {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in h.items()) + "\r\n"
        self.sock.sendall(req.encode() + first_frames)
        head = self._read_until(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split()[1])
        self.headers = {}
        for line in lines[1:]:
            if line:
                k, v = line.split(":", 1)
                self.headers[k.strip().lower()] = v.strip()
        self.body = None
        if self.status == 101:
            if self.headers.get("sec-websocket-accept") != accept_for(self.key):
                raise ProtocolError(f"wrong Sec-WebSocket-Accept: {self.headers}")
            if self.headers.get("upgrade", "").lower() != "websocket":
                raise ProtocolError(f"no Upgrade: websocket: {self.headers}")
        else:
            n = int(self.headers.get("content-length", "0"))
            raw = self._read_exact(n)
            try:
                self.body = json.loads(raw) if raw else None
            except ValueError:
                self.body = raw
            self.sock.close()

    # ---- bytes ----
    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise EOFError("the server closed the connection")
        self.buf += data

    def _read_until(self, mark):
        while mark not in self.buf:
            self._fill()
        i = self.buf.index(mark) + len(mark)
        out, self.buf = self.buf[:i], self.buf[i:]
        return out

    def _read_exact(self, n):
        while len(self.buf) < n:
            self._fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    # ---- frames ----
    def send_raw(self, data):
        self.sock.sendall(data)

    def send_frame(self, opcode, payload=b"", **kw):
        self.sock.sendall(frame(opcode, payload, **kw))

    def send_text(self, text):
        self.send_frame(TEXT, text)

    def close(self, code=1000, reason=""):
        self.send_frame(CLOSE, struct.pack("!H", code) + reason.encode() if code is not None else b"")

    def _parse(self):
        """(fin, opcode, payload) of a whole frame at the front of buf (consumed), or None: a read
        that times out never leaves half a frame taken."""
        if len(self.buf) < 2:
            return None
        b0, b1 = self.buf[0], self.buf[1]
        if b1 & 0x80:
            raise ProtocolError("the server masked a frame")
        if b0 & 0x70:
            raise ProtocolError("reserved bits set by the server")
        n, at = b1 & 0x7F, 2
        if n == 126:
            if len(self.buf) < 4:
                return None
            n, at = struct.unpack("!H", self.buf[2:4])[0], 4
        elif n == 127:
            if len(self.buf) < 10:
                return None
            n, at = struct.unpack("!Q", self.buf[2:10])[0], 10
        if len(self.buf) < at + n:
            return None
        payload, self.buf = self.buf[at:at + n], self.buf[at + n:]
        return bool(b0 & 0x80), b0 & 0x0F, payload

    def recv_frame(self, timeout=10):
        """(fin, opcode, payload) of the server's next frame; EOFError at the end, socket.timeout
        when none is whole in time."""
        deadline = time.time() + timeout
        while True:
            f = self._parse()
            if f:
                return f
            left = deadline - time.time()
            if left <= 0:
                raise socket.timeout("no whole frame in time")
            self.sock.settimeout(left)
            self._fill()

    def recv(self, timeout=10, pong=True):
        """The next message: ("text", str), ("ping", bytes) when pong=False (else pings are answered
        and skipped), ("pong", bytes), ("close", code, reason), or ("eof",)."""
        parts, kind = [], None
        deadline = time.time() + timeout
        while True:
            try:
                fin, op, payload = self.recv_frame(max(0.01, deadline - time.time()))
            except EOFError:
                return ("eof",)
            if op == PING:
                if pong:
                    self.send_frame(PONG, payload)
                    continue
                return ("ping", payload)
            if op == PONG:
                return ("pong", payload)
            if op == CLOSE:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
                return ("close", code, payload[2:].decode())
            if op in (TEXT, BINARY):
                if kind is not None:
                    raise ProtocolError("a new message inside a fragmented one")
                kind = op
            elif kind is None:
                raise ProtocolError("a continuation with no message")
            parts.append(payload)
            if fin:
                data = b"".join(parts)
                if kind == BINARY:
                    raise ProtocolError("the server sent binary")
                return ("text", data.decode("utf-8"))

    def recv_text(self, timeout=10):
        m = self.recv(timeout)
        if m[0] != "text":
            raise ProtocolError(f"wanted a text message, got {m!r}")
        return m[1]

    def expect_close(self, timeout=10):
        """Read until the server's close frame (skipping messages), answer it as a client should,
        and wait for the server to end the connection. Returns (code, reason)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = self.recv(max(0.01, deadline - time.time()))
            if m[0] == "eof":
                raise ProtocolError("the connection ended without a close frame")
            if m[0] == "close":
                try:
                    self.send_frame(CLOSE, struct.pack("!H", m[1]) if m[1] else b"")
                except OSError:
                    pass
                self.wait_eof(timeout)
                self.shut()
                return m[1], m[2]
        raise TimeoutError("no close frame")

    def wait_eof(self, timeout=10):
        """Read (and drop) until the server ends the connection; False on timeout."""
        self.sock.settimeout(timeout)
        deadline = time.time() + timeout
        try:
            while time.time() < deadline:
                if not self.sock.recv(65536):
                    return True
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            return False
        return False

    def shut(self):
        try:
            self.sock.close()
        except OSError:
            pass

#!/usr/bin/env python3
"""ws_echo.py - the WebSocket transport under load: N connections to the TEST-ONLY echo server
(tests/api/ws_echo_server.c), each sending a small text message R times a second for D seconds;
prints the round-trip times (p50, p99, max) and the server's CPU time per message. Prints figures,
never passes or fails (the client, one Python thread, is usually the bottleneck first: its own CPU
is printed too).

usage: ws_echo.py WS_ECHO_SERVER [--conns 1000] [--rate 5] [--seconds 10]
"""
import argparse
import os
import selectors
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "api"))
from harness import Server  # noqa: E402
from wsclient import TEXT, WS, frame  # noqa: E402


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("server")
    ap.add_argument("--conns", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=5)
    ap.add_argument("--seconds", type=float, default=10)
    a = ap.parse_args()
    env = {"WS_RATE": "1000", "WS_RATE_BURST": "1000"}
    with Server(a.server, env=env) as s:
        conns = [WS(s.port) for _ in range(a.conns)]
        sel = selectors.DefaultSelector()
        for i, ws in enumerate(conns):
            ws.sock.setblocking(False)
            ws.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sel.register(ws.sock, selectors.EVENT_READ, ws)
        period = 1.0 / a.rate
        start = time.monotonic()
        # Each connection sends on its own phase within the period.
        next_send = [start + period * i / a.conns for i in range(a.conns)]
        rtts, sent, lost = [], 0, 0
        cpu0, mine0 = cpu_seconds(s.proc.pid), time.process_time()
        end = start + a.seconds
        while True:
            now = time.monotonic()
            if now >= end + 2:
                break
            if now < end:
                for i, ws in enumerate(conns):
                    if next_send[i] <= now:
                        ws.sock.send(frame(TEXT, f"{time.monotonic():.6f}"))
                        sent += 1
                        next_send[i] += period
            for key, _ in sel.select(timeout=0.002):
                ws = key.data
                try:
                    data = ws.sock.recv(65536)
                except BlockingIOError:
                    continue
                ws.buf += data
                while True:
                    f = ws._parse()
                    if not f:
                        break
                    if f[1] == TEXT:
                        rtts.append(time.monotonic() - float(f[2]))
            if now >= end and len(rtts) >= sent:
                break
        cpu = cpu_seconds(s.proc.pid) - cpu0
        mine = time.process_time() - mine0
        lost = sent - len(rtts)
        for ws in conns:
            ws.shut()
    rtts.sort()

    def pct(p):
        return rtts[min(len(rtts) - 1, int(p * len(rtts)))] * 1000 if rtts else float("nan")

    print(f"{a.conns} connections x {a.rate:g} messages/s for {a.seconds:g} s: {sent} sent, {lost} not back")
    print(f"round trip: p50 {pct(0.5):.2f} ms, p99 {pct(0.99):.2f} ms, max {pct(1.0):.2f} ms")
    print(f"server CPU: {cpu:.2f} s, {cpu / max(1, len(rtts)) * 1e6:.1f} us per message echoed; client CPU {mine:.2f} s")


if __name__ == "__main__":
    main()

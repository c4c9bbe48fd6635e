"""The peer of run-capture-bench.sh: python-can's slcan interface reading FRAMES frames from a pty.

pycan_slcan_read.py PORT FRAMES RECEIVED_LOG
Prints "frames_captured N wall_s S frames_per_s F"; writes the CLOCK_MONOTONIC time (ns) at which each probe
(0x355) arrived to RECEIVED_LOG, one per line, for the latency (the writer logs its send times on the same clock).
"""
import sys
import time

import can

port, frames, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
bus = can.Bus(interface="slcan", channel=port, bitrate=500000)
received = 0
probes = []
first = None
try:
    while received < frames:
        message = bus.recv(timeout=5.0)
        if message is None:
            break
        now = time.monotonic_ns()
        if first is None:
            first = now
        received += 1
        if message.arbitration_id == 0x355:
            probes.append(now)
finally:
    bus.shutdown()
wall = (time.monotonic_ns() - (first or time.monotonic_ns())) / 1e9
with open(log, "w") as out:
    out.write("".join("%d\n" % t for t in probes))
print("frames_captured %d wall_s %.3f frames_per_s %.0f" % (received, wall, received / max(wall, 1e-9)))

#!/usr/bin/python3
"""Peer: python-can's candump log reader over a file, summing the 0x356 current like parse_floor.
Copied unchanged (but for this line) from the team's shared benchmark kit, bench/pycan_read.py."""
import struct, sys
import can
n = s = 0
for m in can.CanutilsLogReader(sys.argv[1]):
    n += 1
    if m.arbitration_id == 0x356 and len(m.data) >= 4:
        s += struct.unpack_from("<h", m.data, 2)[0]
print("frames", n, "current_sum", s)

#!/usr/bin/env python3
"""Writes a deterministic can-utils `candump -L` style log of a Pylontech-protocol battery stack
talking to an inverter, for benchmarks.

    gen_candump.py LINES OUT [--seed N] [--packs N]

Per simulated second: the six Pylon LV CAN frames (0x351 limits, 0x355 SOC/SOH, 0x356 V/I/T,
0x359 alarms, 0x35C requests, 0x35E name) for each pack on its own channel, the inverter's 0x305
keep-alive, and unrelated traffic (about 30 %, some with 29-bit identifiers).

Copied unchanged (but for this line) from the team's shared benchmark kit, bench/gen_candump.py, so the
benchmarks in this folder need nothing outside the repository."""
import argparse, random, struct

p = argparse.ArgumentParser()
p.add_argument("lines", type=int)
p.add_argument("out")
p.add_argument("--seed", type=int, default=1)
p.add_argument("--packs", type=int, default=4)
a = p.parse_args()
rnd = random.Random(a.seed)
t = 1700000000.0
soc = [rnd.randint(30, 90) for _ in range(a.packs)]
n = 0
with open(a.out, "w", buffering=1 << 20) as f:
    w = f.write
    while n < a.lines:
        t += 1.0
        batch = []  # (time, line) of this second, written in time order like a real capture
        for k in range(a.packs):
            ch = "can%d" % k
            cur = rnd.randint(-500, 500)
            if rnd.random() < 0.02:
                soc[k] = max(0, min(100, soc[k] + (1 if cur > 0 else -1)))
            frames = (
                (0x351, struct.pack("<HhhH", 532, 500, 500, 450)),
                (0x355, struct.pack("<HH", soc[k], 98)),
                (0x356, struct.pack("<hhh", 4900 + rnd.randint(0, 400), cur, 150 + rnd.randint(0, 200))),
                (0x359, bytes([0, 0, 0x08 if rnd.random() < 0.01 else 0, 0, 1, 0x50, 0x4E])),
                (0x35C, bytes([0xC0, 0])),
                (0x35E, b"PYLON   "),
            )
            for i, (cid, data) in enumerate(frames):
                ts = t + k * 0.01 + i * 0.0012
                batch.append((ts, "(%.6f) %s %03X#%s\n" % (ts, ch, cid, data.hex().upper())))
            ts = t + k * 0.01 + 0.5
            batch.append((ts, "(%.6f) %s 305#0000000000000000\n" % (ts, ch)))
            for j in range(3):
                if rnd.random() < 0.5:
                    cid = "%08X" % rnd.randint(0x100000, 0x1FFFFFFF)
                else:
                    cid = "%03X" % rnd.choice((0x100, 0x200, 0x4F0, 0x7E8))
                data = bytes(rnd.getrandbits(8) for _ in range(rnd.randint(0, 8)))
                ts = t + k * 0.01 + 0.6 + j * 0.001
                batch.append((ts, "(%.6f) %s %s#%s\n" % (ts, ch, cid, data.hex().upper())))
        batch.sort()
        for _, line in batch[: a.lines - n]:
            w(line)
        n += min(len(batch), a.lines - n)

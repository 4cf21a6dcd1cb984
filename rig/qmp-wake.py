#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Wake a QEMU guest that suspends to RAM, as a user pressing a key would.

Usage: qmp-wake.py SOCKET [DELAY]

Connects to QEMU's QMP socket (waiting up to 60 s for it to appear) and
answers every SUSPEND event with system_wakeup after DELAY seconds (1 by
default). Prints one line per wakeup, with the host's time (rig/e2e.sh
reads QEMU's trace against it); ends when QEMU closes the socket.
"""
import json
import socket
import sys
import time


def main():
    path = sys.argv[1]
    delay = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    for _ in range(600):
        try:
            sock.connect(path)
            break
        except OSError:
            time.sleep(0.1)
    else:
        sys.exit(f"qmp-wake: no QMP socket at {path}")
    qmp = sock.makefile("rw")

    def execute(cmd):
        qmp.write(json.dumps({"execute": cmd}) + "\n")
        qmp.flush()

    json.loads(qmp.readline())  # the greeting
    execute("qmp_capabilities")
    for line in qmp:
        msg = json.loads(line)
        if msg.get("event") == "SUSPEND":
            time.sleep(delay)
            execute("system_wakeup")
            print(f"qmp-wake: the guest suspended; woke it at {time.time():.6f}",
                  flush=True)
        elif "error" in msg:
            print(f"qmp-wake: {msg['error'].get('desc', msg)}", flush=True)


if __name__ == "__main__":
    main()

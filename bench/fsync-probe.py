#!/usr/bin/env python3
"""The disk's floor under a benchmark: a 16 KB write + fsync every 50 ms to FILE (put it on the file system of the
database under test) until SIGTERM or SIGINT, then one line: "fsyncs p50_ms p99_ms max_ms". A POST on SQLite waits for at
least one COMMIT, whose WAL fsync is such a call, so this p99 is a floor under the POST's. The writes cycle through
4 MB of the file, as a WAL is rewritten from its start after a checkpoint; at this rate the probe adds ≈ 320 KB/s.
  python3 bench/fsync-probe.py /tmp/x/probe.bin & ...; kill -TERM $!; wait $!
"""
import os
import signal
import sys
import time

CHUNK, SPAN, INTERVAL = 16 * 1024, 4 * 1024 * 1024, 0.05


def main(path):
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    data = os.urandom(CHUNK)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    times, offset, due = [], 0, time.monotonic()
    try:
        while not stop:
            started = time.monotonic()
            os.pwrite(fd, data, offset)
            os.fsync(fd)
            times.append((time.monotonic() - started) * 1000)
            offset = (offset + CHUNK) % SPAN
            due += INTERVAL
            time.sleep(max(0.0, due - time.monotonic()))
    finally:
        os.close(fd)
        os.unlink(path)
    times.sort()
    at = lambda p: times[min(len(times) - 1, int(p * len(times)))] if times else 0.0
    print(f"{len(times)} {at(0.5):.2f} {at(0.99):.2f} {times[-1] if times else 0.0:.2f}")


if __name__ == "__main__":
    main(sys.argv[1])

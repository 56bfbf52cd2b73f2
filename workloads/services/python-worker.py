"""A queue worker in Python, the kind of service that reports its own memory:
every 100 ms it enqueues 4-7 jobs, processes up to 6, keeps the last 20
results (a bounded cache) and prints one JSON line:
{"msg": "memory_sample", "rss_bytes": ..., "queue_depth": ..., "cache_size": ..., "processed": ...}
SIGINT stops it cleanly (exit 0)."""
import json
import os
import resource
import signal
import sys
import time
from collections import OrderedDict

CACHE_LIMIT = 20
BATCH = 6
stopping = False


def on_sigint(signum, frame):
    global stopping
    stopping = True


def rss_bytes():
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        # ru_maxrss is KiB on Linux, bytes on macOS: a peak, the best there is off Linux.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def main():
    signal.signal(signal.SIGINT, on_sigint)
    cache = OrderedDict()
    queue = []
    processed = 0
    tick = 0
    print("worker ready", flush=True)
    while not stopping:
        tick += 1
        # A fixed arrival pattern (5.5 jobs per tick on average, 6 processed): the queue
        # depth and the cache reach the same peaks within five ticks in every run.
        queue.extend({"id": tick * 100 + i, "payload": "x" * 200} for i in range(tick % 4 + 4))
        for job in queue[:BATCH]:
            cache[job["id"]] = sum(ord(c) for c in job["payload"][:20])
            if len(cache) > CACHE_LIMIT:
                cache.popitem(last=False)
            processed += 1
        del queue[:BATCH]
        print(json.dumps({"msg": "memory_sample", "rss_bytes": rss_bytes(), "queue_depth": len(queue), "cache_size": len(cache), "processed": processed}), flush=True)
        time.sleep(0.1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

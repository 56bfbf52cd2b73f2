# memgate's probe for Python process workloads, loaded by the interpreter as
# `sitecustomize` because memgate puts this file's folder first on PYTHONPATH.
# It runs inside someone's program, so:
#  - it only acts when MEMGATE_PY_RESULT names a result file, and removes that
#    variable at once, so the program's own Python children are not probed;
#  - it chains to the sitecustomize that would have loaded without memgate
#    (a distro's or the user's), which then stands in sys.modules as before;
#  - everything is wrapped: a failure here is recorded as a note, never raised;
#  - nothing goes to stdout or stderr (they are the program's); the result is
#    one JSON file written at exit (atexit, or SIGTERM/SIGHUP with no handler
#    of the program's own: then the signal is re-raised so the process still
#    dies of it, as it would have without memgate).
# What it records: every GC pause from gc.callbacks (start/stop, by
# generation) and, when MEMGATE_PY_TRACEMALLOC=1, the top growers between a
# tracemalloc snapshot taken when memgate's measured phase starts (memgate
# creates the file MEMGATE_PY_MARK names) and one taken at exit.
import os
import sys

_RESULT_ENV = 'MEMGATE_PY_RESULT'
_TRACEMALLOC_ENV = 'MEMGATE_PY_TRACEMALLOC'
_MARK_ENV = 'MEMGATE_PY_MARK'
_MAX_PAUSES = 200000
_TOP_GROWERS = 10


def _chain_to_the_real_sitecustomize():
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        import importlib.machinery
        import importlib.util

        rest = [entry for entry in sys.path if os.path.abspath(entry or '.') != here]
        spec = importlib.machinery.PathFinder.find_spec('sitecustomize', rest)
        if spec is None or spec.loader is None:
            return None
        module = importlib.util.module_from_spec(spec)
        sys.modules['sitecustomize'] = module
        spec.loader.exec_module(module)
        return None
    except Exception as error:  # the user's own sitecustomize failed: Python would print and go on
        return 'the program\'s own sitecustomize raised %s: %s' % (type(error).__name__, error)


class _Probe:
    def __init__(self, result_file, tracemalloc_wanted, mark_file):
        import time
        from array import array

        self.clock = time.perf_counter_ns
        self.wall = time.time
        self.result_file = result_file
        self.mark_file = mark_file
        self.started_at = self.wall() * 1000
        # 9 bytes a collection (a float list would be ~32): 200,000 pauses hold under 2 MB in the program.
        self.generations = bytearray()
        self.durations = array('d')
        self.dropped = 0
        self.gc_started = None
        self.written = False
        self.notes = []
        self.tracemalloc_wanted = tracemalloc_wanted
        self.first_snapshot = None

    def on_gc(self, phase, info):
        try:
            if phase == 'start':
                self.gc_started = self.clock()
                return
            if self.gc_started is None:
                return
            ms = (self.clock() - self.gc_started) / 1e6
            self.gc_started = None
            if len(self.durations) >= _MAX_PAUSES:
                self.dropped += 1
                return
            self.durations.append(ms)
            self.generations.append(min(2, max(0, int(info.get('generation', 0)))))
        except Exception:
            pass

    def start_tracemalloc(self):
        import threading
        import time
        import tracemalloc

        tracemalloc.start(1)

        # Waits for memgate's mark (the measured phase began) and takes the first snapshot then, so
        # imports and start-up allocations are not reported as growth.
        def wait_for_mark():
            try:
                while self.first_snapshot is None and not self.written:
                    if self.mark_file and os.path.exists(self.mark_file):
                        self.first_snapshot = tracemalloc.take_snapshot()
                        return
                    time.sleep(0.05)
            except Exception as error:
                self.notes.append('tracemalloc: the start snapshot failed: %s' % error)

        threading.Thread(target=wait_for_mark, name='memgate-tracemalloc', daemon=True).start()

    def top_growers(self):
        import tracemalloc

        if not tracemalloc.is_tracing():
            return None
        last = tracemalloc.take_snapshot()
        first = self.first_snapshot
        if first is None:
            self.notes.append('tracemalloc: memgate\'s measured phase never started; growth is counted from start-up')
            first = _empty_snapshot(last)
        keep = [tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, __file__)]
        stats = last.filter_traces(keep).compare_to(first.filter_traces(keep), 'lineno')
        growers = []
        for stat in stats:
            if stat.size_diff <= 0:
                continue
            frame = stat.traceback[0]
            growers.append(
                {'file': frame.filename, 'line': frame.lineno, 'sizeDiff': stat.size_diff, 'countDiff': stat.count_diff}
            )
            if len(growers) >= _TOP_GROWERS:
                break
        return growers

    def write(self):
        if self.written:
            return
        self.written = True
        growers = None
        try:
            if self.tracemalloc_wanted:
                growers = self.top_growers()
        except Exception as error:
            self.notes.append('tracemalloc: the diff failed: %s' % error)
        if self.dropped:
            self.notes.append('only the first %d of %d GC pauses are kept' % (_MAX_PAUSES, _MAX_PAUSES + self.dropped))
        try:
            import json

            result = {
                'pid': os.getpid(),
                'python': sys.version.split()[0],
                'startedAt': self.started_at,
                'endedAt': self.wall() * 1000,
                'gc': {'generations': list(self.generations), 'ms': [round(ms, 6) for ms in self.durations]},
                'tracemalloc': growers,
                'notes': self.notes,
            }
            with open(self.result_file, 'w') as out:
                json.dump(result, out)
        except Exception:
            pass  # memgate notes a missing result; the program's exit must not break


def _empty_snapshot(like):
    import tracemalloc

    return tracemalloc.Snapshot([], like.traceback_limit)


def _install(probe):
    import atexit
    import gc
    import signal

    gc.callbacks.append(probe.on_gc)
    if probe.tracemalloc_wanted:
        probe.start_tracemalloc()
    atexit.register(probe.write)

    def on_signal(signum, frame):
        # Still ours when it fires: the program never installed a handler, so it would have died of it.
        probe.write()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    for name in ('SIGTERM', 'SIGHUP'):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            signal.signal(number, on_signal)


def _main():
    result_file = os.environ.pop(_RESULT_ENV, None)
    tracemalloc_wanted = os.environ.pop(_TRACEMALLOC_ENV, None) == '1'
    mark_file = os.environ.pop(_MARK_ENV, None)
    probe = None
    if result_file:
        try:
            probe = _Probe(result_file, tracemalloc_wanted, mark_file)
            _install(probe)
        except Exception:
            probe = None
    note = _chain_to_the_real_sitecustomize()
    if note and probe is not None:
        probe.notes.append(note)


try:
    _main()
except Exception:
    pass

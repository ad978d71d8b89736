"""Progress of a run, counted in inputs finished (articles written, unchanged, duplicates,
rejects), not files read: reading runs ahead of the work, so a count of files read sits near
100% long before the end.

On a terminal it is a tqdm bar with rate and ETA, left on screen at the end. Without one (a
log file, CI, nohup), one line goes to stderr at most every `EVERY` seconds, so a long run
is never silent until its end. The total grows as JSONL files turn out to hold many inputs.
"""
from __future__ import annotations

import sys
import time

EVERY = 10.0   # seconds between two progress lines without a terminal


def _duration(s: float) -> str:
    s = int(round(s))
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else (f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s")


class Progress:
    def __init__(self, total: int, stream=None, every: float | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.total = total
        self.done = 0
        self.every = EVERY if every is None else every
        self.t0 = self.last = time.monotonic()
        self.bar = None
        isatty = getattr(self.stream, "isatty", None)
        if isatty is not None and isatty():
            from tqdm import tqdm
            self.bar = tqdm(total=total, unit="input", file=self.stream, leave=True, dynamic_ncols=True,
                            smoothing=0.1, desc="run")

    def add_total(self, n: int) -> None:
        """`n` more inputs than counted (a JSONL file holding several)."""
        if n:
            self.total += n
            if self.bar is not None:
                self.bar.total = self.total
                self.bar.refresh()

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self.stream.write(self.line(now) + "\n")
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        el = (now or time.monotonic()) - self.t0
        rate = self.done / el if el > 0 else 0.0
        pct = f" ({100 * self.done / self.total:.0f}%)" if self.total else ""
        eta = f", ETA {_duration((self.total - self.done) / rate)}" if rate > 0 and self.total >= self.done else ""
        return f"progress: {self.done}/{self.total} inputs{pct}, {rate:.1f}/s, {_duration(el)} elapsed{eta}"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

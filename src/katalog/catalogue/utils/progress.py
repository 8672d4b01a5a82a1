"""A plain text progress bar for the CLI (no dependency; redraws one line on a terminal)."""

import sys
import time


class ProgressBar:
    def __init__(self, *, stream=None, label: str = "", width: int = 30):
        self.stream = stream or sys.stderr
        self.label = label
        self.width = width
        self.started = time.perf_counter()
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_percent = -1

    def update(self, done: int, total: int) -> None:
        percent = 100 if not total else min(100, int(done * 100 / total))
        if percent == self._last_percent:
            return
        if not self.interactive and percent % 10 and percent != 100:
            return  # a log file gets a line every 10%
        self._last_percent = percent
        filled = self.width * percent // 100
        bar = "#" * filled + "-" * (self.width - filled)
        elapsed = time.perf_counter() - self.started
        line = f"{self.label} [{bar}] {percent:3d}% {done}/{total} ({elapsed:.1f} s)"
        self.stream.write(("\r" + line) if self.interactive else line + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.interactive and self._last_percent >= 0:
            self.stream.write("\n")
            self.stream.flush()

"""A one-line progress display for management commands: `[#####-----]  48%  48,000/100,000 正在校验…`.

On a terminal the line redraws in place (at most ten times a second); into a log or a pipe it prints a
plain line every `plain_every` seconds so logs stay readable.
"""

from __future__ import annotations

import sys
import time

BAR_WIDTH = 30


class ProgressLine:
    def __init__(self, stream=None, *, min_interval: float = 0.1, plain_every: float = 5.0):
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = min_interval if self.tty else plain_every
        self._last = 0.0
        self._width = 0

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        now = time.monotonic()
        finished = bool(total) and done >= total
        if now - self._last < self.interval and not finished:
            return
        self._last = now
        line = self.render(done, total, message)
        if self.tty:
            self.stream.write("\r" + line.ljust(self._width))
            self._width = max(self._width, len(line))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    @staticmethod
    def render(done: int, total: int | None, message: str = "") -> str:
        if total:
            share = min(1.0, done / total)
            bar = "#" * int(share * BAR_WIDTH)
            return f"[{bar.ljust(BAR_WIDTH, '-')}] {share:4.0%}  {message}".rstrip()
        return f"[{'?' * BAR_WIDTH}]  {message}".rstrip()

    def close(self) -> None:
        if self.tty and self._width:
            self.stream.write("\n")
            self.stream.flush()

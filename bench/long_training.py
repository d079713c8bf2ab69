"""An hour of training in the window, the loss plot open: is memory flat, is the plot still fast?

Drives the real window offscreen: the Tiny Shakespeare sample, a character tokenizer, the
`tiny` LSTM preset (the fastest steps, so the most points on the plot in an hour), trained
with a time limit and no step limit, on the Train page so the live plot redraws as a person
would see it. Every `--every` seconds it records the process's resident memory (VmRSS), the
points on the plot, and the time to redraw and paint the loss plot (`redraw()` + `grab()`).

The peer is the app's own first minutes: "flat" means the growth after `--settle` minutes,
reported in MB per hour, beside the memory at that point. Redraws are compared with the
50 ms limit of issue #8.

    QT_QPA_PLATFORM=offscreen python bench/long_training.py --minutes 60
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LMSTUDIO_DATA_DIR", tempfile.mkdtemp(prefix="lmstudio-long-"))
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="lmstudio-long-config-"))

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

RESULTS = Path(__file__).resolve().parent / "results" / "raw" / "long_training.json"


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--every", type=float, default=30.0, help="seconds between samples")
    parser.add_argument("--settle", type=float, default=5.0, help="minutes before 'flat'")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    app = QApplication(sys.argv[:1])
    from lmstudio_app.ui import MainWindow

    window = MainWindow()
    window.settings.setValue("runs_folder", os.path.join(os.environ["LMSTUDIO_DATA_DIR"], "runs"))
    window.resize(1280, 860)
    window.show()

    def settle(condition, timeout: float = 600) -> None:  # type: ignore[no-untyped-def]
        started = time.monotonic()
        while not condition():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if time.monotonic() - started > timeout:
                raise TimeoutError("the window did not get there in time")

    settle(window.pages_built)
    window.corpus_page.load_sample("shakespeare")
    settle(lambda: window.session.splits is not None)
    window.tokenizer_page.build()
    settle(lambda: window.session.tokenizer is not None)
    page = window.model_page
    page.set_family("lstm")
    page.apply_preset("tiny")
    # The tiny preset with the time limit raised: a custom setup, as a person would make it.
    train_spec = dataclasses.replace(page.train_form.value(), max_minutes=args.minutes, max_steps=0)
    page.set_specs("lstm", page.model_form.value(), train_spec, None)
    window.go_to(window.train_page)
    window.train_page.max_steps.setValue(0)
    plot = window.train_page.loss_plot
    window.train_page.start()
    settle(window.train_page.is_training)
    started = time.monotonic()
    samples = []
    next_sample = started
    while window.train_page.is_training():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        now = time.monotonic()
        if now >= next_sample:
            next_sample += args.every
            t0 = time.perf_counter()
            plot.redraw()
            plot.grab()
            redraw_ms = (time.perf_counter() - t0) * 1000
            samples.append(
                {
                    "minutes": (now - started) / 60,
                    "rss_mb": resident_mb(),
                    "points": plot.point_count("train"),
                    "redraw_ms": redraw_ms,
                }
            )
            print(json.dumps(samples[-1]), flush=True)
    window.close()

    after = [s for s in samples if s["minutes"] >= args.settle]
    summary: dict[str, object] = {"samples": samples, "minutes": args.minutes}
    if len(after) >= 2:
        span_h = (after[-1]["minutes"] - after[0]["minutes"]) / 60
        growth = after[-1]["rss_mb"] - after[0]["rss_mb"]
        summary.update(
            rss_at_settle_mb=after[0]["rss_mb"],
            rss_at_end_mb=after[-1]["rss_mb"],
            growth_mb_per_hour=growth / span_h if span_h > 0 else float("nan"),
            points_at_end=after[-1]["points"],
            redraw_ms_median_last10=statistics.median(s["redraw_ms"] for s in samples[-10:]),
            redraw_ms_max=max(s["redraw_ms"] for s in samples),
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=1))
    print({k: v for k, v in summary.items() if k != "samples"})
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Render every page of the window offscreen into docs/screenshots/ (`make screenshots`).

Drives the real workflow: the Tiny Shakespeare sample, a character tokenizer, a small LSTM
trained for a few hundred steps, then generation with the probability bars showing.
`--language zh_CN` renders the Chinese interface (on the Book of Songs sample, with a prompt
in Chinese) into docs/screenshots/zh_CN/.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LMSTUDIO_DATA_DIR", tempfile.mkdtemp(prefix="lmstudio-shots-"))

from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300, help="training steps before the shots")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--language", default="en", help="en or zh_CN")
    args = parser.parse_args()
    chinese = args.language == "zh_CN"
    args.out = args.out or (OUT / "zh_CN" if chinese else OUT)
    # Remembered settings in a fresh temporary folder, on every OS: shoot what a new user
    # sees, not the choices (model family, tokenizer, presentation mode) this machine's own
    # use of the app left behind.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        tempfile.mkdtemp(prefix="lmstudio-shots-settings-"),
    )
    app = QApplication(sys.argv[:1])
    from lmstudio_app.ui import MainWindow
    from lmstudio_app.ui.translations import install_translators, use_language_fonts

    if chinese:
        if not install_translators("zh_CN"):
            raise SystemExit("the zh_CN catalogue did not load: run `make translations`")
        use_language_fonts(app, "zh_CN")

    window = MainWindow()
    window.settings.setValue("runs_folder", os.path.join(os.environ["LMSTUDIO_DATA_DIR"], "runs"))
    window.resize(1360, 900)
    window.show()

    def settle(condition: Callable[[], bool] = lambda: True, timeout: float = 600) -> None:
        started = time.monotonic()
        while not condition():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if time.monotonic() - started > timeout:
                raise TimeoutError("the window did not get there in time")
        for _ in range(10):
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    def shot(name: str) -> None:
        settle()
        args.out.mkdir(parents=True, exist_ok=True)
        path = args.out / f"{name}.png"
        window.grab().save(str(path))
        print(path)

    window.corpus_page.load_sample("shijing" if chinese else "shakespeare")
    settle(lambda: window.session.splits is not None)
    shot("1-corpus")
    window.go_to(window.tokenizer_page)
    window.tokenizer_page.build()
    settle(lambda: window.session.tokenizer is not None)
    window.tokenizer_page.compare_all()
    settle(lambda: not window.tokenizer_page.comparer.is_running())
    shot("2-tokenizer")
    window.go_to(window.model_page)
    window.model_page.apply_preset("small")
    # the time per epoch measured on this computer, once the engine has loaded
    settle(lambda: "step_seconds" in window.model_page.estimates)
    shot("3-model")
    # how long to train is the Model page's: args.steps steps, no other limit
    form = window.model_page.train_form
    for name, value in (("max_steps", args.steps), ("epochs", 0), ("max_minutes", 0.0)):
        form.widget(name).setValue(value)
    window.go_to(window.train_page)
    window.train_page.start()
    settle(lambda: not window.train_page.is_training() and window.session.active_model is not None)
    shot("4-train")
    window.go_to(window.generate_page)
    window.generate_page.prompt.setText("关关" if chinese else "ROMEO:")
    window.generate_page.generate()
    settle(lambda: not window.generate_page.pump.is_running())
    window.generate_page.step()
    shot("5-generate")
    window.go_to(window.runs_page)
    shot("6-runs")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

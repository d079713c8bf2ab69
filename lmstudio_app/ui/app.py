"""Start the application: QApplication, the main window, the event loop."""

from __future__ import annotations

import sys


def run_app(paths: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from lmstudio_app import __version__
    from lmstudio_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Language Model Studio")
    app.setOrganizationName("LanguageModelStudio")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("io.github.lmstudio_app.LanguageModelStudio")
    window = MainWindow()
    window.show()
    for path in paths or []:
        window.open_corpus(path)
    return app.exec()

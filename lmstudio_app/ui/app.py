"""Start the application: QApplication, the main window, the event loop."""

from __future__ import annotations

import sys
from pathlib import Path

APP_ID = "io.github.lmstudio_app.LanguageModelStudio"


def app_icon_path() -> Path:
    """The app icon (SVG) among the bundled resources."""
    from lmstudio_app.core.resources import resources_dir

    return resources_dir() / "icons" / f"{APP_ID}.svg"


def run_app(paths: list[str] | None = None) -> int:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from lmstudio_app import __version__
    from lmstudio_app.ui.file_open import FileOpenHandler
    from lmstudio_app.ui.main_window import MainWindow, open_settings
    from lmstudio_app.ui.stop_signals import StopSignals
    from lmstudio_app.ui.translations import (
        SETTINGS_KEY,
        install_translators,
        resolve_language,
        use_language_fonts,
    )

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Language Model Studio")
    app.setOrganizationName("LanguageModelStudio")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(app_icon_path())))
    # The language is chosen before any window exists: every string is translated as it is made.
    language = resolve_language(open_settings().value(SETTINGS_KEY))
    install_translators(language)  # the translators are children of the app: they live with it
    use_language_fonts(app, language)
    window = MainWindow()
    # SIGTERM / SIGHUP close the window as Quit does (training saved), instead of killing it.
    StopSignals(window.close_for_signal, app)
    window.show_first()
    for path in paths or []:
        window.open_corpus(path)
    app.installEventFilter(FileOpenHandler(window.open_corpus, app))
    return app.exec()


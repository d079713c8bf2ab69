"""The frozen app's entry point (PyInstaller runs this file as `__main__`).

`multiprocessing.freeze_support()` comes first: in a frozen app on Windows and macOS a child
process started by multiprocessing (a torch DataLoader worker, a process pool) re-runs this
executable, and must run its task instead of opening a second window.

`LMSTUDIO_FIRST_PAINT_PROBE=1` (used only by packaging/measure_first_paint.py) prints
`first paint` and quits as soon as the main window has painted once; without it nothing
changes.
"""

import multiprocessing
import os
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    if os.environ.get("LMSTUDIO_FIRST_PAINT_PROBE"):
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from first_paint_probe import install

        install()
    from lmstudio_app.cli import main

    sys.exit(main())

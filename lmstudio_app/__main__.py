"""`python -m lmstudio_app`: the same as the `lmstudio-app` command."""

import multiprocessing
import sys

from lmstudio_app.cli import main

if __name__ == "__main__":
    # A no-op except in a frozen Windows/macOS app, where a child process started by
    # multiprocessing re-runs this entry point and must not open a second window.
    multiprocessing.freeze_support()
    sys.exit(main())

"""`python -m lmstudio_app`: the same as the `lmstudio-app` command."""

import multiprocessing
import os
import sys

from lmstudio_app.cli import main

if __name__ == "__main__":
    # A no-op except in a frozen Windows/macOS app, where a child process started by
    # multiprocessing re-runs this entry point and must not open a second window.
    multiprocessing.freeze_support()
    code = main()
    if "lmstudio_app.commands.train_distributed" in sys.modules:
        # One of torchrun's processes, its work done, its files written and its process
        # group left: it ends here, without the interpreter's teardown, in which gloo's
        # threads still being destroyed once aborted a follower ("terminate called without
        # an active exception", exit code -6, seen under load) and made torchrun fail a run
        # that had finished.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code or 0)
    sys.exit(code)

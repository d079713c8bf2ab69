"""`python -m lmstudio_app`: the same as the `lmstudio-app` command."""

import sys

from lmstudio_app.cli import main

if __name__ == "__main__":
    sys.exit(main())

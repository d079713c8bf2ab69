"""Moved to `lmstudio_app.core.runs.unfinished`; this name stays importable for older code.

The old module name is the new module itself (not a copy), so patching one patches both.
"""

import sys

from lmstudio_app.core.runs import unfinished

sys.modules[__name__] = unfinished

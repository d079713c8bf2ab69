"""Moved to `lmstudio_app.core.runs.paths`; this name stays importable for older code.

The old module name is the new module itself (not a copy), so patching one patches both.
"""

import sys

from lmstudio_app.core.runs import paths

sys.modules[__name__] = paths

"""Moved to `lmstudio_app.core.runs.checks`; this name stays importable for older code.

The old module name is the new module itself (not a copy), so patching one patches both.
"""

import sys

from lmstudio_app.core.runs import checks

sys.modules[__name__] = checks

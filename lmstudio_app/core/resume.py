"""Moved to `lmstudio_app.core.runs.source`; this name stays importable for older code.

The old module name is the new module itself (not a copy), so patching one patches both.
"""

import sys

from lmstudio_app.core.runs import source

sys.modules[__name__] = source

"""The product's brain: corpora, tokenizers, models, training, generation, run folders.

Nothing in this package imports Qt, pyqtgraph or `lmstudio_app.ui` (an import-linter contract
checks it), so the command line and the tests can do everything the window does.
"""

"""Language Model Studio: see how a language model learns, from tokens to generated text."""

__version__ = "0.1.0"

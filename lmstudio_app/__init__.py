"""Language Model Studio: see how a language model learns, from tokens to generated text."""

import os as _os

__version__ = "0.1.0"

# Before torch loads OpenMP: let its idle threads sleep instead of spinning. With spinning
# threads, training on 2 threads while anything else wants a core (the window, another
# program) ran at half the speed of 1 thread; sleeping threads lose nothing when the machine
# is quiet and keep 2 threads as fast as 1 when it is not (bench/results/recurrent.md).
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

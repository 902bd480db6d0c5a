"""Loaded by scripts/schemathesis through SCHEMATHESIS_HOOKS.

Python 3.11's AST constructor checks its recursion depth in state its threads share, so two of
schemathesis's workers describing a Hypothesis lambda at the same moment (which parses and compiles the
lambda's source) can trip `SystemError: AST constructor recursion depth mismatch`. Schemathesis reports
that as an error of its own ("Inconsistent results"), nothing GridHub answered is involved, and it came
up in about a third of the runs. One lock around the description keeps the workers apart there.
"""

import threading

from hypothesis.internal import lambda_sources

_lock = threading.RLock()
_describe = lambda_sources._lambda_description


def _one_at_a_time(*args, **kwargs):
    with _lock:
        return _describe(*args, **kwargs)


lambda_sources._lambda_description = _one_at_a_time

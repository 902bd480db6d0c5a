"""Loaded by scripts/schemathesis through SCHEMATHESIS_HOOKS.

Python 3.11's AST constructor checks its recursion depth in state its threads share, so two of
schemathesis's workers turning source into an AST at the same moment (Hypothesis does, to describe a
lambda: `ast.parse` and `compile` of its source) can trip `SystemError: AST constructor recursion depth
mismatch`. Schemathesis reports that as an error of its own ("Inconsistent results"); nothing GridHub
answered is involved, and it came up in about a third of the runs. One lock around every parse and
compile in this process keeps the workers apart there.
"""

import ast
import builtins
import threading

from hypothesis.internal import lambda_sources

_lock = threading.RLock()


def _taking_turns(function):
    def one_at_a_time(*args, **kwargs):
        with _lock:
            return function(*args, **kwargs)

    return one_at_a_time


ast.parse = _taking_turns(ast.parse)
builtins.compile = _taking_turns(builtins.compile)
lambda_sources._lambda_description = _taking_turns(lambda_sources._lambda_description)

"""jaxpool's activations against golden values recorded from PyTorch (no
PyTorch needed).

The values in ``tests/support/golden/activation_golden.npz`` come from
``tools/golden/record_activation_golden.py`` (PyTorch 2.13 CPU) on the cases of
``tests/support/activation_cases.py``: every activation over special inputs
(+-inf, NaN, +-0, large magnitudes, kinks), in float32, float16 and bfloat16,
with the gradient of ``sum(output * cotangent)``; prelu and Softmax2d also
channels-last. The inputs are read from the file, so the check does not depend
on the case generators.
"""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from tests.support import activation_cases as C
from tests.support import activation_check

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "support", "golden",
                      "activation_golden.npz")

with np.load(GOLDEN) as _data:
  DATA = {k: _data[k] for k in _data.files}
INDEX = json.loads(str(DATA["index"]))
TORCH_VERSION = str(DATA["torch_version"])


def _case(entry) -> dict:
  case = dict(entry)
  for key in ("input", "cotangent", "weight"):
    if f"{entry['name']}/{key}" in DATA:
      case[key] = DATA[f"{entry['name']}/{key}"]
  return case


CASES = [_case(e) for e in INDEX]


def _results(dtype: str) -> dict:
  return activation_check.cached_results(CASES, dtype)


@pytest.mark.parametrize("dtype", C.DTYPES)
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_matches_pytorch(case, dtype):
  name = case["name"]
  expected = {k.rsplit("/", 1)[1]: v for k, v in DATA.items()
              if k.startswith(f"{name}/{dtype}/")}
  for layout in activation_check.layouts(case):
    got = _results(dtype)[(name, layout)]
    activation_check.assert_matches(name, dtype, got, expected, layout)


def test_golden_file_covers_every_case():
  assert TORCH_VERSION.startswith("2.")
  names = [c["name"] for c in CASES]
  assert len(names) == len(set(names))
  # The recorded cases are the current case table: re-record after editing.
  assert names == [c["name"] for c in C.all_cases()]
  ops = {c["op"] for c in CASES}
  for op in ("relu", "relu6", "leaky_relu", "prelu", "rrelu", "elu", "selu",
             "celu", "gelu", "silu", "mish", "sigmoid", "tanh", "hardtanh",
             "hardswish", "hardsigmoid", "softplus", "softsign", "softshrink",
             "hardshrink", "tanhshrink", "threshold", "glu", "logsigmoid",
             "softmax", "log_softmax", "softmin", "softmax2d"):
    assert op in ops, op

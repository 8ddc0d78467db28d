"""Adaptive and fractional max pooling against golden values recorded from
PyTorch by ``tools/golden/record_adaptive_golden.py`` (no PyTorch needed).

Each case runs in PyTorch's layout (``channels_last=False``; the layouts are
compared with each other in ``tests/functional/test_adaptive.py``) and is
checked for values, indices and the gradient of ``sum(output * cotangent)``.
"""

from __future__ import annotations

import json
import os

import jax
import numpy as np
import pytest

import jaxpool.functional as F

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "support", "golden",
                      "adaptive_golden.npz")

with np.load(GOLDEN) as _data:
  DATA = {k: _data[k] for k in _data.files}
CASES = json.loads(str(DATA["index"]))
TORCH_VERSION = str(DATA["torch_version"])


def _kwargs(case) -> dict:
  return {k: tuple(v) if isinstance(v, list) else v
          for k, v in case["kwargs"].items()}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_matches_pytorch(case):
  name, op = case["name"], case["op"]
  fn, kw = getattr(F, op), _kwargs(case)
  x = DATA[f"{name}/input"]
  if op.startswith("fractional"):
    kw["samples"] = DATA[f"{name}/samples"]
  if "max" in op:
    f = lambda v: fn(v, return_indices=True, channels_last=False, **kw)
    out, vjp_fn, idx = jax.vjp(f, x, has_aux=True)
    np.testing.assert_array_equal(idx, DATA[f"{name}/indices"],
                                  err_msg=f"{name}: indices")
  else:
    out, vjp_fn = jax.vjp(lambda v: fn(v, channels_last=False, **kw), x)
  assert out.dtype == np.float32
  np.testing.assert_allclose(out, DATA[f"{name}/output"], rtol=1e-6,
                             atol=1e-6, equal_nan=True,
                             err_msg=f"{name}: values")
  (grad,) = vjp_fn(DATA[f"{name}/cotangent"])
  np.testing.assert_allclose(grad, DATA[f"{name}/grad"], rtol=1e-5,
                             atol=1e-5, err_msg=f"{name}: gradient")


def test_golden_file_metadata():
  assert TORCH_VERSION.startswith("2.")
  assert len(CASES) == len({c["name"] for c in CASES})
  ops = {c["op"] for c in CASES}
  for n in (1, 2, 3):
    assert {f"adaptive_max_pool{n}d", f"adaptive_avg_pool{n}d"} <= ops
  assert {"fractional_max_pool2d", "fractional_max_pool3d"} <= ops

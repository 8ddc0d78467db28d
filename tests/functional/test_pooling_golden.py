"""jaxpool against golden values recorded from PyTorch (no PyTorch needed).

The values in ``tests/support/golden/pooling_golden.npz`` come from
``tools/golden/record_pooling_golden.py`` (PyTorch CPU). Each case is run in
PyTorch's layout (``channels_last=False``) and in channels-last layout (the
input's channel axis moved last, the result moved back), and checked for
values, indices and the gradient of ``sum(output * cotangent)``.
"""

from __future__ import annotations

import json
import os

import jax
import numpy as np
import pytest

import jaxpool.functional as F

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "support", "golden",
                      "pooling_golden.npz")

with np.load(GOLDEN) as _data:
  DATA = {k: _data[k] for k in _data.files}
CASES = json.loads(str(DATA["index"]))
TORCH_VERSION = str(DATA["torch_version"])

VALUE_TOL = dict(rtol=1e-6, atol=1e-6)
GRAD_TOL = dict(rtol=1e-5, atol=1e-5)


def _to_last(a: np.ndarray) -> np.ndarray:
  return np.moveaxis(a, 1, -1)


def _to_first(a) -> np.ndarray:
  return np.moveaxis(np.asarray(a), -1, 1)


def _kwargs(case, channels_last: bool) -> dict:
  kw = {k: tuple(v) if isinstance(v, list) else v
        for k, v in case["kwargs"].items()}
  out_size = kw.get("output_size")
  if channels_last and out_size is not None and len(out_size) == (
      int(case["op"][-2]) + 2):
    # The full (N, C, *spatial) form becomes (N, *spatial, C).
    kw["output_size"] = (out_size[0], *out_size[2:], out_size[1])
  return kw


def _run(case, channels_last: bool):
  """Returns (output, indices or None, vjp_fn), all in jaxpool's layout."""
  name, op = case["name"], case["op"]
  fn = getattr(F, op)
  kw = _kwargs(case, channels_last)
  conv = _to_last if channels_last else (lambda a: a)
  x = conv(DATA[f"{name}/input"])
  if op.startswith("max_pool"):
    f = lambda v: fn(v, return_indices=True, channels_last=channels_last,
                     **kw)
    out, vjp_fn, idx = jax.vjp(f, x, has_aux=True)
    return out, idx, vjp_fn
  if op.startswith("max_unpool"):
    ind = conv(DATA[f"{name}/unpool_indices"]).astype(np.int32)
    f = lambda v: fn(v, ind, channels_last=channels_last, **kw)
  else:
    f = lambda v: fn(v, channels_last=channels_last, **kw)
  out, vjp_fn = jax.vjp(f, x)
  return out, None, vjp_fn


# Every case in PyTorch's layout; every other case also channels-last (each
# op in both: see test_golden_file_metadata). The layouts' agreement on
# every case is tested against the oracle in test_pooling.py; compiles are
# what the suite's time is spent on.
LAYOUT_CASES = [(case, last) for i, case in enumerate(CASES)
                for last in ((False, True) if i % 2 == 0 else (False,))]


@pytest.mark.parametrize(
    "case, channels_last", LAYOUT_CASES,
    ids=[c["name"] + ("-channels_last" if last else "-channels_first")
         for c, last in LAYOUT_CASES])
def test_matches_pytorch(case, channels_last):
  name = case["name"]
  back = _to_first if channels_last else np.asarray
  conv = _to_last if channels_last else (lambda a: a)
  out, idx, vjp_fn = _run(case, channels_last)

  expected = DATA[f"{name}/output"]
  assert out.dtype == np.float32
  np.testing.assert_allclose(back(out), expected, equal_nan=True,
                             err_msg=f"{name}: values", **VALUE_TOL)
  if idx is not None:
    assert idx.dtype == (np.int64 if jax.config.jax_enable_x64 else np.int32)
    np.testing.assert_array_equal(
        back(idx).astype(np.int64), DATA[f"{name}/indices"],
        err_msg=f"{name}: indices")
  if case["has_grad"]:
    (grad,) = vjp_fn(conv(DATA[f"{name}/cotangent"]))
    np.testing.assert_allclose(back(grad), DATA[f"{name}/grad"],
                               err_msg=f"{name}: gradient", **GRAD_TOL)


def test_golden_file_metadata():
  assert TORCH_VERSION.startswith("2.")
  assert len(CASES) == len({c["name"] for c in CASES})
  for op in ("max_pool", "avg_pool", "lp_pool", "max_unpool"):
    for n in (1, 2, 3):
      for last in (False, True):
        assert any(c["op"] == f"{op}{n}d" for c, cl in LAYOUT_CASES
                   if cl == last), (f"{op}{n}d", last)

"""Runs the PyTorch comparison cases of tests/support/activation_cases.py
through jaxpool and compares them with PyTorch's results (live or golden).

All cases of one dtype run under ONE ``jax.jit`` (one compilation per dtype),
in PyTorch's layout and, for prelu and Softmax2d, also channels-last (the
input's channel axis moved last, the results moved back).
"""

from __future__ import annotations

import hashlib
import json

import jax
import jax.numpy as jnp
import numpy as np

import jaxpool.functional as F
from tests.support import activation_cases as C


def layouts(case) -> tuple[str, ...]:
  """The layouts a case runs in: PyTorch's, and channels-last if it has
  channels (rank >= 2 for prelu; always for softmax2d)."""
  if case["kind"] == "softmax2d" or (case["kind"] == "prelu"
                                     and case["input"].ndim >= 2):
    return ("channels_first", "channels_last")
  return ("channels_first",)


def _channel_axis(case) -> int:
  return -3 if case["kind"] == "softmax2d" else 1


def _fn(case, channels_last: bool):
  kind, op, kw = case["kind"], case["op"], dict(case["kwargs"])
  if kind == "prelu":
    return lambda x, w: F.prelu(x, w, channels_last=channels_last)
  if kind == "softmax2d":
    return lambda x: F.softmax2d(x, channels_last=channels_last)
  return lambda x: getattr(F, op)(x, **kw)


def run_all(cases, dtype: str) -> dict:
  """``{(name, layout): {"output", "grad"[, "grad_weight"]}}`` as float32
  NumPy arrays in PyTorch's layout."""
  dt = jnp.dtype(dtype)

  def compute(arrays):
    results = {}
    for case in cases:
      a = arrays[case["name"]]
      for layout in layouts(case):
        last = layout == "channels_last"
        ax = _channel_axis(case)
        move = (lambda v: jnp.moveaxis(v, ax, -1)) if last else (lambda v: v)
        back = (lambda v: jnp.moveaxis(v, -1, ax)) if last else (lambda v: v)
        x = move(a["input"].astype(dt))
        cot = move(a["cotangent"].astype(dt))
        fn = _fn(case, last)
        if case["kind"] == "prelu":
          w = a["weight"].astype(dt)
          out, vjp = jax.vjp(fn, x, w)
          gx, gw = vjp(cot)
          extra = {"grad_weight": gw.astype(jnp.float32)}
        else:
          out, vjp = jax.vjp(fn, x)
          (gx,), extra = vjp(cot), {}
        assert out.dtype == dt and gx.dtype == dt
        results[(case["name"], layout)] = dict(
            output=back(out).astype(jnp.float32),
            grad=back(gx).astype(jnp.float32), **extra)
    return results

  arrays = {c["name"]: {k: c[k] for k in ("input", "cotangent", "weight")
                        if k in c} for c in cases}
  return jax.device_get(jax.jit(compute)(arrays))


_CACHE: dict = {}


def cached_results(cases, dtype: str) -> dict:
  """``run_all``, computed once per session for the same cases and inputs
  (the live and golden tests share it when the recorded inputs are the
  generated ones)."""
  h = hashlib.sha1(json.dumps(
      [[c["name"], c["op"], c["kwargs"]] for c in cases]).encode())
  for c in cases:
    for k in ("input", "cotangent", "weight"):
      if k in c:
        h.update(np.ascontiguousarray(c[k], np.float32).tobytes())
  key = (dtype, h.hexdigest())
  if key not in _CACHE:
    _CACHE[key] = run_all(cases, dtype)
  return _CACHE[key]


def assert_matches(name: str, dtype: str, got: dict, expected: dict,
                   layout: str = ""):
  assert set(got) == set(expected), (name, set(got), set(expected))
  for key, want in expected.items():
    tol = C.tolerance(name, dtype, "value" if key == "output" else "grad")
    np.testing.assert_allclose(
        np.asarray(got[key]), want, equal_nan=True,
        err_msg=f"{name} [{dtype}, {layout}]: {key}", **tol)

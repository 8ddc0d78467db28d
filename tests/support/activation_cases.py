"""The activation cases compared with PyTorch, shared by the live tests
(tests/functional/test_activations_torch.py), the golden-value recorder
(tools/golden/record_activation_golden.py) and the golden tests.

No PyTorch here. Every op name and keyword is the same in
``torch.nn.functional`` and ``jaxpool.functional`` (that is the point), so a
case is ``(name, op, kwargs)`` called as ``<module>.<op>(x, **kwargs)`` on both
sides. Elementwise cases run on ``elementwise_input``: special values (+-inf,
NaN, +-0, large magnitudes, every default kink) plus the case's own kinks and
a few random values. Along-an-axis cases (softmax family, glu) run on
``axis_input``, with -inf, +inf and NaN placed in some slices.
"""

from __future__ import annotations

import zlib

import numpy as np

INF = float("inf")
NAN = float("nan")

SPECIAL = (
    -INF, -1e4, -100.0, -30.0, -20.5, -20.0, -6.0, -3.5, -3.0, -2.5, -1.0,
    -0.5, -1e-3, -0.0, 0.0, 1e-3, 0.5, 1.0, 2.5, 3.0, 3.5, 6.0, 20.0, 20.5,
    30.0, 100.0, 1e4, INF, NAN)

# (name, op, kwargs, extra points: the case's own kinks and their neighbours)
ELEMENTWISE = [
    ("relu", "relu", {}, ()),
    ("relu6", "relu6", {}, (5.999,)),
    ("leaky_relu", "leaky_relu", {}, ()),
    ("leaky_relu_0.2", "leaky_relu", {"negative_slope": 0.2}, ()),
    ("leaky_relu_neg", "leaky_relu", {"negative_slope": -0.5}, ()),
    ("rrelu_eval", "rrelu", {}, ()),
    ("rrelu_eval_0.1_0.9", "rrelu", {"lower": 0.1, "upper": 0.9,
                                     "training": False}, ()),
    ("elu", "elu", {}, ()),
    ("elu_0.5", "elu", {"alpha": 0.5}, ()),
    ("elu_neg", "elu", {"alpha": -1.0}, ()),
    ("selu", "selu", {}, ()),
    ("celu", "celu", {}, ()),
    ("celu_2", "celu", {"alpha": 2.0}, ()),
    ("celu_neg", "celu", {"alpha": -0.5}, ()),
    ("gelu", "gelu", {}, (-5.0, -8.0)),
    ("gelu_tanh", "gelu", {"approximate": "tanh"}, (-5.0, -8.0)),
    ("silu", "silu", {}, (-50.0, -88.0, -90.0)),
    ("mish", "mish", {}, (-50.0, -88.0, -90.0)),
    ("sigmoid", "sigmoid", {}, (-88.0, -90.0, 88.0)),
    ("tanh", "tanh", {}, (8.0, -9.0)),
    ("hardtanh", "hardtanh", {}, (0.999, 1.001, -0.999, -1.001)),
    ("hardtanh_-2_3", "hardtanh", {"min_val": -2.0, "max_val": 3.0},
     (-2.0, 2.999)),
    ("hardtanh_equal", "hardtanh", {"min_val": 0.5, "max_val": 0.5}, ()),
    ("hardswish", "hardswish", {}, (-2.999, 2.999)),
    ("hardsigmoid", "hardsigmoid", {}, (-2.999, 2.999)),
    ("softplus", "softplus", {}, (19.999, 20.001)),
    ("softplus_2_10", "softplus", {"beta": 2.0, "threshold": 10.0},
     (4.999, 5.0, 5.001)),
    ("softplus_neg", "softplus", {"beta": -1.0, "threshold": 20.0}, ()),
    ("softplus_0.5_1", "softplus", {"beta": 0.5, "threshold": 1.0},
     (2.0, 1.999, 2.001)),
    ("softsign", "softsign", {}, ()),
    ("softshrink", "softshrink", {}, (0.499, 0.501, -0.499, -0.501)),
    ("softshrink_1.5", "softshrink", {"lambd": 1.5}, (1.5, -1.5)),
    ("softshrink_0", "softshrink", {"lambd": 0.0}, ()),
    ("hardshrink", "hardshrink", {}, (0.499, 0.501, -0.499, -0.501)),
    ("hardshrink_2", "hardshrink", {"lambd": 2.0}, (2.0, -2.0)),
    ("hardshrink_neg", "hardshrink", {"lambd": -1.0}, ()),
    ("tanhshrink", "tanhshrink", {}, ()),
    ("threshold", "threshold", {"threshold": 1.0, "value": -5.0}, (0.999,)),
    ("threshold_nan", "threshold", {"threshold": -0.5, "value": NAN}, ()),
    ("threshold_inf", "threshold", {"threshold": 0.0, "value": -INF}, ()),
    ("logsigmoid", "logsigmoid", {}, (-88.0, 88.0, 90.0)),
]

# ELU-family gradients in the exponential tail, where the derivative written
# as output + alpha cancels: (op, kwargs) at each of ELU_TAIL_X.
ELU_TAIL = [
    ("elu", {"alpha": 0.5}), ("elu", {"alpha": 1.0}), ("elu", {"alpha": 2.0}),
    ("selu", {}),
    ("celu", {"alpha": 0.5}), ("celu", {"alpha": 1.0}),
    ("celu", {"alpha": 2.0}),
]
ELU_TAIL_X = (-20.0, -50.0, -87.0, -100.0)

# (name, op, kwargs, input shape)
AXIS = [
    ("softmax_dim-1", "softmax", {"dim": -1}, (3, 4, 5)),
    ("softmax_dim0", "softmax", {"dim": 0}, (3, 4, 5)),
    ("softmax_dim1", "softmax", {"dim": 1}, (3, 4, 5)),
    ("softmax_1d", "softmax", {"dim": 0}, (7,)),
    ("log_softmax_dim-1", "log_softmax", {"dim": -1}, (3, 4, 5)),
    ("log_softmax_dim1", "log_softmax", {"dim": 1}, (3, 4, 5)),
    ("softmin_dim-1", "softmin", {"dim": -1}, (3, 4, 5)),
    ("softmin_dim0", "softmin", {"dim": 0}, (3, 4, 5)),
    ("glu_dim-1", "glu", {"dim": -1}, (3, 4, 6)),
    ("glu_dim0", "glu", {"dim": 0}, (4, 3, 5)),
    ("glu_dim1", "glu", {"dim": 1}, (3, 2, 5)),
    ("glu_1d", "glu", {}, (8,)),
]

# (name, input shape in PyTorch's layout, num_parameters). PyTorch's channel
# axis is 1 for rank >= 2, even for unbatched (C, H, W) input; rank < 2 has
# no channel axis.
PRELU = [
    ("prelu_nc_shared", (4, 3), 1),
    ("prelu_nc", (4, 3), 3),
    ("prelu_ncl", (2, 3, 5), 3),
    ("prelu_nchw", (2, 3, 4, 2), 3),
    ("prelu_ncdhw_shared", (1, 2, 2, 3, 2), 1),
    ("prelu_unbatched_chw", (3, 4, 2), 4),
    ("prelu_1d", (7,), 1),
    ("prelu_0d", (), 1),
]

# (name, input shape in PyTorch's layout)
SOFTMAX2D = [
    ("softmax2d_4d", (2, 3, 4, 5)),
    ("softmax2d_3d", (3, 4, 2)),
]

DTYPES = ("float32", "float16", "bfloat16")
EPS = {"float16": 2.0**-10, "bfloat16": 2.0**-7}


def tolerance(name: str, dtype: str, what: str) -> dict:
  """assert_allclose tolerances for ``what`` in ("value", "grad").

  float32: a few ulps, wider where the two libraries' float32 kernels
  round differently: ``1 + erf`` / ``1 + tanh`` cancel in GELU's tail (both
  are within float32 accuracy: PyTorch's -3e-7 against 0.0 at x = -5), and
  ``1 - tanh(x)**2`` in the tanh-GELU's gradient. float16/bfloat16: both
  compute in float32 and round once, so one ulp relative, with an absolute
  ulp of 1 for gradients (PyTorch's backward for sigmoid, tanh, glu and the
  softmax family uses the rounded 16-bit output; jaxpool the float32 one).
  Signed zeros are not compared.
  """
  if dtype != "float32":
    eps = EPS[dtype]
    # PyTorch's 16-bit log_softmax is a few ulps off the correctly rounded
    # result (-0.17273 for -0.17224 in float16).
    loose = what == "grad" or name.startswith("log_softmax")
    return dict(rtol=2 * eps, atol=eps if loose else 1e-6)
  if what == "value":
    return dict(rtol=1e-6, atol=5e-7 if name.startswith("gelu") else 1e-7)
  return dict(rtol=1e-6, atol=3e-6 if name.startswith("gelu") else 5e-7)


def _rng(name: str) -> np.random.Generator:
  return np.random.default_rng(zlib.crc32(name.encode()))


def elementwise_input(name: str, extra=()) -> np.ndarray:
  """Special values, the case's extra points and 12 random values."""
  rand = _rng(name).normal(size=12) * 4.0
  return np.concatenate([np.array(SPECIAL + tuple(extra)),
                         rand]).astype(np.float32)


def axis_input(name: str, shape) -> np.ndarray:
  """Random values, with special values in a few slices along the last axes.

  In the first row (all leading indices 0, along the last axis): one -inf;
  in another, all -inf; elsewhere a NaN and a +inf (for shapes that have the
  room). The softmax family must give 0 at a lone -inf and NaN for a slice
  with NaN, +inf, or only -inf.
  """
  x = _rng(name).normal(size=shape).astype(np.float32) * 2.0
  if len(shape) == 1:
    x[1] = -INF
    return x
  flat = x.reshape(-1, shape[-1])
  flat[0, 1] = -INF
  flat[1, :] = -INF
  flat[2, 0] = NAN
  if flat.shape[0] > 4:
    flat[4, -1] = INF
  return flat.reshape(shape)


def cotangent(name: str, shape) -> np.ndarray:
  return (_rng(name + "/cot").normal(size=shape) * 0.5 + 1.0).astype(
      np.float32)


def special_input(name: str, shape, nan: bool = True) -> np.ndarray:
  """Random values with 0, NaN, -inf, +inf, -0 at the first flat positions
  (without the NaN if not ``nan``)."""
  x = _rng(name).normal(size=shape).astype(np.float32) * 2.0
  flat = x.reshape(-1)
  specials = [0.0] + [NAN] * nan + [-INF, INF, -0.0]
  specials = specials[:max(flat.size - 2, 1)]
  if flat.size == 1:
    specials = [-2.0]
  flat[:len(specials)] = specials
  return flat.reshape(shape)


def prelu_weight(name: str, n: int) -> np.ndarray:
  return _rng(name + "/weight").uniform(-0.5, 1.0, size=n).astype(np.float32)


def all_cases():
  """Every case as a dict: name, kind, op, kwargs and float32 arrays in
  PyTorch's layout (input, cotangent, and weight for prelu)."""
  cases = []
  for name, op, kw, extra in ELEMENTWISE:
    x = elementwise_input(name, extra)
    cases.append(dict(name=name, kind="elementwise", op=op, kwargs=kw,
                      input=x, cotangent=np.ones_like(x)))
  for name, op, kw, shape in AXIS:
    x = axis_input(name, shape)
    out = list(shape)
    if op == "glu":
      out[kw.get("dim", -1)] //= 2
    cases.append(dict(name=name, kind="axis", op=op, kwargs=kw, input=x,
                      cotangent=cotangent(name, tuple(out))))
  for name, shape, n in PRELU:
    # A NaN would make a shared slope's gradient NaN: only per-channel.
    x = special_input(name, shape, nan=n > 1)
    cases.append(dict(name=name, kind="prelu", op="prelu", kwargs={},
                      input=x, weight=prelu_weight(name, n),
                      cotangent=cotangent(name, shape)))
  for name, shape in SOFTMAX2D:
    x = axis_input(name, shape)
    cases.append(dict(name=name, kind="softmax2d", op="softmax2d", kwargs={},
                      input=x, cotangent=cotangent(name, shape)))
  return cases

"""Activations: NumPy references from the definitions, pinned gradient
conventions (kinks, NaN), check_grads in float64, transforms (jit, vmap),
Module == function, the learnable/random layers (PReLU, RReLU, Swish,
Maxout) and every error. PyTorch comparisons are in test_activations_torch.py
(live) and test_activations_golden.py (recorded).

To keep compilation cheap, the elementwise cases run under one ``jax.jit``
per test (cached per session), not one per case.
"""

from __future__ import annotations

import functools
import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax.test_util import check_grads

import jaxpool.functional as F
import jaxpool.nn as jnn
from tests.support import activation_cases as C

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

# ---------------------------------------------------------------------------
# NumPy references (float64), from the definitions in PyTorch's docs; where
# the docs are silent on NaN, from PyTorch's kernel condition (noted).

_erf = np.vectorize(math.erf, otypes=[np.float64])


def _elu(x, alpha):
  return np.where(x > 0, x, alpha * np.expm1(x))


def _softplus(x, beta=1.0, threshold=20.0):
  return np.where(beta * x > threshold, x, np.log1p(np.exp(beta * x)) / beta)


def _softshrink(x, lambd=0.5):
  return np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, 0 * x))


def _gelu(x, approximate="none"):
  if approximate == "tanh":
    inner = math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)
    return 0.5 * x * (1 + np.tanh(inner))
  return x * 0.5 * (1 + _erf(x / math.sqrt(2)))


def _rrelu_eval(x, lower=1 / 8, upper=1 / 3, training=False):
  del training
  return np.where(x > 0, x, x * (lower + upper) / 2)


REF = {
    "relu": lambda x: np.maximum(x, 0),
    "relu6": lambda x: np.minimum(np.maximum(x, 0), 6),
    "leaky_relu": lambda x, negative_slope=0.01: np.where(
        x > 0, x, x * negative_slope),
    "rrelu": _rrelu_eval,
    "elu": lambda x, alpha=1.0: _elu(x, alpha),
    "selu": lambda x: SELU_SCALE * _elu(x, SELU_ALPHA),
    "celu": lambda x, alpha=1.0: np.where(x > 0, x,
                                          alpha * np.expm1(x / alpha)),
    "gelu": _gelu,
    "silu": lambda x: x / (1 + np.exp(-x)),
    "mish": lambda x: x * np.tanh(np.log1p(np.exp(x))),
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "tanh": np.tanh,
    "hardtanh": lambda x, min_val=-1.0, max_val=1.0: np.clip(
        x, min_val, max_val),
    "hardswish": lambda x: x * np.clip(x + 3, 0, 6) / 6,
    "hardsigmoid": lambda x: np.clip(x + 3, 0, 6) / 6,
    "softplus": _softplus,
    "softsign": lambda x: x / (1 + np.abs(x)),
    "softshrink": _softshrink,
    "hardshrink": lambda x, lambd=0.5: np.where(np.abs(x) > lambd, x, 0 * x),
    "tanhshrink": lambda x: x - np.tanh(x),
    # The docs say "x if x > threshold else value"; PyTorch's kernel tests
    # x <= threshold, so NaN stays NaN.
    "threshold": lambda x, threshold, value: np.where(x <= threshold, value,
                                                      x),
    "logsigmoid": lambda x: -np.logaddexp(0, -x),
}


def _softmax_ref(x, dim):
  e = np.exp(x - np.max(x, axis=dim, keepdims=True))
  return e / np.sum(e, axis=dim, keepdims=True)


def _log_softmax_ref(x, dim):
  m = np.max(x, axis=dim, keepdims=True)
  return x - m - np.log(np.sum(np.exp(x - m), axis=dim, keepdims=True))


def _glu_ref(x, dim=-1):
  a, b = np.split(x, 2, axis=dim)
  return a / (1 + np.exp(-b))


AXIS_REF = {
    "softmax": _softmax_ref,
    "log_softmax": _log_softmax_ref,
    "softmin": lambda x, dim: _softmax_ref(-x, dim),
    "glu": _glu_ref,
}


def _call(op, x, kw):
  return getattr(F, op)(x, **kw)


@functools.lru_cache(maxsize=None)
def _all_values():
  """Every case's float32 output, in one jit."""
  cases = C.ELEMENTWISE + C.AXIS
  inputs = {name: C.elementwise_input(name, extra)
            for name, _, _, extra in C.ELEMENTWISE}
  inputs.update({name: C.axis_input(name, shape)
                 for name, _, _, shape in C.AXIS})

  @jax.jit
  def run(xs):
    return {name: _call(op, xs[name], kw) for name, op, kw, _ in cases}

  return inputs, jax.device_get(run(inputs))


@pytest.mark.parametrize("case", C.ELEMENTWISE + C.AXIS,
                         ids=[c[0] for c in C.ELEMENTWISE + C.AXIS])
def test_matches_numpy_definition(case):
  name, op, kw, _ = case
  inputs, values = _all_values()
  x = inputs[name].astype(np.float64)
  with np.errstate(all="ignore"):
    want = (REF[op](x, **kw) if op in REF else AXIS_REF[op](x, **kw))
    want = want.astype(np.float32)  # overflows to inf as float32 would
  assert values[name].dtype == np.float32
  np.testing.assert_allclose(values[name], want, equal_nan=True,
                             **C.tolerance(name, "float32", "value"))


# ---------------------------------------------------------------------------
# Gradient conventions at kinks and NaN (PyTorch's, by the kernels' code).

NAN = float("nan")
INF = float("inf")

# (op, kwargs, x, d/dx)
KINKS = [
    ("relu", {}, 0.0, 0.0), ("relu", {}, -0.0, 0.0), ("relu", {}, NAN, 1.0),
    ("relu", {}, INF, 1.0),
    ("relu6", {}, 0.0, 0.0), ("relu6", {}, 6.0, 0.0), ("relu6", {}, NAN, 1.0),
    ("leaky_relu", {}, 0.0, 0.01), ("leaky_relu", {}, NAN, 0.01),
    ("leaky_relu", {"negative_slope": -0.5}, 0.0, -0.5),
    ("rrelu", {}, 0.0, (1 / 8 + 1 / 3) / 2), ("rrelu", {}, NAN, 0.2291666),
    ("hardtanh", {}, -1.0, 0.0), ("hardtanh", {}, 1.0, 0.0),
    ("hardtanh", {}, 0.999, 1.0), ("hardtanh", {}, NAN, 1.0),
    ("hardtanh", {"min_val": 2.0, "max_val": 2.0}, 2.0, 0.0),
    ("elu", {}, 0.0, 1.0), ("elu", {"alpha": 0.5}, 0.0, 0.5),
    ("elu", {}, NAN, 1.0), ("elu", {}, -INF, 0.0), ("elu", {}, INF, 1.0),
    ("selu", {}, 0.0, SELU_SCALE * SELU_ALPHA), ("selu", {}, NAN, SELU_SCALE),
    ("celu", {"alpha": 2.0}, 0.0, 1.0), ("celu", {}, NAN, 1.0),
    ("hardswish", {}, -3.0, 0.0), ("hardswish", {}, 3.0, 1.0),
    ("hardswish", {}, -2.999, -0.4996667), ("hardswish", {}, NAN, 1.0),
    ("hardsigmoid", {}, -3.0, 0.0), ("hardsigmoid", {}, 3.0, 0.0),
    ("hardsigmoid", {}, NAN, 0.0),
    # x + 3 rounds to 6 here; PyTorch tests x itself.
    ("hardsigmoid", {}, float(np.nextafter(np.float32(3), np.float32(0))),
     1 / 6),
    ("softshrink", {}, 0.5, 0.0), ("softshrink", {}, -0.5, 0.0),
    ("softshrink", {}, 0.5001, 1.0), ("softshrink", {}, NAN, 1.0),
    ("hardshrink", {}, 0.5, 0.0), ("hardshrink", {}, -0.5, 0.0),
    ("hardshrink", {}, NAN, 1.0),
    ("threshold", {"threshold": 1.0, "value": 2.0}, 1.0, 0.0),
    ("threshold", {"threshold": 1.0, "value": 2.0}, NAN, 1.0),
    # The strict switch: at beta * x == threshold the log1p branch.
    ("softplus", {"beta": 2.0, "threshold": 10.0}, 5.0,
     1 / (1 + math.exp(-10.0))),
    ("softplus", {"beta": 2.0, "threshold": 10.0}, 5.001, 1.0),
    ("softplus", {}, -INF, 0.0), ("logsigmoid", {}, -INF, 1.0),
    ("logsigmoid", {}, 0.0, 0.5), ("logsigmoid", {}, INF, 0.0),
    ("gelu", {}, 0.0, 0.5), ("gelu", {"approximate": "tanh"}, 0.0, 0.5),
    ("silu", {}, -100.0, 0.0), ("mish", {}, -100.0, 0.0),
]


@functools.lru_cache(maxsize=None)
def _kink_grads():
  @jax.jit
  def run(xs):
    return [jax.grad(lambda v, op=op, kw=kw: _call(op, v, kw))(x)
            for (op, kw, _, _), x in zip(KINKS, xs)]
  return jax.device_get(run([jnp.float32(k[2]) for k in KINKS]))


@pytest.mark.parametrize("i", range(len(KINKS)),
                         ids=[f"{k[0]}{k[1] or ''}@{k[2]}" for k in KINKS])
def test_gradient_convention(i):
  op, kw, x, want = KINKS[i]
  np.testing.assert_allclose(_kink_grads()[i], want, rtol=1e-6, atol=1e-7,
                             err_msg=f"{op}{kw}'({x})")


def _elu_tail_derivative(op, kw, x):
  """d/dx in float64 from the definitions: alpha * exp(x), scale * alpha *
  exp(x), exp(x / alpha)."""
  if op == "elu":
    return kw["alpha"] * math.exp(x)
  if op == "selu":
    return SELU_SCALE * SELU_ALPHA * math.exp(x)
  return math.exp(x / kw["alpha"])


def test_elu_family_gradient_in_the_exponential_tail():
  """No cancellation for very negative x (expm1's rule, out + 1, gives 0
  below about -17 in float32), in reverse and forward mode, float32 and
  float64. XLA's CPU flushes subnormal results to zero, so a derivative
  below float32's smallest normal may be 0 (PyTorch keeps the subnormal)."""
  xs = C.ELU_TAIL_X
  for dtype in (jnp.float32, jnp.float64):
    with jax.enable_x64(dtype == jnp.float64):
      @jax.jit
      def run(x):
        rev, fwd = [], []
        for op, kw in C.ELU_TAIL:
          f = functools.partial(getattr(F, op), **kw)
          rev.append(jax.vmap(jax.grad(f))(x))
          fwd.append(jax.jvp(f, (x,), (jnp.ones_like(x),))[1])
        return rev, fwd
      rev, fwd = jax.device_get(run(jnp.asarray(xs, dtype)))
    tiny = float(jnp.finfo(dtype).tiny)
    rtol = 1e-6 if dtype == jnp.float32 else 1e-14
    for (op, kw), r, f in zip(C.ELU_TAIL, rev, fwd):
      want = [_elu_tail_derivative(op, kw, x) for x in xs]
      assert r.dtype == dtype and f.dtype == dtype
      for got, mode in ((r, "rev"), (f, "fwd")):
        np.testing.assert_allclose(got, want, rtol=rtol, atol=tiny,
                                   err_msg=f"{op}{kw} {mode} {dtype}")
      # The derivative at -20 is a normal number for every case.
      assert r[0] > 0, (op, kw)


def test_values_at_special_points():
  nan = jnp.float32(NAN)
  assert jnp.isnan(F.relu(nan)) and jnp.isnan(F.hardtanh(nan))
  assert jnp.isnan(F.threshold(nan, 0.0, 5.0))
  assert jnp.isnan(F.relu6(nan)) and jnp.isnan(F.softshrink(nan))
  assert jnp.isnan(F.hardshrink(nan)) and jnp.isnan(F.leaky_relu(nan))
  # -inf * 0 in the definitions, as PyTorch.
  for f in (F.hardswish, F.silu, F.mish, F.gelu, F.softsign):
    assert jnp.isnan(f(jnp.float32(-INF))), f
  assert F.logsigmoid(jnp.float32(-INF)) == -INF
  assert float(F.elu(jnp.float32(-INF))) == -1.0
  # At exactly the threshold the replacement value is used (x <= threshold).
  assert float(F.threshold(jnp.float32(1.0), 1.0, -5.0)) == -5.0
  # softshrink/hardshrink at +-lambd give 0.
  np.testing.assert_array_equal(F.softshrink(jnp.array([-0.5, 0.5])), 0.0)
  np.testing.assert_array_equal(F.hardshrink(jnp.array([-0.5, 0.5])), 0.0)


def test_signed_zeros_as_pytorch():
  """PyTorch's logsigmoid is min(x, 0) - log1p(exp(-|x|)): +0 where the
  exponential underflows (-softplus(-x) would give -0). The ELU family
  returns +-0 at +-0 for any alpha (expm1(0) * alpha flips it if alpha < 0).
  """
  big = jnp.array([INF, 3e38, 200.0], jnp.float32)
  y = F.logsigmoid(big)
  np.testing.assert_array_equal(y, 0.0)
  assert not np.signbit(np.asarray(y)).any(), y
  zeros = jnp.array([0.0, -0.0], jnp.float32)
  for y in (F.elu(zeros), F.elu(zeros, -1.0), F.selu(zeros),
            F.celu(zeros, -0.5), F.celu(zeros, 2.0)):
    np.testing.assert_array_equal(np.signbit(np.asarray(y)), [False, True])


def test_softplus_does_not_overflow_below_a_large_threshold():
  # PyTorch gives inf (and a NaN gradient) here: a documented difference.
  y, g = jax.value_and_grad(lambda v: F.softplus(v, 1.0, 100.0))(95.0)
  assert float(y) == 95.0 and float(g) == 1.0


def test_gelu_default_is_exact_unlike_jax_nn():
  x = jnp.linspace(-3, 3, 7)
  np.testing.assert_array_equal(F.gelu(x), jax.nn.gelu(x, approximate=False))
  # The tanh form: jax.nn's up to its tanh, which saturates early on
  # XLA:CPU (PyTorch's values, float32 bits recorded from torch 2.13).
  np.testing.assert_allclose(F.gelu(x, "tanh"), jax.nn.gelu(x), rtol=1e-6,
                             atol=1e-7)
  torch_bits = np.array([3144573440, 3174692800, 3189939859, 0, 1062688860,
                         1073360962, 1077920872], np.uint32)
  np.testing.assert_array_equal(np.asarray(F.gelu(x, "tanh")),
                                torch_bits.view(np.float32))
  assert not np.allclose(F.gelu(x), jax.nn.gelu(x), rtol=1e-6, atol=0)


def test_half_precision_computes_in_float32_and_rounds_once():
  # jax.nn.gelu's tanh form overflows x**3 in float16: NaN gradients.
  x = jnp.array([-100.0, 50.0], jnp.float16)
  g = jax.grad(lambda v: F.gelu(v, "tanh").sum())(x)
  np.testing.assert_array_equal(g, np.array([0.0, 1.0], np.float16))
  for dt in (jnp.float16, jnp.bfloat16):
    x = jnp.linspace(-4, 4, 33).astype(dt)
    want = F.gelu(x.astype(jnp.float32)).astype(dt)
    np.testing.assert_array_equal(F.gelu(x), want)


# ---------------------------------------------------------------------------
# Finite differences in float64, away from kinks.

_SMOOTH = np.array([-7.3, -4.1, -2.2, -1.3, -0.7, -0.3, 0.3, 0.7, 1.3, 2.2,
                    4.1, 7.3, 15.7])


def check_grads64(fn, args, modes=("fwd", "rev")):
  with jax.enable_x64(True):
    args = tuple(jnp.asarray(np.asarray(a), jnp.float64) for a in args)
    out = fn(*args)
    for leaf in jax.tree_util.tree_leaves(out):
      assert leaf.dtype == jnp.float64
    check_grads(jax.jit(fn), args, order=1, modes=modes)


def test_check_grads_elementwise():
  # Not threshold with value NaN/-inf: finite differences of those are NaN.
  cases = [(op, kw) for _, op, kw, _ in C.ELEMENTWISE
           if all(math.isfinite(v) for v in kw.values()
                  if isinstance(v, float))]

  def all_elementwise(x):
    return jnp.stack([_call(op, x, kw) for op, kw in cases])
  check_grads64(all_elementwise, (_SMOOTH,))


def test_check_grads_axis_and_parameters():
  rng = np.random.default_rng(0)
  x = rng.normal(size=(3, 4, 6))
  w = rng.uniform(0.1, 0.5, size=4)
  # Unique values for maxout: a permutation, scaled.
  xm = rng.permutation(24).reshape(2, 12) / 7.0 + 0.1

  def f(x, w, beta, xm):
    return (F.softmax(x, 1), F.log_softmax(x, -1), F.softmin(x, 0),
            F.glu(x, -1), F.softmax2d(x[None]),
            F.prelu(x[..., :4], w), F.swish(x, beta),
            F.maxout(xm, 3), F.maxout(xm, 4, axis=1))
  check_grads64(f, (x, w, 1.7, xm))


# ---------------------------------------------------------------------------
# Transforms and Modules.

MODULES = [
    (jnn.ReLU(), F.relu), (jnn.ReLU6(), F.relu6), (jnn.SELU(), F.selu),
    (jnn.SiLU(), F.silu), (jnn.Mish(), F.mish), (jnn.Sigmoid(), F.sigmoid),
    (jnn.Tanh(), F.tanh), (jnn.Hardswish(), F.hardswish),
    (jnn.Hardsigmoid(), F.hardsigmoid), (jnn.Softsign(), F.softsign),
    (jnn.Tanhshrink(), F.tanhshrink), (jnn.LogSigmoid(), F.logsigmoid),
    (jnn.LeakyReLU(0.2), lambda x: F.leaky_relu(x, 0.2)),
    (jnn.LeakyReLU(), F.leaky_relu),
    (jnn.ELU(0.5), lambda x: F.elu(x, 0.5)),
    (jnn.CELU(2.0), lambda x: F.celu(x, 2.0)),
    (jnn.GELU(), F.gelu), (jnn.GELU("tanh"), lambda x: F.gelu(x, "tanh")),
    (jnn.Hardtanh(-2.0, 0.5), lambda x: F.hardtanh(x, -2.0, 0.5)),
    (jnn.Softplus(2.0, 3.0), lambda x: F.softplus(x, 2.0, 3.0)),
    (jnn.Softshrink(1.0), lambda x: F.softshrink(x, 1.0)),
    (jnn.Hardshrink(1.0), lambda x: F.hardshrink(x, 1.0)),
    (jnn.Threshold(0.5, -1.0), lambda x: F.threshold(x, 0.5, -1.0)),
    (jnn.GLU(1), lambda x: F.glu(x, 1)), (jnn.GLU(), F.glu),
    (jnn.Softmax(1), lambda x: F.softmax(x, 1)),
    (jnn.Softmin(-1), lambda x: F.softmin(x, -1)),
    (jnn.LogSoftmax(0), lambda x: F.log_softmax(x, 0)),
    (jnn.Softmax2d(), F.softmax2d),
    (jnn.Softmax2d(channels_last=False),
     lambda x: F.softmax2d(x, channels_last=False)),
    (jnn.RReLU(0.1, 0.2, deterministic=True),
     lambda x: F.rrelu(x, 0.1, 0.2)),
]
_X = np.random.default_rng(1).normal(size=(2, 4, 4, 6)).astype(np.float32)


@pytest.mark.parametrize("module, fn", MODULES,
                         ids=[type(m).__name__ + str(i)
                              for i, (m, _) in enumerate(MODULES)])
def test_module_equals_function(module, fn):
  x = jnp.asarray(_X)
  assert module.init(jax.random.key(0), x) == {}
  np.testing.assert_array_equal(module.apply({}, x), fn(x))


def test_module_names_and_pytorch_signatures():
  for name in ("ReLU", "PReLU", "RReLU", "Softmax2d", "Maxout", "Swish"):
    assert getattr(jnn, name).__module__ == "jaxpool.nn"
    assert getattr(jnn, name).__name__ == name
  assert jnn.Threshold(1.0, 2.0).threshold == 1.0
  with pytest.raises(TypeError):
    jnn.Threshold()  # both arguments are required, as PyTorch
  with pytest.raises(TypeError):
    jnn.ReLU(inplace=True)  # no inplace in JAX (a documented difference)


@functools.lru_cache(maxsize=None)
def _eager_and_jit():
  x = jnp.asarray(_X)
  fns = [fn for _, fn in MODULES] + [
      lambda v: F.prelu(v, jnp.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])),
      lambda v: F.maxout(v, 3), lambda v: F.swish(v, 0.7)]
  eager = [f(x) for f in fns]
  jitted = jax.jit(lambda v: [f(v) for f in fns])(x)
  return eager, jitted


def test_jit_equals_eager():
  eager, jitted = _eager_and_jit()
  for i, (a, b) in enumerate(zip(eager, jitted)):
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7, err_msg=str(i))


def test_vmap_equals_batched_call():
  x = jnp.asarray(_X)  # (N, H, W, C)
  w = jnp.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
  fns = [F.relu, F.gelu, lambda v: F.softplus(v, 2.0, 3.0),
         lambda v: F.glu(v, -1), lambda v: F.softmax(v, -1),
         lambda v: F.log_softmax(v, -2), F.softmax2d,
         lambda v: F.prelu(v, w), lambda v: F.maxout(v, 2),
         lambda v: F.rrelu(v, 0.1, 0.3), lambda v: F.swish(v, 1.5)]

  @jax.jit
  def both(v):
    return [(f(v), jax.vmap(f)(v)) for f in fns]

  for i, (a, b) in enumerate(both(x)):
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7, err_msg=str(i))


def test_python_and_numpy_inputs():
  np.testing.assert_array_equal(F.relu([-1.0, 2.0]), [0.0, 2.0])
  np.testing.assert_array_equal(F.relu(np.array([-1.0, 2.0])), [0.0, 2.0])
  assert F.softmax(jnp.float32(3.0), 0) == 1.0  # 0-d, dim 0 or -1
  assert F.log_softmax(jnp.float32(3.0), -1) == 0.0
  assert F.softmax(jnp.ones(3, jnp.float16), 0, dtype=jnp.float32).dtype == (
      jnp.float32)


def test_float64_stays_float64():
  with jax.enable_x64(True):
    x = jnp.linspace(-3, 3, 5, dtype=jnp.float64)
    for f in (F.relu, F.gelu, F.elu, F.hardswish, F.softplus, F.tanhshrink,
              lambda v: F.softmax(v, 0), lambda v: F.rrelu(v)):
      assert f(x).dtype == jnp.float64


# ---------------------------------------------------------------------------
# PReLU.


def test_prelu_module_parameter_and_layouts():
  x = jnp.asarray(_X)  # (N, H, W, C=6)
  m = jnn.PReLU(num_parameters=6, init_value=0.1)
  params = m.init(jax.random.key(0), x)
  w = params["params"]["weight"]
  assert w.shape == (6,) and w.dtype == jnp.float32
  np.testing.assert_allclose(w, 0.1)
  w = jnp.arange(1.0, 7.0) / 10
  y = m.apply({"params": {"weight": w}}, x)
  np.testing.assert_allclose(y, np.where(_X > 0, _X, _X * np.asarray(w)),
                             rtol=1e-6)
  # PyTorch's layout: the same numbers on the transposed input.
  m_cf = jnn.PReLU(num_parameters=6, channels_last=False)
  y_cf = m_cf.apply({"params": {"weight": w}}, jnp.moveaxis(x, -1, 1))
  np.testing.assert_array_equal(jnp.moveaxis(y_cf, 1, -1), y)
  shared = jnn.PReLU().init(jax.random.key(0), x)["params"]["weight"]
  assert shared.shape == (1,) and float(shared[0]) == 0.25


def test_prelu_weight_gradient_and_mixed_dtypes():
  x = jnp.array([[-2.0, 3.0], [-1.0, -4.0]])  # (N, C)
  gw = jax.grad(lambda w: F.prelu(x, w).sum())(jnp.array([0.5, 0.5]))
  np.testing.assert_array_equal(gw, [-3.0, -4.0])
  # float32 weight, bfloat16 input: the result is bfloat16, the weight's
  # gradient float32.
  xb = x.astype(jnp.bfloat16)
  m = jnn.PReLU(2)
  params = m.init(jax.random.key(0), xb)
  assert m.apply(params, xb).dtype == jnp.bfloat16
  g = jax.grad(lambda p: m.apply(p, xb).astype(jnp.float32).sum())(params)
  assert g["params"]["weight"].dtype == jnp.float32


def test_prelu_rank_rules():
  # Rank < 2: no channel axis, one slope.
  np.testing.assert_allclose(F.prelu(jnp.array([-4.0, 1.0]), jnp.array([0.5])),
                             [-2.0, 1.0])
  assert float(F.prelu(jnp.float32(-4.0), jnp.float32(0.25))) == -1.0
  # Unbatched channels-first (C, H, W): PyTorch's axis 1 (here H = 3).
  x = -jnp.ones((2, 3, 4))
  y = F.prelu(x, jnp.array([1.0, 2.0, 3.0]), channels_last=False)
  np.testing.assert_array_equal(y[0, :, 0], [-1.0, -2.0, -3.0])


# ---------------------------------------------------------------------------
# RReLU.


def test_rrelu_training_slopes():
  x = -jnp.ones((1000,))
  k1, k2 = jax.random.key(1), jax.random.key(2)
  y1 = F.rrelu(x, 0.1, 0.3, training=True, key=k1)
  np.testing.assert_array_equal(y1, F.rrelu(x, 0.1, 0.3, True, key=k1))
  assert not np.array_equal(y1, F.rrelu(x, 0.1, 0.3, True, key=k2))
  slopes = -np.asarray(y1)
  assert slopes.min() >= 0.1 and slopes.max() <= 0.3
  assert len(np.unique(slopes)) > 900  # one slope per element
  # The gradient is the slope drawn; x > 0 and NaN pass through.
  g = jax.grad(lambda v: F.rrelu(v, 0.1, 0.3, True, key=k1).sum())(x)
  np.testing.assert_array_equal(g, slopes.astype(np.float32))
  z = jnp.array([2.0, NAN, 0.0])
  y = F.rrelu(z, 0.1, 0.3, True, key=k1)
  assert float(y[0]) == 2.0 and jnp.isnan(y[1]) and float(y[2]) == 0.0
  g = jax.grad(lambda v: F.rrelu(v, 0.1, 0.3, True, key=k1).sum())(z)
  assert float(g[0]) == 1.0 and float(g[1]) == 1.0
  assert 0.1 <= float(g[2]) <= 0.3
  # lower == upper: a fixed slope; bfloat16 works.
  y = F.rrelu(x.astype(jnp.bfloat16), 0.25, 0.25, True, key=k1)
  assert y.dtype == jnp.bfloat16
  np.testing.assert_array_equal(y, -0.25)


def test_rrelu_accepts_any_ordered_bounds_as_pytorch():
  # PyTorch checks only lower <= upper: negative or > 1 slopes are allowed.
  y = F.rrelu(jnp.array([-2.0]), -0.5, 2.0, training=True,
              key=jax.random.key(0))
  assert -4.0 <= float(y[0]) <= 1.0
  np.testing.assert_allclose(F.rrelu(jnp.array([-2.0]), -0.5, -0.5), [1.0])


def test_rrelu_eval_uses_mean_slope():
  x = jnp.array([-3.0, 0.0, 3.0])
  np.testing.assert_allclose(F.rrelu(x, 0.1, 0.5), [-0.9, 0.0, 3.0],
                             rtol=1e-6)
  np.testing.assert_allclose(F.rrelu(x), F.leaky_relu(x, (1 / 8 + 1 / 3) / 2))


def test_rrelu_module_modes_and_rngs():
  x = -jnp.ones((4, 5))
  m = jnn.RReLU(0.1, 0.3)
  with pytest.raises(ValueError, match="deterministic"):
    m.apply({}, x)  # neither the field nor the argument set
  ev = m.apply({}, x, deterministic=True)
  np.testing.assert_allclose(ev, -0.2, rtol=1e-6)
  def train(key):
    return m.apply({}, x, deterministic=False, rngs={"dropout": key})
  tr = train(jax.random.key(0))
  np.testing.assert_array_equal(tr, train(jax.random.key(0)))
  assert not np.array_equal(tr, train(jax.random.key(1)))
  assert ((-tr >= 0.1) & (-tr <= 0.3)).all() and len(np.unique(tr)) > 10
  with pytest.raises(Exception, match="dropout"):
    m.apply({}, x, deterministic=False)  # no rng for the collection
  other = jnn.RReLU(0.1, 0.3, deterministic=False, rng_collection="noise")
  y = other.apply({}, x, rngs={"noise": jax.random.key(0)})
  assert y.shape == x.shape
  with pytest.raises(Exception):
    jnn.RReLU(deterministic=True).apply({}, x, deterministic=False)


# ---------------------------------------------------------------------------
# Swish and Maxout.


def test_swish_function_and_module():
  x = jnp.linspace(-5, 5, 11)
  np.testing.assert_array_equal(F.swish(x), F.silu(x))
  np.testing.assert_allclose(F.swish(x, 2.0), x / (1 + jnp.exp(-2 * x)),
                             rtol=1e-6, atol=1e-7)
  m = jnn.Swish()
  params = m.init(jax.random.key(0), x)
  beta = params["params"]["beta"]
  assert beta.shape == () and float(beta) == 1.0 and beta.dtype == jnp.float32
  np.testing.assert_array_equal(m.apply(params, x), F.silu(x))
  # d/dbeta = x**2 * s * (1 - s), s = sigmoid(beta * x).
  g = jax.grad(lambda p: m.apply(p, x).sum())(params)["params"]["beta"]
  s = 1 / (1 + np.exp(-np.asarray(x, np.float64)))
  np.testing.assert_allclose(g, np.sum(np.asarray(x) ** 2 * s * (1 - s)),
                             rtol=1e-5)
  assert jnn.Swish(init_value=0.5).init(jax.random.key(0), x)[
      "params"]["beta"] == 0.5
  xb = x.astype(jnp.bfloat16)
  assert m.apply(params, xb).dtype == jnp.bfloat16


def test_maxout_groups_consecutive_channels():
  rng = np.random.default_rng(3)
  x = rng.normal(size=(2, 3, 12)).astype(np.float32)
  for k, axis in ((3, -1), (4, 2), (2, 0), (3, 1)):
    c = x.shape[axis]
    moved = np.moveaxis(x, axis, -1)
    want = moved.reshape(moved.shape[:-1] + (c // k, k)).max(-1)
    np.testing.assert_array_equal(F.maxout(x, k, axis),
                                  np.moveaxis(want, -1, axis))
  np.testing.assert_array_equal(F.maxout(x, 1), x)


def test_maxout_ties_and_nan():
  x = jnp.array([[1.0, 3.0, 3.0, 2.0, 5.0, 5.0]])
  np.testing.assert_array_equal(F.maxout(x, 3), [[3.0, 5.0]])
  # A tied max shares the gradient equally (jnp.max, as torch.amax).
  g = jax.grad(lambda v: F.maxout(v, 3).sum())(x)
  np.testing.assert_array_equal(g, [[0.0, 0.5, 0.5, 0.0, 0.5, 0.5]])
  y = F.maxout(jnp.array([[1.0, NAN, 2.0, 0.0]]), 2)
  assert jnp.isnan(y[0, 0]) and float(y[0, 1]) == 2.0


def test_maxout_module_is_max_over_linear_pieces():
  m = jnn.Maxout(features=4, pool_size=3)
  x = jnp.asarray(np.random.default_rng(4).normal(size=(5, 7)), jnp.float32)
  params = m.init(jax.random.key(0), x)
  kernel = params["params"]["linear"]["kernel"]
  bias = params["params"]["linear"]["bias"]
  assert kernel.shape == (7, 12) and bias.shape == (12,)
  bias = jnp.arange(12.0) / 10
  params = {"params": {"linear": {"kernel": kernel, "bias": bias}}}
  z = np.asarray(x) @ np.asarray(kernel) + np.asarray(bias)
  want = np.stack([z[:, 3 * i:3 * i + 3].max(-1) for i in range(4)], -1)
  np.testing.assert_allclose(m.apply(params, x), want, rtol=1e-5, atol=1e-6)
  no_bias = jnn.Maxout(2, 2, use_bias=False).init(jax.random.key(0), x)
  assert "bias" not in no_bias["params"]["linear"]


# ---------------------------------------------------------------------------
# Errors.

_V = jnp.ones((2, 4))
ERRORS = [
    (lambda: F.relu(jnp.arange(3)), TypeError, r"relu: input has dtype int"),
    (lambda: F.relu(object()), TypeError, r"relu: input of type object"),
    (lambda: F.gelu(None), TypeError, r"gelu: input is None"),
    (lambda: F.prelu(_V, None), TypeError, r"prelu: weight is None"),
    (lambda: F.leaky_relu(_V, "x"), TypeError,
     r"leaky_relu: negative_slope='x' is not a real number"),
    (lambda: F.leaky_relu(_V, True), TypeError, r"negative_slope=True"),
    (lambda: F.elu(_V, jnp.float32(1.0)), TypeError, r"elu: alpha="),
    (lambda: F.celu(_V, 0.0), ValueError, r"celu: alpha=0.0 is zero"),
    (lambda: F.hardtanh(_V, 1.0, -1.0), ValueError,
     r"hardtanh: min_val=1.0 is greater than max_val=-1.0"),
    (lambda: F.softshrink(_V, -0.5), ValueError,
     r"softshrink: lambd=-0.5 is negative"),
    (lambda: F.softplus(_V, 0.0), ValueError, r"softplus: beta=0.0 is zero"),
    (lambda: F.gelu(_V, "erf"), ValueError,
     r"gelu: approximate='erf' is not supported; expected 'none' or 'tanh'"),
    (lambda: F.gelu(_V, True), ValueError, r"approximate=True"),
    (lambda: F.rrelu(_V, 0.5, 0.1), ValueError,
     r"rrelu: lower=0.5 is greater than upper=0.1"),
    (lambda: F.rrelu(_V, training=True), ValueError,
     r"rrelu: key=None with training=True"),
    (lambda: F.rrelu(_V, training=1), TypeError, r"training=1 must be a bool"),
    (lambda: F.prelu(_V, jnp.ones(3)), ValueError,
     r"prelu: weight has 3 elements .* 4 channels on axis 1 "
     r"\(channels_last=True\); expected 1 or 4"),
    (lambda: F.prelu(jnp.ones((2, 4, 3)), jnp.ones(3), channels_last=False),
     ValueError, r"4 channels on axis 1 \(channels_last=False\)"),
    (lambda: F.prelu(jnp.ones(5), jnp.ones(5)), ValueError,
     r"has no channel axis \(rank < 2\); expected 1 or 1 elements"),
    (lambda: F.prelu(_V, jnp.ones((4, 1))), ValueError,
     r"prelu: weight has shape \(4, 1\); expected a scalar or a 1-d"),
    (lambda: F.prelu(_V, jnp.ones(4, jnp.int32)), TypeError,
     r"prelu: weight has dtype int32"),
    (lambda: F.prelu(_V, jnp.ones(4), channels_last=None), TypeError,
     r"channels_last=None must be a bool"),
    (lambda: jnn.PReLU(3).init(jax.random.key(0), _V), ValueError,
     r"weight has 3 elements \(PReLU's num_parameters\)"),
    (lambda: jnn.PReLU(0).init(jax.random.key(0), _V), ValueError,
     r"PReLU: num_parameters=0 must be a positive int"),
    (lambda: F.glu(jnp.ones((2, 5))), ValueError,
     r"glu: input of shape \(2, 5\) has odd length 5 along dim=-1"),
    (lambda: F.glu(_V, 2), ValueError,
     r"glu: dim=2 is out of range for an input of rank 2; expected an int "
     r"in \[-2, 1\]"),
    (lambda: F.glu(_V, 1.0), TypeError, r"glu: dim=1.0 is not an int"),
    (lambda: F.glu(jnp.float32(1.0)), ValueError, r"glu: input is 0-d"),
    (lambda: F.softmax(_V), ValueError, r"softmax: dim=None; expected an "
     r"explicit int dim"),
    (lambda: jnn.Softmax().apply({}, _V), ValueError, r"softmax: dim=None"),
    (lambda: F.log_softmax(_V, -3), ValueError, r"log_softmax: dim=-3 is out"),
    (lambda: F.softmin(_V, None), ValueError, r"softmin: dim=None"),
    (lambda: F.softmax(_V, 0, dtype=jnp.int32), TypeError,
     r"softmax: dtype=.* is not a floating dtype"),
    (lambda: F.softmax(jnp.float32(1.0), 1), ValueError,
     r"dim=1 is out of range for an input of rank 0; expected an int in "
     r"\[-1, 0\]"),
    (lambda: F.softmax2d(_V), ValueError,
     r"softmax2d: input has shape \(2, 4\) \(rank 2\); expected rank 4"),
    (lambda: jnn.Softmax2d().apply({}, jnp.ones((1, 2, 2, 2, 2))), ValueError,
     r"rank 5"),
    (lambda: F.maxout(jnp.ones((2, 5)), 2), ValueError,
     r"maxout: input of shape \(2, 5\) has 5 channels on axis=-1, not "
     r"divisible by pool_size=2"),
    (lambda: F.maxout(_V, 0), ValueError, r"maxout: pool_size=0 must be "
     r"positive"),
    (lambda: F.maxout(_V, 2.0), TypeError, r"maxout: pool_size=2.0 is not an "
     r"int"),
    (lambda: F.maxout(_V, 2, axis=3), ValueError, r"maxout: axis=3 is out"),
    (lambda: F.maxout(jnp.float32(1.0), 1), ValueError, r"maxout: input is "
     r"0-d"),
    (lambda: jnn.Maxout(0, 2).init(jax.random.key(0), _V), ValueError,
     r"Maxout: features=0 must be a positive int"),
    (lambda: jnn.Maxout(3, -1).init(jax.random.key(0), _V), ValueError,
     r"Maxout: pool_size=-1 must be a positive int"),
    (lambda: F.swish(_V, jnp.ones(3)), ValueError,
     r"swish: beta has shape \(3,\) and dtype float32; expected a float or "
     r"a 0-d floating array"),
    (lambda: jnn.CELU(0.0).apply({}, _V), ValueError, r"celu: alpha=0.0"),
    (lambda: jnn.Hardtanh(2.0, 1.0).apply({}, _V), ValueError,
     r"hardtanh: min_val=2.0"),
    (lambda: jnn.RReLU(0.5, 0.1, deterministic=True).apply({}, _V),
     ValueError, r"rrelu: lower=0.5"),
    (lambda: jnn.GELU("fast").apply({}, _V), ValueError,
     r"gelu: approximate='fast'"),
]


@pytest.mark.parametrize("call, error, match", ERRORS,
                         ids=[f"error{i}" for i in range(len(ERRORS))])
def test_errors(call, error, match):
  with pytest.raises(error, match=match):
    call()


def test_errors_are_raised_under_jit_too():
  with pytest.raises(ValueError, match="softshrink: lambd=-1.0"):
    jax.jit(lambda v: F.softshrink(v, -1.0))(_V)
  with pytest.raises(ValueError, match="glu: input of shape"):
    jax.jit(F.glu)(jnp.ones((2, 3)))

"""Activation functions with PyTorch's names, arguments and semantics.

Each function matches ``torch.nn.functional.<name>`` in value and in gradient,
including at the kinks (``relu'(0) = 0``, ``leaky_relu'(0) = slope``,
``hardtanh'`` is 0 *at* its bounds, ``hardswish'(-3) = 0``...). The piecewise
functions are written with the branch conditions of PyTorch's kernels, so
``jax.grad`` reproduces those conventions; ``jax.nn`` is used wherever it
already agrees (gelu, silu, mish, sigmoid, tanh, softsign, the
softmax family, glu, and the values of hardswish/hardsigmoid).

Conventions worth knowing:

* NaN inputs give NaN outputs. The gradient at a NaN input is the one PyTorch's
  kernels define (their comparisons are false for NaN: e.g. ``relu'(NaN) =
  hardtanh'(NaN) = elu'(NaN) = 1``, ``hardsigmoid'(NaN) = 0``). PyTorch's own
  CPU build is inconsistent here: its vectorised loop gives 0 or NaN instead
  for relu6, hardtanh, elu/selu/celu, hardswish, softshrink and hardshrink,
  its scalar loop (tensor tails, small tensors) and its CUDA kernels give the
  values above, which jaxpool follows.
* float16/bfloat16 inputs are computed in float32 and rounded once, as
  PyTorch's kernels do ("opmath"), where ``jax.nn`` rounds every step (the
  tanh GELU's ``x**3`` then overflows float16 and its gradient is NaN).
  PyTorch's composites (``tanhshrink``, ``softsign``) round at each step, as
  here. Outputs keep the input's dtype.
* Scalar hyper-parameters (slopes, thresholds, bounds) are Python numbers, as
  in PyTorch, static under ``jit``. Learnable ones (``prelu``'s weight,
  ``swish``'s beta) are arrays. Inputs must be floating.
"""

from __future__ import annotations

import functools
import numbers
from typing import Optional

import jax
import jax.numpy as jnp
import numpy as np
from jax.typing import ArrayLike

from jaxpool._src.core import args as _args

# SELU's constants (Klambauer et al. 2017), as in PyTorch and jax.nn.
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


# ---------------------------------------------------------------------------
# Argument checks.


def _input(fn: str, x, name: str = "input") -> jax.Array:
  if x is None:
    raise TypeError(f"{fn}: {name} is None; expected a floating array.")
  x = _args.check_array(fn, x, name)
  if not jnp.issubdtype(x.dtype, jnp.floating):
    raise TypeError(
        f"{fn}: {name} has dtype {x.dtype}; expected a floating dtype "
        "(float16, bfloat16, float32 or float64).")
  return x


def _real(fn: str, name: str, value) -> float:
  """A Python/NumPy real number (a static hyper-parameter) as a float."""
  if (isinstance(value, (bool, np.bool_))
      or not isinstance(value, numbers.Real)):
    raise TypeError(
        f"{fn}: {name}={value!r} is not a real number; expected a Python "
        "float (a static hyper-parameter, as in PyTorch).")
  return float(value)


def _dim(fn: str, dim, ndim: int, name: str = "dim") -> int:
  """Normalises ``dim`` for an input of rank ``ndim`` (rank 0 acts as 1)."""
  if not _args.is_int(dim):
    raise TypeError(f"{fn}: {name}={dim!r} is not an int; expected an int "
                    "axis.")
  n = max(ndim, 1)
  if not -n <= dim < n:
    raise ValueError(
        f"{fn}: {name}={dim!r} is out of range for an input of rank {ndim}; "
        f"expected an int in [{-n}, {n - 1}].")
  return int(dim) % n


def _scalar_param(fn: str, name: str, value, dtype) -> jax.Array:
  """A learnable scalar (float or 0-d array), cast to the input's dtype."""
  if isinstance(value, numbers.Real) and not isinstance(value, bool):
    return jnp.asarray(value, dtype)
  v = _args.check_array(fn, value, name)
  if v.ndim != 0 or not jnp.issubdtype(v.dtype, jnp.floating):
    raise ValueError(
        f"{fn}: {name} has shape {tuple(v.shape)} and dtype {v.dtype}; "
        "expected a float or a 0-d floating array.")
  return v.astype(dtype)


# ---------------------------------------------------------------------------
# Jitted cores: hyper-parameters static, one dispatch per eager call.


def _compute_dtype(dtype):
  # PyTorch computes float16/bfloat16 activations in float32 ("opmath") and
  # rounds once; jax.nn would round every intermediate step (e.g. the tanh
  # GELU's x**3 overflows float16 and its gradient turns NaN).
  return jnp.float32 if jnp.finfo(dtype).bits < 32 else dtype


def _core(f, arrays: int = 1):
  """Jits ``f(x, *array_args, *hyper_parameters)`` (hyper-parameters static).

  16-bit float inputs are computed in float32 and rounded once, as PyTorch;
  the other array arguments (learnable slopes) are first rounded to the
  input's dtype, as PyTorch requires them in it.
  """
  def g(x, *args):
    ct = _compute_dtype(x.dtype)
    cast = tuple(a.astype(x.dtype).astype(ct) for a in args[:arrays - 1])
    return f(x.astype(ct), *cast, *args[arrays - 1:]).astype(x.dtype)
  g.__name__ = g.__qualname__ = f.__name__
  return jax.jit(g, static_argnums=tuple(
      range(arrays, f.__code__.co_argcount)))


@_core
def _threshold(x, threshold, value):
  # PyTorch: x <= threshold ? value : x (so NaN passes through).
  return jnp.where(x <= threshold, value, x)


@_core
def _hardtanh(x, min_val, max_val):
  # Same values as clip (NaN propagates); the gradient is 0 at and beyond the
  # bounds and 1 at NaN, as PyTorch's hardtanh_backward.
  return jnp.where(x <= min_val, min_val, jnp.where(x >= max_val, max_val, x))


@_core
def _leaky_relu(x, negative_slope):
  return jnp.where(x > 0, x, x * negative_slope)


@functools.partial(_core, arrays=2)
def _prelu(x, weight):
  # The inner where keeps x = +inf out of the weight's gradient (inf * 0).
  return jnp.where(x > 0, x, weight * jnp.where(x > 0, 0, x))


@jax.jit
def _rrelu_train(x, key, lower, upper):
  # Slopes drawn (and the product taken) in the compute dtype, as PyTorch.
  ct = _compute_dtype(x.dtype)
  slope = jax.random.uniform(key, x.shape, ct, lower, upper)
  xc = x.astype(ct)
  return jnp.where(xc <= 0, xc * slope, xc).astype(x.dtype)


@functools.partial(jax.custom_jvp, nondiff_argnums=(1, 2, 3))
def _elu_f(x, alpha, scale, input_scale):
  # PyTorch's elu kernel, shared by elu/selu/celu. Its gradient (below)
  # takes the exponential branch for x <= 0, so the gradient at 0 is
  # alpha * scale * input_scale and a NaN input gets the linear branch's.
  # The value takes the linear branch at +-0 (PyTorch returns +-0 there
  # for any alpha; expm1(0) * alpha would flip the sign for alpha < 0).
  neg = jnp.expm1(jnp.where(x <= 0, x, 0) * input_scale) * (alpha * scale)
  return jnp.where(x < 0, neg, x * scale)


@_elu_f.defjvp
def _elu_jvp(alpha, scale, input_scale, primals, tangents):
  # PyTorch's elu_backward (is_result=false): input_scale * (alpha * scale)
  # * exp(x * input_scale) for x <= 0, coefficients in the compute dtype.
  # expm1's own rule, out + 1, cancels to 0 for x below about -17 (float32).
  # The inner where keeps exp of large positive x (inf) out of the unused
  # branch, and so out of second derivatives.
  (x,), (t,) = primals, tangents
  negcoef = jnp.asarray(alpha, x.dtype) * jnp.asarray(scale, x.dtype)
  negiptcoef = jnp.asarray(input_scale, x.dtype)
  e = jnp.exp(jnp.where(x <= 0, x, 0) * negiptcoef)
  slope = jnp.where(x <= 0, negiptcoef * negcoef * e,
                    jnp.asarray(scale, x.dtype))
  return _elu_f(x, alpha, scale, input_scale), slope * t


@_core
def _elu(x, alpha, scale, input_scale):
  return _elu_f(x, alpha, scale, input_scale)


@_core
def _softplus(x, beta, threshold):
  # PyTorch switches to the identity when beta * x > threshold (strictly).
  z = x * beta
  return jnp.where(z > threshold, x, jax.nn.softplus(z) / beta)


@_core
def _softshrink(x, lambd):
  inside = (x >= -lambd) & (x <= lambd)
  return jnp.where(inside, 0, jnp.where(x > lambd, x - lambd, x + lambd))


@functools.partial(jax.jit, static_argnums=1)
def _hardshrink(x, lambd):
  # No float32 detour: PyTorch compares 16-bit inputs with lambd rounded to
  # their dtype here (unlike softshrink), and the output is x or 0.
  return jnp.where((x >= -lambd) & (x <= lambd), 0, x)


@jax.custom_jvp
def _hardswish_f(x):
  return jax.nn.hard_swish(x)


@_hardswish_f.defjvp
def _hardswish_jvp(primals, tangents):
  # PyTorch's hardswish_backward: 0 for x <= -3, x/3 + 1/2 for x < 3, else 1
  # (jax.nn's gradient is NaN at NaN inputs).
  (x,), (t,) = primals, tangents
  slope = jnp.where(x <= -3, 0, jnp.where(x < 3, x / 3 + 0.5, 1))
  return _hardswish_f(x), slope * t


@jax.custom_jvp
def _hardsigmoid_f(x):
  return jax.nn.hard_sigmoid(x)


@_hardsigmoid_f.defjvp
def _hardsigmoid_jvp(primals, tangents):
  # PyTorch's hardsigmoid_backward tests x itself (jax.nn's relu6 rule tests
  # x + 3, which rounds to 6 at x = 3 - ulp).
  (x,), (t,) = primals, tangents
  return _hardsigmoid_f(x), jnp.where((x > -3) & (x < 3), t / 6, 0)


def _hardswish(x):
  return _hardswish_f(x)


def _hardsigmoid(x):
  return _hardsigmoid_f(x)


def _swish(x, beta):
  return x * jax.nn.sigmoid(beta * x)


def _gelu(x, approximate):
  return jax.nn.gelu(x, approximate=approximate)


def _glu(x, axis):
  return jax.nn.glu(x, axis=axis)


def _softmax(x, axis):
  return jax.nn.softmax(x, axis=axis)


def _log_softmax(x, axis):
  return jax.nn.log_softmax(x, axis=axis)


_hardswish = _core(_hardswish)
_hardsigmoid = _core(_hardsigmoid)
_swish = _core(_swish, arrays=2)
_gelu = _core(_gelu)
_glu = _core(_glu)
_softmax = _core(_softmax)
_log_softmax = _core(_log_softmax)
_silu = _core(lambda x: jax.nn.silu(x))
_mish = _core(lambda x: jax.nn.mish(x))
_sigmoid = _core(lambda x: jax.nn.sigmoid(x))
_tanh = _core(lambda x: jnp.tanh(x))


@jax.custom_jvp
def _logsigmoid_f(x):
  # PyTorch's log_sigmoid: min(x, 0) - log1p(exp(-|x|)), which is +0 where
  # exp(-|x|) underflows (jax.nn.log_sigmoid, -softplus(-x), gives -0).
  return jnp.minimum(x, 0) - jnp.log1p(jnp.exp(-jnp.abs(x)))


@_logsigmoid_f.defjvp
def _logsigmoid_jvp(primals, tangents):
  # PyTorch's log_sigmoid_backward: (x < 0) + sign * z / (1 + z) with
  # z = exp(-|x|) and sign -1 for x < 0, +1 otherwise.
  (x,), (t,) = primals, tangents
  z = jnp.exp(-jnp.abs(x))
  neg = x < 0
  slope = (jnp.where(neg, 1, 0).astype(x.dtype)
           - jnp.where(neg, 1, -1).astype(x.dtype) * (z / (1 + z)))
  return _logsigmoid_f(x), slope * t


_logsigmoid = _core(lambda x: _logsigmoid_f(x))


# ---------------------------------------------------------------------------
# Piecewise-linear units.


def threshold(x: ArrayLike, threshold: float, value: float) -> jax.Array:
  """Thresholds each element, as ``torch.nn.functional.threshold``.

  ``y = x if x > threshold else value``. A NaN input stays NaN (PyTorch tests
  ``x <= threshold``). The gradient is 0 where ``x <= threshold``, else 1.

  Args:
    x: a floating array.
    threshold: the threshold (a Python float).
    value: the replacement for elements ``<= threshold`` (may be NaN/inf).

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    TypeError: for a non-floating input or non-numeric threshold/value.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.threshold(jnp.array([-1., 0.5, 1., 2.]), 1.0, -5.0)
    Array([-5., -5., -5.,  2.], dtype=float32)
  """
  x = _input("threshold", x)
  return _threshold(x, _real("threshold", "threshold", threshold),
                    _real("threshold", "value", value))


def relu(x: ArrayLike) -> jax.Array:
  """Rectified linear unit ``max(x, 0)``, as ``torch.nn.functional.relu``.

  Gradient 0 for ``x <= 0`` (so ``relu'(0) = 0``) and 1 otherwise, including
  at NaN inputs, as PyTorch (``jax.nn.relu`` gives 0 at NaN).

  Args:
    x: a floating array.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    TypeError: for a non-floating input.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.relu(jnp.array([-1., 0., 2.]))
    Array([0., 0., 2.], dtype=float32)
    >>> jax.grad(F.relu)(0.)
    Array(0., dtype=float32, weak_type=True)
  """
  return _threshold(_input("relu", x), 0.0, 0.0)


def hardtanh(x: ArrayLike, min_val: float = -1.0,
             max_val: float = 1.0) -> jax.Array:
  """Clamps to ``[min_val, max_val]``, as ``torch.nn.functional.hardtanh``.

  NaN propagates. The gradient is 1 strictly inside the interval (and at NaN)
  and 0 at or beyond either bound, as PyTorch (``jax.nn.hard_tanh`` has
  gradient 1 at the bounds).

  Args:
    x: a floating array.
    min_val: the lower bound.
    max_val: the upper bound; ``min_val <= max_val``.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    ValueError: if ``min_val > max_val``.
    TypeError: for a non-floating input or non-numeric bounds.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.hardtanh(jnp.array([-2., -0.5, 1., 3.]))
    Array([-1. , -0.5,  1. ,  1. ], dtype=float32)
    >>> jax.grad(F.hardtanh)(1.)  # 0 at the bound, as PyTorch
    Array(0., dtype=float32, weak_type=True)
  """
  x = _input("hardtanh", x)
  lo = _real("hardtanh", "min_val", min_val)
  hi = _real("hardtanh", "max_val", max_val)
  if lo > hi:
    raise ValueError(
        f"hardtanh: min_val={min_val!r} is greater than max_val={max_val!r}; "
        "expected min_val <= max_val.")
  return _hardtanh(x, lo, hi)


def relu6(x: ArrayLike) -> jax.Array:
  """``min(max(x, 0), 6)``, as ``torch.nn.functional.relu6``.

  PyTorch defines it as ``hardtanh(x, 0, 6)``, and so does this: the
  gradient is 0 at 0 and at 6, and 1 at NaN.

  Args:
    x: a floating array.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    TypeError: for a non-floating input.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.relu6(jnp.array([-1., 3., 7.]))
    Array([0., 3., 6.], dtype=float32)
  """
  return _hardtanh(_input("relu6", x), 0.0, 6.0)


def leaky_relu(x: ArrayLike, negative_slope: float = 0.01) -> jax.Array:
  """``x if x > 0 else negative_slope * x``, as ``F.leaky_relu``.

  The gradient at 0 (and at NaN) is ``negative_slope``, as PyTorch
  (``jax.nn.leaky_relu`` gives 1 at 0). Any slope is accepted, negative too.

  Args:
    x: a floating array.
    negative_slope: the slope for ``x <= 0`` (default 0.01).

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    TypeError: for a non-floating input or a non-numeric slope.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.leaky_relu(jnp.array([-2., 0., 3.]), 0.1)
    Array([-0.2,  0. ,  3. ], dtype=float32)
    >>> jax.grad(F.leaky_relu)(0.)
    Array(0.01, dtype=float32, weak_type=True)
  """
  x = _input("leaky_relu", x)
  return _leaky_relu(x, _real("leaky_relu", "negative_slope", negative_slope))


def prelu(x: ArrayLike, weight: ArrayLike, *,
          channels_last: bool = True) -> jax.Array:
  """Parametric ReLU, as ``torch.nn.functional.prelu``.

  ``y = x if x > 0 else weight[c] * x`` with ``c`` the channel of each
  element. The gradient w.r.t. ``x`` is ``weight[c]`` at 0 and at NaN.

  Args:
    x: a floating array.
    weight: a scalar or a 1-d array of 1 or ``C`` slopes. It is cast to
      ``x``'s dtype (the result has ``x``'s dtype); gradients flow back to
      it in its own dtype.
    channels_last: where the channels are for inputs of rank >= 2: the last
      axis (default) or axis 1 (PyTorch's layout). Inputs of rank 0 or 1
      have no channel axis (PyTorch's rule), so ``weight`` must hold one
      element. Note that PyTorch's rule, reproduced with
      ``channels_last=False``, takes axis 1 also for unbatched ``(C, H, W)``
      input.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    ValueError: if ``weight`` has more than one dimension, or a number of
      elements other than 1 or the input's channel count.
    TypeError: for non-floating ``x`` or ``weight``.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[-1., -1.], [2., -4.]])  # (N, C)
    >>> F.prelu(x, jnp.array([0.25, 0.5]))
    Array([[-0.25, -0.5 ],
           [ 2.  , -2.  ]], dtype=float32)
  """
  x = _input("prelu", x)
  w = _input("prelu", weight, "weight")
  channels_last = _args.check_bool("prelu", "channels_last", channels_last)
  if w.ndim > 1:
    raise ValueError(
        f"prelu: weight has shape {tuple(w.shape)}; expected a scalar or a "
        "1-d array of 1 or C (the input's channel count) slopes.")
  shape = [1] * x.ndim
  if x.ndim >= 2:
    axis = x.ndim - 1 if channels_last else 1
    channels = x.shape[axis]
    shape[axis] = w.size
  else:
    axis, channels = None, 1
  if w.size not in (1, channels):
    where = ("no channel axis (rank < 2)" if axis is None else
             f"{channels} channels on axis {axis} "
             f"(channels_last={channels_last})")
    raise ValueError(
        f"prelu: weight has {w.size} elements (PReLU's num_parameters) but "
        f"the input of shape {tuple(x.shape)} has {where}; expected 1 or "
        f"{channels} elements.")
  return _prelu(x, w.reshape(shape))


def rrelu(x: ArrayLike, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
          training: bool = False, *,
          key: Optional[jax.Array] = None) -> jax.Array:
  """Randomized leaky ReLU (Xu et al. 2015), as ``F.rrelu``.

  In training, each element with ``x <= 0`` is multiplied by its own slope
  drawn from ``U(lower, upper)`` (the gradient is that slope; elements with
  ``x > 0`` or NaN pass through with gradient 1). Otherwise (the default, as
  PyTorch) it is :func:`leaky_relu` with slope ``(lower + upper) / 2``.

  Args:
    x: a floating array.
    lower: the lower bound of the slope.
    upper: the upper bound of the slope; ``lower <= upper``.
    training: draw random slopes (needs ``key``).
    key: a ``jax.random`` key, used only when ``training``.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    ValueError: if ``lower > upper`` (in either mode, as PyTorch), or if
      ``training`` and ``key`` is None.
    TypeError: for a non-floating input, non-numeric bounds or a non-bool
      ``training``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.rrelu(jnp.array([-3., 3.]), 0.1, 0.3)  # eval: slope 0.2
    Array([-0.6,  3. ], dtype=float32)
    >>> y = F.rrelu(-jnp.ones(4), 0.1, 0.3, training=True,
    ...             key=jax.random.key(0))
    >>> bool(((y <= -0.1) & (y >= -0.3)).all())
    True
  """
  x = _input("rrelu", x)
  lo = _real("rrelu", "lower", lower)
  hi = _real("rrelu", "upper", upper)
  training = _args.check_bool("rrelu", "training", training)
  if lo > hi:
    raise ValueError(
        f"rrelu: lower={lower!r} is greater than upper={upper!r}; expected "
        "lower <= upper.")
  if not training:
    return _leaky_relu(x, (lo + hi) / 2)
  if key is None:
    raise ValueError(
        "rrelu: key=None with training=True; expected a jax.random key to "
        "draw the slopes (or training=False).")
  return _rrelu_train(x, key, lo, hi)


def hardshrink(x: ArrayLike, lambd: float = 0.5) -> jax.Array:
  """``0 if -lambd <= x <= lambd else x``, as ``F.hardshrink``.

  The gradient is 0 on ``[-lambd, lambd]`` (bounds included) and 1 elsewhere
  and at NaN. A negative ``lambd`` is accepted (the identity), as PyTorch.

  Args:
    x: a floating array.
    lambd: the half-width of the zeroed interval (default 0.5).

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    TypeError: for a non-floating input or a non-numeric ``lambd``.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.hardshrink(jnp.array([-1., -0.5, 0.2, 0.7]))
    Array([-1. ,  0. ,  0. ,  0.7], dtype=float32)
  """
  x = _input("hardshrink", x)
  return _hardshrink(x, _real("hardshrink", "lambd", lambd))


def softshrink(x: ArrayLike, lambd: float = 0.5) -> jax.Array:
  """Soft thresholding, as ``torch.nn.functional.softshrink``.

  ``x - lambd`` above ``lambd``, ``x + lambd`` below ``-lambd``, else 0. The
  gradient is 0 on ``[-lambd, lambd]`` (bounds included), 1 elsewhere and at
  NaN.

  Args:
    x: a floating array.
    lambd: the shrinkage, ``>= 0`` (default 0.5).

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    ValueError: for a negative ``lambd`` (PyTorch's rule).
    TypeError: for a non-floating input or a non-numeric ``lambd``.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.softshrink(jnp.array([-1., -0.5, 0.2, 0.75]))
    Array([-0.5 ,  0.  ,  0.  ,  0.25], dtype=float32)
  """
  x = _input("softshrink", x)
  lambd_f = _real("softshrink", "lambd", lambd)
  if not lambd_f >= 0:
    raise ValueError(
        f"softshrink: lambd={lambd!r} is negative; expected lambd >= 0.")
  return _softshrink(x, lambd_f)


# ---------------------------------------------------------------------------
# Exponential and smooth units.


def elu(x: ArrayLike, alpha: float = 1.0) -> jax.Array:
  """Exponential linear unit, as ``torch.nn.functional.elu``.

  ``x if x > 0 else alpha * (exp(x) - 1)``. The gradient at 0 is ``alpha``
  (the exponential branch, as PyTorch) and 1 at NaN. Any ``alpha`` is
  accepted.

  Args:
    x: a floating array.
    alpha: the negative saturation value (default 1.0).

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    TypeError: for a non-floating input or a non-numeric ``alpha``.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.elu(jnp.array([-1., 0., 2.]))
    Array([-0.63212055,  0.        ,  2.        ], dtype=float32)
  """
  x = _input("elu", x)
  return _elu(x, _real("elu", "alpha", alpha), 1.0, 1.0)


def selu(x: ArrayLike) -> jax.Array:
  """Scaled ELU (Klambauer et al. 2017), as ``torch.nn.functional.selu``.

  ``scale * elu(x, alpha)`` with ``alpha = 1.6732632...`` and
  ``scale = 1.0507009...``; the gradient at 0 is ``scale * alpha``.

  Args:
    x: a floating array.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    TypeError: for a non-floating input.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.selu(jnp.array([-1., 1.]))
    Array([-1.1113307,  1.050701 ], dtype=float32)
  """
  return _elu(_input("selu", x), _SELU_ALPHA, _SELU_SCALE, 1.0)


def celu(x: ArrayLike, alpha: float = 1.0) -> jax.Array:
  """Continuously differentiable ELU (Barron 2017), as ``F.celu``.

  ``x if x > 0 else alpha * (exp(x / alpha) - 1)``; gradient 1 at 0 and at
  NaN.

  Args:
    x: a floating array.
    alpha: the negative saturation value, non-zero (default 1.0).

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    ValueError: if ``alpha == 0``.
    TypeError: for a non-floating input or a non-numeric ``alpha``.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.celu(jnp.array([-2., 1.]), alpha=2.0)
    Array([-1.2642411,  1.       ], dtype=float32)
  """
  x = _input("celu", x)
  a = _real("celu", "alpha", alpha)
  if a == 0:
    raise ValueError(f"celu: alpha={alpha!r} is zero; expected a non-zero "
                     "alpha (it divides x).")
  return _elu(x, a, 1.0, 1.0 / a)


def gelu(x: ArrayLike, approximate: str = "none") -> jax.Array:
  """Gaussian error linear unit, as ``torch.nn.functional.gelu``.

  Exact (``x * Phi(x)``, with the normal CDF via ``erfc``) by default, unlike
  ``jax.nn.gelu``; ``approximate="tanh"`` gives the tanh approximation.
  Computed by ``jax.nn.gelu``. In float32 PyTorch's ``1 + erf`` form rounds
  to exactly 0 below about -5.5, where this keeps the tiny negative value
  (a difference below 1e-7).

  Args:
    x: a floating array.
    approximate: ``"none"`` (default) or ``"tanh"``.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    ValueError: for another ``approximate``.
    TypeError: for a non-floating input.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.gelu(jnp.array([-1., 1.]))
    Array([-0.15865527,  0.8413447 ], dtype=float32)
    >>> F.gelu(jnp.array([-1., 1.]), approximate="tanh")
    Array([-0.15880796,  0.841192  ], dtype=float32)
  """
  x = _input("gelu", x)
  if not isinstance(approximate, str) or approximate not in ("none", "tanh"):
    raise ValueError(f"gelu: approximate={approximate!r} is not supported; "
                     "expected 'none' or 'tanh'.")
  return _gelu(x, approximate == "tanh")


def silu(x: ArrayLike) -> jax.Array:
  """``x * sigmoid(x)``, as ``torch.nn.functional.silu`` (``jax.nn.silu``).

  Args:
    x: a floating array.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    TypeError: for a non-floating input.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.silu(jnp.array([-1., 0., 1.]))
    Array([-0.26894143,  0.        ,  0.7310586 ], dtype=float32)
  """
  return _silu(_input("silu", x))


def swish(x: ArrayLike, beta: ArrayLike = 1.0) -> jax.Array:
  """Swish ``x * sigmoid(beta * x)`` (Ramachandran et al. 2017).

  "Searching for Activation Functions", arXiv:1710.05941: ``beta`` is a
  constant or a trainable parameter; ``beta = 1`` is :func:`silu`, ``beta ->
  inf`` tends to ReLU. PyTorch has no ``swish``.

  Args:
    x: a floating array.
    beta: a float or a 0-d floating array (differentiable); cast to ``x``'s
      dtype.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    ValueError: for a ``beta`` that is not a scalar.
    TypeError: for a non-floating input.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.swish(jnp.array([-1., 1.]), 2.0)
    Array([-0.11920292,  0.880797  ], dtype=float32)
  """
  x = _input("swish", x)
  return _swish(x, _scalar_param("swish", "beta", beta, x.dtype))


def mish(x: ArrayLike) -> jax.Array:
  """``x * tanh(softplus(x))``, as ``torch.nn.functional.mish``.

  Args:
    x: a floating array.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    TypeError: for a non-floating input.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.mish(jnp.array([-1., 1.]))
    Array([-0.30340144,  0.8650985 ], dtype=float32)
  """
  return _mish(_input("mish", x))


def sigmoid(x: ArrayLike) -> jax.Array:
  """``1 / (1 + exp(-x))``, as ``torch.sigmoid`` (``jax.nn.sigmoid``).

  Args:
    x: a floating array.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    TypeError: for a non-floating input.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.sigmoid(jnp.array([0.]))
    Array([0.5], dtype=float32)
  """
  return _sigmoid(_input("sigmoid", x))


def tanh(x: ArrayLike) -> jax.Array:
  """Hyperbolic tangent, as ``torch.tanh``.

  Args:
    x: a floating array.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    TypeError: for a non-floating input.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.tanh(jnp.array([0., 1.]))
    Array([0.       , 0.7615942], dtype=float32)
  """
  return _tanh(_input("tanh", x))


def hardsigmoid(x: ArrayLike) -> jax.Array:
  """``relu6(x + 3) / 6``, as ``torch.nn.functional.hardsigmoid``.

  The gradient is 1/6 for ``-3 < x < 3`` and 0 elsewhere (bounds and NaN
  included), as PyTorch.

  Args:
    x: a floating array.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    TypeError: for a non-floating input.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.hardsigmoid(jnp.array([-4., 0., 1.5, 4.]))
    Array([0.  , 0.5 , 0.75, 1.  ], dtype=float32)
  """
  return _hardsigmoid(_input("hardsigmoid", x))


def hardswish(x: ArrayLike) -> jax.Array:
  """``x * relu6(x + 3) / 6`` (Howard et al. 2019), as ``F.hardswish``.

  The gradient is 0 for ``x <= -3``, ``x / 3 + 1/2`` for ``-3 < x < 3`` and 1
  for ``x >= 3`` and at NaN, as PyTorch. ``hardswish(-inf)`` is NaN
  (``-inf * 0``) in both.

  Args:
    x: a floating array.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    TypeError: for a non-floating input.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.hardswish(jnp.array([-4., -1.5, 0., 4.]))
    Array([-0.   , -0.375,  0.   ,  4.   ], dtype=float32)
  """
  return _hardswish(_input("hardswish", x))


def softplus(x: ArrayLike, beta: float = 1.0,
             threshold: float = 20.0) -> jax.Array:
  """``log(1 + exp(beta * x)) / beta``, as ``F.softplus``.

  Reverts to the identity where ``beta * x > threshold`` (strictly), as
  PyTorch. Below the threshold ``jax.nn.softplus`` is used, which does not
  overflow: with a threshold above about 88 PyTorch's float32 result (and
  gradient) is inf (NaN) for ``beta * x`` above about 88, where this is
  finite.

  Args:
    x: a floating array.
    beta: the sharpness, non-zero (default 1).
    threshold: the switch to the identity (default 20).

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    ValueError: if ``beta == 0`` (PyTorch returns inf everywhere).
    TypeError: for a non-floating input or non-numeric beta/threshold.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.softplus(jnp.array([0., 21.]))
    Array([ 0.6931472, 21.       ], dtype=float32)
    >>> F.softplus(jnp.array([1., 2.]), beta=2.0, threshold=2.0)  # 2*1 = 2
    Array([1.063464, 2.      ], dtype=float32)
  """
  x = _input("softplus", x)
  b = _real("softplus", "beta", beta)
  t = _real("softplus", "threshold", threshold)
  if b == 0:
    raise ValueError(f"softplus: beta={beta!r} is zero; expected a non-zero "
                     "beta (it divides the result).")
  return _softplus(x, b, t)


def softsign(x: ArrayLike) -> jax.Array:
  """``x / (1 + |x|)``, as ``torch.nn.functional.softsign``.

  Args:
    x: a floating array.

  Returns:
    An array of ``x``'s shape and dtype (NaN at ``+-inf``, as PyTorch).

  Raises:
    TypeError: for a non-floating input.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.softsign(jnp.array([-3., 1.]))
    Array([-0.75,  0.5 ], dtype=float32)
  """
  # Composite in PyTorch (x / (x.abs() + 1)), as in jax.nn: 16-bit inputs
  # round at each step.
  return jax.nn.soft_sign(_input("softsign", x))


def tanhshrink(x: ArrayLike) -> jax.Array:
  """``x - tanh(x)``, as ``torch.nn.functional.tanhshrink``.

  Args:
    x: a floating array.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    TypeError: for a non-floating input.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.tanhshrink(jnp.array([0., 1.]))
    Array([0.        , 0.23840582], dtype=float32)
  """
  x = _input("tanhshrink", x)
  # Composite in PyTorch too (x - x.tanh()): 16-bit inputs round twice.
  return x - _tanh(x)


def logsigmoid(x: ArrayLike) -> jax.Array:
  """``log(sigmoid(x))``, as ``F.logsigmoid``.

  Computed as PyTorch does, ``min(x, 0) - log1p(exp(-|x|))``: ``+0`` (not
  ``jax.nn.log_sigmoid``'s ``-0``) where ``exp(-|x|)`` underflows, as at
  ``+inf``.

  Args:
    x: a floating array.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    TypeError: for a non-floating input.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.logsigmoid(jnp.array([-100., 0.]))
    Array([-100.       ,   -0.6931472], dtype=float32)
  """
  return _logsigmoid(_input("logsigmoid", x))


# ---------------------------------------------------------------------------
# Functions along an axis.


def glu(x: ArrayLike, dim: int = -1) -> jax.Array:
  """Gated linear unit (Dauphin et al. 2017), as ``F.glu``.

  Splits ``x`` in halves ``a, b`` along ``dim`` and returns
  ``a * sigmoid(b)`` (``jax.nn.glu``).

  Args:
    x: a floating array of rank >= 1.
    dim: the axis to halve; its length must be even.

  Returns:
    An array of ``x``'s dtype.

  Raises:
    ValueError: for a 0-d input, an out-of-range ``dim`` or an odd length.
    TypeError: for a non-floating input or a non-int ``dim``.

  Shape:
    Input ``(*, 2M, *)``; output ``(*, M, *)`` (``dim`` halved).

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.glu(jnp.array([[1., 2., 0., 0.]]))
    Array([[0.5, 1. ]], dtype=float32)
  """
  x = _input("glu", x)
  if x.ndim == 0:
    raise ValueError("glu: input is 0-d; expected an array of rank >= 1 "
                     "with an even length along dim.")
  axis = _dim("glu", dim, x.ndim)
  if x.shape[axis] % 2:
    raise ValueError(
        f"glu: input of shape {tuple(x.shape)} has odd length "
        f"{x.shape[axis]} along dim={dim!r}; expected an even length.")
  return _glu(x, axis)


def _softmax_args(fn: str, x, dim, dtype) -> tuple[jax.Array, int]:
  if dim is None:
    raise ValueError(
        f"{fn}: dim=None; expected an explicit int dim. (PyTorch's deprecated "
        "implicit choice, dim 0 for ranks 0, 1 and 3 and dim 1 otherwise, "
        "assumes the channels-first layout, so jaxpool does not guess.)")
  x = _input(fn, x)
  if dtype is not None:
    if not jnp.issubdtype(dtype, jnp.floating):
      raise TypeError(f"{fn}: dtype={dtype!r} is not a floating dtype.")
    x = x.astype(dtype)
  return x, _dim(fn, dim, x.ndim)


def _along(f, x, axis):
  # PyTorch treats a 0-d input as having one element along dim 0 or -1.
  return f(x[None], 0)[0] if x.ndim == 0 else f(x, axis)


def softmax(x: ArrayLike, dim: Optional[int] = None, *,
            dtype=None) -> jax.Array:
  """Softmax along ``dim``, as ``torch.nn.functional.softmax``.

  Computed by ``jax.nn.softmax``. A slice containing ``+inf`` or NaN, or only
  ``-inf``, gives NaN, as PyTorch.

  Args:
    x: a floating array.
    dim: the axis to normalise; required (see Raises).
    dtype: if given, ``x`` is cast to it first (PyTorch's ``dtype``).

  Returns:
    An array of ``x``'s shape (and dtype, or ``dtype``).

  Raises:
    ValueError: for ``dim=None`` (PyTorch's implicit, deprecated choice
      assumes channels-first; pass the dim) or an out-of-range ``dim``.
    TypeError: for a non-floating input or ``dtype``, or a non-int ``dim``.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.softmax(jnp.array([[0., 0., 0., 0.], [1., 1., 1., 1.]]), dim=-1)
    Array([[0.25, 0.25, 0.25, 0.25],
           [0.25, 0.25, 0.25, 0.25]], dtype=float32)
  """
  x, axis = _softmax_args("softmax", x, dim, dtype)
  return _along(_softmax, x, axis)


def softmin(x: ArrayLike, dim: Optional[int] = None, *,
            dtype=None) -> jax.Array:
  """``softmax(-x, dim)``, as ``torch.nn.functional.softmin``.

  Args:
    x: a floating array.
    dim: the axis to normalise; required.
    dtype: if given, ``x`` is cast to it first.

  Returns:
    An array of ``x``'s shape (and dtype, or ``dtype``).

  Raises:
    ValueError: for ``dim=None`` or an out-of-range ``dim``.
    TypeError: for a non-floating input or ``dtype``, or a non-int ``dim``.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.softmin(jnp.array([[0., 0.], [1., 1.]]), dim=0)  # down columns
    Array([[0.7310586 , 0.7310586 ],
           [0.26894143, 0.26894143]], dtype=float32)
  """
  x, axis = _softmax_args("softmin", x, dim, dtype)
  return _along(_softmax, -x, axis)


def log_softmax(x: ArrayLike, dim: Optional[int] = None, *,
                dtype=None) -> jax.Array:
  """``log(softmax(x, dim))``, stably, as ``F.log_softmax``.

  Computed by ``jax.nn.log_softmax``.

  Args:
    x: a floating array.
    dim: the axis to normalise; required.
    dtype: if given, ``x`` is cast to it first.

  Returns:
    An array of ``x``'s shape (and dtype, or ``dtype``).

  Raises:
    ValueError: for ``dim=None`` or an out-of-range ``dim``.
    TypeError: for a non-floating input or ``dtype``, or a non-int ``dim``.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.log_softmax(jnp.array([0., 0.]), dim=0)
    Array([-0.6931472, -0.6931472], dtype=float32)
  """
  x, axis = _softmax_args("log_softmax", x, dim, dtype)
  return _along(_log_softmax, x, axis)


def softmax2d(x: ArrayLike, *, channels_last: bool = True) -> jax.Array:
  """Softmax over the channels of an image batch, as ``nn.Softmax2d``.

  PyTorch has no functional form; this backs :class:`jaxpool.nn.Softmax2d`.

  Args:
    x: a floating array of rank 3 (unbatched) or 4.
    channels_last: channels on the last axis (default), or on axis -3
      (PyTorch's ``(N, C, H, W)`` / ``(C, H, W)``).

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    ValueError: for an input of rank other than 3 or 4.
    TypeError: for a non-floating input.

  Shape:
    ``(N, H, W, C)`` or ``(H, W, C)`` (``channels_last``), ``(N, C, H, W)``
    or ``(C, H, W)`` otherwise; output the same.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.softmax2d(jnp.zeros((1, 2, 2, 4)))[0, 0, 0]
    Array([0.25, 0.25, 0.25, 0.25], dtype=float32)
  """
  x = _input("softmax2d", x)
  channels_last = _args.check_bool("softmax2d", "channels_last",
                                   channels_last)
  if x.ndim not in (3, 4):
    raise ValueError(
        f"softmax2d: input has shape {tuple(x.shape)} (rank {x.ndim}); "
        "expected rank 4 (N, H, W, C) or 3 without the batch dimension "
        f"(channels_last={channels_last}).")
  return _softmax(x, x.ndim - 1 if channels_last else x.ndim - 3)


def maxout(x: ArrayLike, pool_size: int, axis: int = -1) -> jax.Array:
  """Maxout over groups of channels (Goodfellow et al. 2013).

  "Maxout Networks", ICML 2013: a maxout unit is
  ``h_i(x) = max_{j in [1, k]} z_ij`` with ``z_ij = x^T W_ij + b_ij``. This
  function takes the ``z`` already computed: the ``C`` entries of ``axis``
  are split into ``C / pool_size`` groups of ``pool_size`` consecutive
  entries (unit ``i`` gets entries ``i*k .. i*k + k - 1``, as TensorFlow
  Addons' ``Maxout``) and each group is reduced by its max. NaN propagates;
  the gradient of a tied max is shared equally between the tied entries
  (``jnp.max``'s rule, as ``torch.amax``). :class:`jaxpool.nn.Maxout` adds
  the linear pieces.

  Args:
    x: a floating array of rank >= 1.
    pool_size: ``k``, the number of pieces per unit; it must divide ``C``.
    axis: the channel axis (default -1).

  Returns:
    An array of ``x``'s dtype.

  Raises:
    ValueError: for a non-positive ``pool_size``, one that does not divide
      the length of ``axis``, an out-of-range ``axis`` or a 0-d input.
    TypeError: for a non-floating input or non-int ``pool_size``/``axis``.

  Shape:
    Input ``(*, C, *)``; output ``(*, C / pool_size, *)`` on ``axis``.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.maxout(jnp.array([[1., 5., 3., 2.]]), 2)
    Array([[5., 3.]], dtype=float32)
  """
  x = _input("maxout", x)
  if not _args.is_int(pool_size):
    raise TypeError(f"maxout: pool_size={pool_size!r} is not an int; "
                    "expected a positive int.")
  if pool_size < 1:
    raise ValueError(f"maxout: pool_size={pool_size!r} must be positive.")
  if x.ndim == 0:
    raise ValueError("maxout: input is 0-d; expected an array of rank >= 1.")
  ax = _dim("maxout", axis, x.ndim, "axis")
  c = x.shape[ax]
  if c % pool_size:
    raise ValueError(
        f"maxout: input of shape {tuple(x.shape)} has {c} channels on "
        f"axis={axis!r}, not divisible by pool_size={pool_size!r}; expected "
        "a multiple of pool_size.")
  k = int(pool_size)
  grouped = x.reshape(x.shape[:ax] + (c // k, k) + x.shape[ax + 1:])
  return jnp.max(grouped, axis=ax + 1)

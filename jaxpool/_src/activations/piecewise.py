"""Piecewise activations: thresholds, clamps, rectifiers, shrinkage, hard
sigmoid/swish.

Each is written with the branch conditions of PyTorch's kernel, so that
``jax.grad`` gives PyTorch's gradient at the kinks and at NaN inputs (see the
package docstring).
"""

from __future__ import annotations

import functools
from typing import Optional

import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.activations import compute
from jaxpool._src.core import args as _args


@compute.core
def _threshold(x, threshold, value):
  # PyTorch: x <= threshold ? value : x (so NaN passes through).
  return jnp.where(x <= threshold, value, x)


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
  x = _args.check_float_array("threshold", x)
  t = _args.check_real("threshold", "threshold", threshold,
                       hyper_parameter=True)
  v = _args.check_real("threshold", "value", value, hyper_parameter=True)
  return _threshold(x, t, v)


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
  return _threshold(_args.check_float_array("relu", x), 0.0, 0.0)


@compute.core
def _hardtanh(x, min_val, max_val):
  # Same values as clip (NaN propagates); the gradient is 0 at and beyond the
  # bounds and 1 at NaN, as PyTorch's hardtanh_backward.
  return jnp.where(x <= min_val, min_val, jnp.where(x >= max_val, max_val, x))


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
  x = _args.check_float_array("hardtanh", x)
  lo = _args.check_real("hardtanh", "min_val", min_val, hyper_parameter=True)
  hi = _args.check_real("hardtanh", "max_val", max_val, hyper_parameter=True)
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
  return _hardtanh(_args.check_float_array("relu6", x), 0.0, 6.0)


@compute.core
def _leaky_relu(x, negative_slope):
  return jnp.where(x > 0, x, x * negative_slope)


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
  x = _args.check_float_array("leaky_relu", x)
  slope = _args.check_real("leaky_relu", "negative_slope", negative_slope,
                           hyper_parameter=True)
  return _leaky_relu(x, slope)


@functools.partial(compute.core, arrays=2)
def _prelu(x, weight):
  # The inner where keeps x = +inf out of the weight's gradient (inf * 0).
  return jnp.where(x > 0, x, weight * jnp.where(x > 0, 0, x))


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
  x = _args.check_float_array("prelu", x)
  w = _args.check_float_array("prelu", weight, "weight")
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


@jax.jit
def _rrelu_train(x, key, lower, upper):
  # Slopes drawn (and the product taken) in the compute dtype, as PyTorch.
  ct = compute.compute_dtype(x.dtype)
  slope = jax.random.uniform(key, x.shape, ct, lower, upper)
  xc = x.astype(ct)
  return jnp.where(xc <= 0, xc * slope, xc).astype(x.dtype)


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
  x = _args.check_float_array("rrelu", x)
  lo = _args.check_real("rrelu", "lower", lower, hyper_parameter=True)
  hi = _args.check_real("rrelu", "upper", upper, hyper_parameter=True)
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


@functools.partial(jax.jit, static_argnums=1)
def _hardshrink(x, lambd):
  # No float32 detour: PyTorch compares 16-bit inputs with lambd rounded to
  # their dtype here (unlike softshrink), and the output is x or 0.
  return jnp.where((x >= -lambd) & (x <= lambd), 0, x)


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
  x = _args.check_float_array("hardshrink", x)
  lambd_f = _args.check_real("hardshrink", "lambd", lambd,
                             hyper_parameter=True)
  return _hardshrink(x, lambd_f)


@compute.core
def _softshrink(x, lambd):
  inside = (x >= -lambd) & (x <= lambd)
  return jnp.where(inside, 0, jnp.where(x > lambd, x - lambd, x + lambd))


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
  x = _args.check_float_array("softshrink", x)
  lambd_f = _args.check_real("softshrink", "lambd", lambd,
                             hyper_parameter=True)
  if not lambd_f >= 0:
    raise ValueError(
        f"softshrink: lambd={lambd!r} is negative; expected lambd >= 0.")
  return _softshrink(x, lambd_f)


@jax.custom_jvp
def _hardsigmoid_f(x):
  return jax.nn.hard_sigmoid(x)


@_hardsigmoid_f.defjvp
def _hardsigmoid_jvp(primals, tangents):
  # PyTorch's hardsigmoid_backward tests x itself (jax.nn's relu6 rule tests
  # x + 3, which rounds to 6 at x = 3 - ulp).
  (x,), (t,) = primals, tangents
  return _hardsigmoid_f(x), jnp.where((x > -3) & (x < 3), t / 6, 0)


@compute.core
def _hardsigmoid(x):
  return _hardsigmoid_f(x)


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
  return _hardsigmoid(_args.check_float_array("hardsigmoid", x))


@jax.custom_jvp
def _hardswish_f(x):
  # PyTorch's order, x * relu6(x + 3) / 6: the product overflows to inf
  # from 5.7e37 in float32 and bfloat16 (jax.nn.hard_swish divides first).
  return x * jnp.clip(x + 3, 0, 6) / 6


@_hardswish_f.defjvp
def _hardswish_jvp(primals, tangents):
  # PyTorch's hardswish_backward: 0 for x <= -3, x/3 + 1/2 for x < 3, else 1
  # (jax.nn's gradient is NaN at NaN inputs).
  (x,), (t,) = primals, tangents
  slope = jnp.where(x <= -3, 0, jnp.where(x < 3, x / 3 + 0.5, 1))
  return _hardswish_f(x), slope * t


@compute.core
def _hardswish(x):
  return _hardswish_f(x)


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
  return _hardswish(_args.check_float_array("hardswish", x))

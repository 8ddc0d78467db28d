"""Smooth activations: the ELU family, GELU, SiLU/swish, mish, sigmoid and
tanh and their relatives, softplus and softsign.

``jax.nn`` computes most of them; the ELU family and ``logsigmoid`` carry
PyTorch's own gradient formulas (see the package docstring).
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.activations import compute
from jaxpool._src.core import args as _args

# SELU's constants (Klambauer et al. 2017), as in PyTorch and jax.nn.
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


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


@compute.core
def _elu(x, alpha, scale, input_scale):
  return _elu_f(x, alpha, scale, input_scale)


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
  x = _args.check_float_array("elu", x)
  a = _args.check_real("elu", "alpha", alpha, hyper_parameter=True)
  return _elu(x, a, 1.0, 1.0)


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
  return _elu(_args.check_float_array("selu", x), _SELU_ALPHA, _SELU_SCALE, 1.0)


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
  x = _args.check_float_array("celu", x)
  a = _args.check_real("celu", "alpha", alpha, hyper_parameter=True)
  if a == 0:
    raise ValueError(f"celu: alpha={alpha!r} is zero; expected a non-zero "
                     "alpha (it divides x).")
  return _elu(x, a, 1.0, 1.0 / a)


# The tanh GELU's constants, as PyTorch's kernel: sqrt(2 / pi) and kappa.
_GELU_BETA = 0.7978845608028654
_GELU_KAPPA = 0.044715


@compute.core
def _gelu(x, approximate):
  if not approximate:
    return jax.nn.gelu(x, approximate=False)
  # PyTorch's order: 0.5 * x * (1 + tanh(beta * (x + kappa * x * x * x))),
  # with a tanh that does not saturate early (its tail is 1 + tanh).
  inner = _GELU_BETA * (x + _GELU_KAPPA * (x * x * x))
  return 0.5 * x * (1 + _tanh_f(inner))


def gelu(x: ArrayLike, approximate: str = "none") -> jax.Array:
  """Gaussian error linear unit, as ``torch.nn.functional.gelu``.

  Exact (``x * Phi(x)``, with the normal CDF via ``erfc``, by
  ``jax.nn.gelu``) by default; ``approximate="tanh"`` gives the tanh
  approximation in PyTorch's order of operations, with a tanh that does not
  saturate to +-1 early as XLA:CPU's does (see :func:`tanh`). In float32
  PyTorch's ``1 + erf`` form rounds to exactly 0 below about -5.5, where
  this keeps the tiny negative value (a difference below 1e-7).

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
    Array([-0.158808,  0.841192], dtype=float32)
  """
  x = _args.check_float_array("gelu", x)
  if not isinstance(approximate, str) or approximate not in ("none", "tanh"):
    raise ValueError(f"gelu: approximate={approximate!r} is not supported; "
                     "expected 'none' or 'tanh'.")
  return _gelu(x, approximate == "tanh")


@jax.custom_jvp
def _silu_f(x):
  # PyTorch's x / (1 + exp(-x)): x * sigmoid(x) flushes sigmoid's float32
  # subnormals (from x = -87.3) to zero on XLA:CPU.
  return x / (1 + jnp.exp(-x))


@_silu_f.defjvp
def _silu_jvp(primals, tangents):
  # PyTorch's silu_backward, s * (1 + x * (1 - s)) with s = sigmoid(x)
  # (the quotient's own derivative overflows for x below -88).
  (x,), (t,) = primals, tangents
  s = jax.nn.sigmoid(x)
  return _silu_f(x), t * (s * (1 + x * (1 - s)))


@compute.core
def _silu(x):
  return _silu_f(x)


def silu(x: ArrayLike) -> jax.Array:
  """``x * sigmoid(x)``, as ``torch.nn.functional.silu``, computed as
  PyTorch's ``x / (1 + exp(-x))``.

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
  return _silu(_args.check_float_array("silu", x))


@jax.custom_jvp
def _swish_f(x, beta):
  # silu's form, x / (1 + exp(-beta * x)): beta = 1 is silu, bit for bit.
  return x / (1 + jnp.exp(-(beta * x)))


@_swish_f.defjvp
def _swish_jvp(primals, tangents):
  (x, beta), (tx, tb) = primals, tangents
  z = beta * x
  s = jax.nn.sigmoid(z)
  ds = s * (1 - s)
  return _swish_f(x, beta), tx * (s + z * ds) + tb * (x * x * ds)


@functools.partial(compute.core, arrays=2)
def _swish(x, beta):
  return _swish_f(x, beta)


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
  x = _args.check_float_array("swish", x)
  return _swish(x, _args.check_scalar_param("swish", "beta", beta, x.dtype))


@compute.core
def _mish(x):
  return jax.nn.mish(x)


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
  return _mish(_args.check_float_array("mish", x))


@compute.core
def _sigmoid(x):
  return jax.nn.sigmoid(x)


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
  return _sigmoid(_args.check_float_array("sigmoid", x))


@jax.custom_jvp
def _tanh_f(x):
  """tanh, rounded as a correctly rounded one mostly is.

  XLA:CPU's float32 tanh is exactly +-1 from ``|x| = 7.905``, where the
  rounded tanh is ``1 - 6e-8`` up to ``|x| = 9.01`` (PyTorch's, from libm
  or Sleef): in the tanh GELU's tail, ``1 + tanh`` then cancels to 0 where
  PyTorch keeps a small value (-1.5e-7 at bfloat16 -5.03125). Here, from
  ``|x| = 0.55``, ``1 - 2 / (e^(2|x|) + 1)``: the subtrahend is at most
  1/2, so the difference rounds once.
  """
  a = jnp.abs(x)
  e = jnp.expm1(2 * a)
  t = jnp.where(a < 0.55, e / (e + 2), 1 - 2 / (jnp.exp(2 * a) + 1))
  return jnp.copysign(t, x)


@_tanh_f.defjvp
def _tanh_jvp(primals, tangents):
  # PyTorch's tanh_backward: 1 - y**2 (the formula's own derivative
  # overflows to NaN for large |x|).
  (x,), (t,) = primals, tangents
  y = _tanh_f(x)
  return y, t * (1 - y * y)


@compute.core
def _tanh(x):
  return _tanh_f(x)


def tanh(x: ArrayLike) -> jax.Array:
  """Hyperbolic tangent, as ``torch.tanh``.

  Rounded as PyTorch's: +-1 only where the rounded tanh is (from about
  ``|x| = 9.01`` in float32), not from 7.9 as XLA:CPU's own ``tanh``.

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
  return _tanh(_args.check_float_array("tanh", x))


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
  x = _args.check_float_array("tanhshrink", x)
  # Composite in PyTorch too (x - x.tanh()): 16-bit inputs round twice.
  return x - _tanh(x)


@compute.core
def _softplus(x, beta, threshold):
  # PyTorch switches to the identity when beta * x > threshold (strictly).
  z = x * beta
  return jnp.where(z > threshold, x, jax.nn.softplus(z) / beta)


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
  x = _args.check_float_array("softplus", x)
  b = _args.check_real("softplus", "beta", beta, hyper_parameter=True)
  t = _args.check_real("softplus", "threshold", threshold, hyper_parameter=True)
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
  return _softsign(_args.check_float_array("softsign", x))


@jax.jit
def _softsign(x):
  # Composite in PyTorch (x / (x.abs() + 1)): 16-bit inputs round at each
  # step. XLA computes 16-bit ops in float32 and may skip the rounding
  # between them (excess precision), so the rounding is explicit.
  xc = x.astype(compute.compute_dtype(x.dtype))
  return (xc / compute.round_to(jnp.abs(xc) + 1, x.dtype)).astype(x.dtype)


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


@compute.core
def _logsigmoid(x):
  return _logsigmoid_f(x)


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
  return _logsigmoid(_args.check_float_array("logsigmoid", x))

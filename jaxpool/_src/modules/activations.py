"""flax.linen Modules for the activations (re-exported by jaxpool.nn).

Each Module is partial application of its function in
:mod:`jaxpool._src.activations` (``jaxpool.functional``), with PyTorch's
constructor arguments and defaults. PyTorch's ``inplace`` flags are not
accepted: JAX arrays are immutable (XLA reuses buffers by itself).
"""

from __future__ import annotations

import textwrap
from typing import Any, Callable, ClassVar, Optional

import flax.linen as nn
import jax
import jax.numpy as jnp

from jaxpool._src.core import args as _args
from jaxpool._src.core import docs
from jaxpool._src import activations as F

class _Elementwise(nn.Module):
  """An activation without parameters or hyper-parameters."""
  _fn: ClassVar[Callable[[jax.Array], jax.Array]]

  def __call__(self, x: jax.Array) -> jax.Array:
    return self._fn(x)


def _elementwise_doc(name: str, fn: Callable[..., Any], example: str) -> str:
  return f"""Applies :func:`jaxpool.functional.{fn.__name__}` (PyTorch's ``nn.{name}``).

  It has no fields; see the function for the definition and gradients.
""" + docs.example(example, "nn")


class ReLU(_Elementwise):
  __doc__ = _elementwise_doc("ReLU", F.relu, """\
    >>> jnn.ReLU().apply({}, jnp.array([-1., 2.]))
    Array([0., 2.], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _fn = staticmethod(F.relu)


class ReLU6(_Elementwise):
  __doc__ = _elementwise_doc("ReLU6", F.relu6, """\
    >>> jnn.ReLU6().apply({}, jnp.array([-1., 7.]))
    Array([0., 6.], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _fn = staticmethod(F.relu6)


class SELU(_Elementwise):
  __doc__ = _elementwise_doc("SELU", F.selu, """\
    >>> jnn.SELU().apply({}, jnp.array([1.]))
    Array([1.050701], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _fn = staticmethod(F.selu)


class SiLU(_Elementwise):
  __doc__ = _elementwise_doc("SiLU", F.silu, """\
    >>> jnn.SiLU().apply({}, jnp.array([0.]))
    Array([0.], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _fn = staticmethod(F.silu)


class Mish(_Elementwise):
  __doc__ = _elementwise_doc("Mish", F.mish, """\
    >>> jnn.Mish().apply({}, jnp.array([1.]))
    Array([0.8650985], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _fn = staticmethod(F.mish)


class Sigmoid(_Elementwise):
  __doc__ = _elementwise_doc("Sigmoid", F.sigmoid, """\
    >>> jnn.Sigmoid().apply({}, jnp.array([0.]))
    Array([0.5], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _fn = staticmethod(F.sigmoid)


class Tanh(_Elementwise):
  __doc__ = _elementwise_doc("Tanh", F.tanh, """\
    >>> jnn.Tanh().apply({}, jnp.array([0.]))
    Array([0.], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _fn = staticmethod(F.tanh)


class Hardswish(_Elementwise):
  __doc__ = _elementwise_doc("Hardswish", F.hardswish, """\
    >>> jnn.Hardswish().apply({}, jnp.array([-1.5, 4.]))
    Array([-0.375,  4.   ], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _fn = staticmethod(F.hardswish)


class Hardsigmoid(_Elementwise):
  __doc__ = _elementwise_doc("Hardsigmoid", F.hardsigmoid, """\
    >>> jnn.Hardsigmoid().apply({}, jnp.array([1.5]))
    Array([0.75], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _fn = staticmethod(F.hardsigmoid)


class Softsign(_Elementwise):
  __doc__ = _elementwise_doc("Softsign", F.softsign, """\
    >>> jnn.Softsign().apply({}, jnp.array([1.]))
    Array([0.5], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _fn = staticmethod(F.softsign)


class Tanhshrink(_Elementwise):
  __doc__ = _elementwise_doc("Tanhshrink", F.tanhshrink, """\
    >>> jnn.Tanhshrink().apply({}, jnp.array([0.]))
    Array([0.], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _fn = staticmethod(F.tanhshrink)


class LogSigmoid(_Elementwise):
  __doc__ = _elementwise_doc("LogSigmoid", F.logsigmoid, """\
    >>> jnn.LogSigmoid().apply({}, jnp.array([0.]))
    Array([-0.6931472], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _fn = staticmethod(F.logsigmoid)


_FIELDS_DOC = """Applies :func:`jaxpool.functional.{fn}` (PyTorch's ``nn.{name}``).

  The fields are the function's arguments, with PyTorch's defaults; see the
  function for the definition, gradients and errors.{extra}
"""


def _fields_doc(name: str, fn: str, example: str, extra: str = "") -> str:
  """The docstring of an activation Module whose fields are its function's
  arguments; ``extra`` is an optional paragraph."""
  if extra:
    extra = "\n\n" + textwrap.fill(extra, 78, initial_indent="  ",
                                   subsequent_indent="  ")
  return (_FIELDS_DOC.format(fn=fn, name=name, extra=extra)
          + docs.example(example, "nn"))


class LeakyReLU(nn.Module):
  __doc__ = _fields_doc(
      "LeakyReLU", "leaky_relu", """\
    >>> jnn.LeakyReLU(0.1).apply({}, jnp.array([-2., 3.]))
    Array([-0.2,  3. ], dtype=float32)""")
  __module__ = "jaxpool.nn"
  negative_slope: float = 0.01

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.leaky_relu(x, self.negative_slope)


class ELU(nn.Module):
  __doc__ = _fields_doc(
      "ELU", "elu", """\
    >>> jnn.ELU(alpha=2.0).apply({}, jnp.array([0., 1.]))
    Array([0., 1.], dtype=float32)""")
  __module__ = "jaxpool.nn"
  alpha: float = 1.0

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.elu(x, self.alpha)


class CELU(nn.Module):
  __doc__ = _fields_doc(
      "CELU", "celu", """\
    >>> jnn.CELU(alpha=2.0).apply({}, jnp.array([-2., 1.]))
    Array([-1.2642411,  1.       ], dtype=float32)""")
  __module__ = "jaxpool.nn"
  alpha: float = 1.0

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.celu(x, self.alpha)


class GELU(nn.Module):
  __doc__ = _fields_doc(
      "GELU", "gelu", """\
    >>> jnn.GELU().apply({}, jnp.array([1.]))
    Array([0.8413447], dtype=float32)""",
      extra="Exact by default; ``approximate='tanh'`` for the tanh form.")
  __module__ = "jaxpool.nn"
  approximate: str = "none"

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.gelu(x, self.approximate)


class Hardtanh(nn.Module):
  __doc__ = _fields_doc(
      "Hardtanh", "hardtanh", """\
    >>> jnn.Hardtanh(-2.0, 2.0).apply({}, jnp.array([-3., 1., 3.]))
    Array([-2.,  1.,  2.], dtype=float32)""",
      extra=(
          "``min_val == max_val`` is allowed, as by PyTorch's function (its "
          "Module asserts ``max_val > min_val``)."))
  __module__ = "jaxpool.nn"
  min_val: float = -1.0
  max_val: float = 1.0

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.hardtanh(x, self.min_val, self.max_val)


class Softplus(nn.Module):
  __doc__ = _fields_doc(
      "Softplus", "softplus", """\
    >>> jnn.Softplus(beta=2.0, threshold=2.0).apply({}, jnp.array([2.]))
    Array([2.], dtype=float32)""")
  __module__ = "jaxpool.nn"
  beta: float = 1.0
  threshold: float = 20.0

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.softplus(x, self.beta, self.threshold)


class Softshrink(nn.Module):
  __doc__ = _fields_doc(
      "Softshrink", "softshrink", """\
    >>> jnn.Softshrink().apply({}, jnp.array([-1., 0.2]))
    Array([-0.5,  0. ], dtype=float32)""")
  __module__ = "jaxpool.nn"
  lambd: float = 0.5

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.softshrink(x, self.lambd)


class Hardshrink(nn.Module):
  __doc__ = _fields_doc(
      "Hardshrink", "hardshrink", """\
    >>> jnn.Hardshrink().apply({}, jnp.array([-1., 0.2]))
    Array([-1.,  0.], dtype=float32)""")
  __module__ = "jaxpool.nn"
  lambd: float = 0.5

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.hardshrink(x, self.lambd)


class Threshold(nn.Module):
  __doc__ = _fields_doc(
      "Threshold", "threshold", """\
    >>> jnn.Threshold(1.0, -5.0).apply({}, jnp.array([1., 2.]))
    Array([-5.,  2.], dtype=float32)""",
      extra="Both are required, as in PyTorch.")
  __module__ = "jaxpool.nn"
  threshold: float
  value: float

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.threshold(x, self.threshold, self.value)


class GLU(nn.Module):
  __doc__ = _fields_doc(
      "GLU", "glu", """\
    >>> jnn.GLU().apply({}, jnp.ones((2, 6))).shape
    (2, 3)""")
  __module__ = "jaxpool.nn"
  dim: int = -1

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.glu(x, self.dim)


class Softmax(nn.Module):
  __doc__ = _fields_doc(
      "Softmax", "softmax", """\
    >>> jnn.Softmax(dim=-1).apply({}, jnp.zeros((1, 4)))
    Array([[0.25, 0.25, 0.25, 0.25]], dtype=float32)""",
      extra=(
          "``dim`` must be given: PyTorch's default None picks an implicit, "
          "deprecated, channels-first dim; here None raises a ValueError."))
  __module__ = "jaxpool.nn"
  dim: Optional[int] = None

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.softmax(x, self.dim)


class Softmin(nn.Module):
  __doc__ = _fields_doc(
      "Softmin", "softmin", """\
    >>> jnn.Softmin(dim=0).apply({}, jnp.zeros(2))
    Array([0.5, 0.5], dtype=float32)""",
      extra="``dim`` must be given, as for ``Softmax``.")
  __module__ = "jaxpool.nn"
  dim: Optional[int] = None

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.softmin(x, self.dim)


class LogSoftmax(nn.Module):
  __doc__ = _fields_doc(
      "LogSoftmax", "log_softmax", """\
    >>> jnn.LogSoftmax(dim=0).apply({}, jnp.zeros(2))
    Array([-0.6931472, -0.6931472], dtype=float32)""",
      extra="``dim`` must be given, as for ``Softmax``.")
  __module__ = "jaxpool.nn"
  dim: Optional[int] = None

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.log_softmax(x, self.dim)


class Softmax2d(nn.Module):
  __doc__ = _fields_doc(
      "Softmax2d", "softmax2d", """\
    >>> jnn.Softmax2d().apply({}, jnp.zeros((1, 2, 2, 4)))[0, 0, 0]
    Array([0.25, 0.25, 0.25, 0.25], dtype=float32)""",
      extra=(
          "A softmax over the channel axis of a rank-3 or rank-4 input: the "
          "last axis by default, axis -3 (PyTorch's) with "
          "``channels_last=False``."))
  __module__ = "jaxpool.nn"
  channels_last: bool = True

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.softmax2d(x, channels_last=self.channels_last)




class PReLU(nn.Module):
  """Parametric ReLU (He et al. 2015), as PyTorch's ``nn.PReLU``.

  Learns ``num_parameters`` slopes (1, shared, or one per channel) in a
  parameter named ``"weight"`` of shape ``(num_parameters,)``, initialised to
  ``init_value``, and applies :func:`jaxpool.functional.prelu` along the channel
  axis of the layout in use. The computation is in the input's dtype.

  Attributes:
    num_parameters: 1 or the number of channels ``C`` of the input.
    init_value: the initial slope (default 0.25; PyTorch's ``init``, renamed
      because ``init`` is ``flax.linen.Module.init``).
    channels_last: channels on the last axis (default) or, as PyTorch, on
      axis 1 (for inputs of rank >= 2).
    param_dtype: the dtype of ``weight`` (default float32).

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> m = jnn.PReLU(num_parameters=3)
    >>> x = -jnp.ones((2, 5, 3))  # (N, L, C)
    >>> params = m.init(jax.random.key(0), x)
    >>> params["params"]["weight"]
    Array([0.25, 0.25, 0.25], dtype=float32)
    >>> m.apply(params, x)[0, 0]
    Array([-0.25, -0.25, -0.25], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  num_parameters: int = 1
  init_value: float = 0.25
  channels_last: bool = True
  param_dtype: Any = jnp.float32

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    if not _args.is_int(self.num_parameters) or self.num_parameters < 1:
      raise ValueError(
          f"PReLU: num_parameters={self.num_parameters!r} must be a positive "
          "int (1 or the input's channel count).")
    weight = self.param("weight", nn.initializers.constant(self.init_value),
                        (self.num_parameters,), self.param_dtype)
    return F.prelu(x, weight, channels_last=self.channels_last)


class RReLU(nn.Module):
  """Randomized leaky ReLU, as PyTorch's ``nn.RReLU``.

  Applies :func:`jaxpool.functional.rrelu`. Like ``flax.linen.Dropout``, the
  mode comes from ``deterministic`` (a field, or a call argument, exactly one
  of them set): ``deterministic=False`` is PyTorch's training mode, which
  draws a slope in ``U(lower, upper)`` per element from the
  ``rng_collection`` stream (pass ``rngs={"dropout": key}`` to ``apply``);
  ``deterministic=True`` uses the slope ``(lower + upper) / 2``.

  Attributes:
    lower: the lower bound of the slope (default 1/8).
    upper: the upper bound of the slope (default 1/3).
    deterministic: eval mode if True, training mode if False.
    rng_collection: the RNG stream for the slopes (default ``"dropout"``).

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.array([-3., 3.])
    >>> jnn.RReLU(0.1, 0.3, deterministic=True).apply({}, x)
    Array([-0.6,  3. ], dtype=float32)
    >>> y = jnn.RReLU(0.1, 0.3).apply({}, x, deterministic=False,
    ...                               rngs={"dropout": jax.random.key(0)})
    >>> bool(-0.9 <= y[0] <= -0.3)
    True
  """
  __module__ = "jaxpool.nn"
  lower: float = 1.0 / 8
  upper: float = 1.0 / 3
  deterministic: Optional[bool] = None
  rng_collection: str = "dropout"

  @nn.compact
  def __call__(self, x: jax.Array,
               deterministic: Optional[bool] = None) -> jax.Array:
    deterministic = nn.merge_param("deterministic", self.deterministic,
                                   deterministic)
    key = None if deterministic else self.make_rng(self.rng_collection)
    return F.rrelu(x, self.lower, self.upper, training=not deterministic,
                   key=key)


class Swish(nn.Module):
  """Swish with a learnable ``beta`` (Ramachandran et al. 2017).

  ``x * sigmoid(beta * x)`` (:func:`jaxpool.functional.swish`) with ``beta``
  a scalar parameter named ``"beta"`` (shape ``()``), initialised to
  ``init_value``. With ``beta = 1`` it is SiLU. PyTorch has no ``Swish``.

  Attributes:
    init_value: the initial beta (default 1.0).
    param_dtype: the dtype of ``beta`` (default float32).

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> m = jnn.Swish()
    >>> params = m.init(jax.random.key(0), jnp.zeros(2))
    >>> params["params"]["beta"]
    Array(1., dtype=float32)
    >>> m.apply(params, jnp.array([0., 1.]))
    Array([0.       , 0.7310586], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  init_value: float = 1.0
  param_dtype: Any = jnp.float32

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    beta = self.param("beta", nn.initializers.constant(self.init_value), (),
                      self.param_dtype)
    return F.swish(x, beta)


class Maxout(nn.Module):
  """A maxout layer (Goodfellow et al. 2013): the max of ``k`` linear pieces.

  "Maxout Networks", ICML 2013: ``h_i(x) = max_{j in [1, k]} z_ij`` with
  ``z_ij = x^T W_ij + b_ij``. A ``flax.linen.Dense`` submodule named
  ``"linear"`` computes all ``features * pool_size`` pieces from the last
  axis, then :func:`jaxpool.functional.maxout` takes the max over each
  unit's ``pool_size`` consecutive pieces (unit ``i`` uses columns
  ``i*k .. i*k + k - 1`` of the kernel). For maxout over existing channels
  (e.g. after a convolution), call :func:`jaxpool.functional.maxout`.

  Attributes:
    features: the number of maxout units (output features).
    pool_size: ``k``, the number of linear pieces per unit.
    use_bias: whether the pieces have biases ``b_ij``.
    dtype: the computation dtype of the Dense (default: inferred).
    param_dtype: the dtype of the parameters (default float32).
    kernel_init: the kernel initialiser (Flax's Dense default).
    bias_init: the bias initialiser (zeros).

  Shape:
    Input ``(*, in_features)``; output ``(*, features)``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> m = jnn.Maxout(features=4, pool_size=3)
    >>> params = m.init(jax.random.key(0), jnp.zeros((2, 5)))
    >>> params["params"]["linear"]["kernel"].shape  # (in, features * k)
    (5, 12)
    >>> m.apply(params, jnp.ones((2, 5))).shape
    (2, 4)
  """
  __module__ = "jaxpool.nn"
  features: int
  pool_size: int
  use_bias: bool = True
  dtype: Any = None
  param_dtype: Any = jnp.float32
  kernel_init: Callable = nn.linear.default_kernel_init
  bias_init: Callable = nn.initializers.zeros_init()

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    for name in ("features", "pool_size"):
      v = getattr(self, name)
      if not _args.is_int(v) or v < 1:
        raise ValueError(f"Maxout: {name}={v!r} must be a positive int.")
    z = nn.Dense(self.features * self.pool_size, use_bias=self.use_bias,
                 dtype=self.dtype, param_dtype=self.param_dtype,
                 kernel_init=self.kernel_init, bias_init=self.bias_init,
                 name="linear")(x)
    return F.maxout(z, self.pool_size, axis=-1)

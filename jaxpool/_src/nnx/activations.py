"""flax.nnx Modules for the activations (re-exported by jaxpool.nnx).

Each Module stores its constructor's arguments (PyTorch's, with PyTorch's
defaults) and calls its function in :mod:`jaxpool._src.activations`
(``jaxpool.functional``). PReLU's and Swish's weights are ``nnx.Param``
under the linen twins' names; RReLU draws from ``nnx.Rngs`` in training mode.
"""

from __future__ import annotations

import textwrap
from typing import Any, Callable, ClassVar, Optional

import jax
import jax.numpy as jnp
from flax import nnx
from flax.linen.linear import default_kernel_init

from jaxpool._src.core import args as _args
from jaxpool._src.core import docs
from jaxpool._src import activations as F
from jaxpool._src.nnx import random as _random


class _Elementwise(nnx.Module):
  """An activation without parameters or hyper-parameters."""
  _fn: ClassVar[Callable[[jax.Array], jax.Array]]

  def __init__(self):
    # Stated, so that the signature is ``()`` rather than nnx.Module's.
    pass

  def __call__(self, x: jax.Array) -> jax.Array:
    # Read from the class: a function stored on it is not a bound method.
    return type(self)._fn(x)


def _elementwise_doc(name: str, fn: Callable[..., Any], example: str) -> str:
  return f"""Applies :func:`jaxpool.functional.{fn.__name__}` (PyTorch's ``nn.{name}``).

  An NNX Module without arguments or state; see the function for the
  definition and gradients.
""" + docs.example(example, "nnx")


class ReLU(_Elementwise):
  __doc__ = _elementwise_doc("ReLU", F.relu, """\
    >>> jnnx.ReLU()(jnp.array([-1., 2.]))
    Array([0., 2.], dtype=float32)""")
  __module__ = "jaxpool.nnx"
  _fn = staticmethod(F.relu)


class ReLU6(_Elementwise):
  __doc__ = _elementwise_doc("ReLU6", F.relu6, """\
    >>> jnnx.ReLU6()(jnp.array([-1., 7.]))
    Array([0., 6.], dtype=float32)""")
  __module__ = "jaxpool.nnx"
  _fn = staticmethod(F.relu6)


class SELU(_Elementwise):
  __doc__ = _elementwise_doc("SELU", F.selu, """\
    >>> jnnx.SELU()(jnp.array([1.]))
    Array([1.050701], dtype=float32)""")
  __module__ = "jaxpool.nnx"
  _fn = staticmethod(F.selu)


class SiLU(_Elementwise):
  __doc__ = _elementwise_doc("SiLU", F.silu, """\
    >>> jnnx.SiLU()(jnp.array([0.]))
    Array([0.], dtype=float32)""")
  __module__ = "jaxpool.nnx"
  _fn = staticmethod(F.silu)


class Mish(_Elementwise):
  __doc__ = _elementwise_doc("Mish", F.mish, """\
    >>> jnnx.Mish()(jnp.array([1.]))
    Array([0.8650985], dtype=float32)""")
  __module__ = "jaxpool.nnx"
  _fn = staticmethod(F.mish)


class Sigmoid(_Elementwise):
  __doc__ = _elementwise_doc("Sigmoid", F.sigmoid, """\
    >>> jnnx.Sigmoid()(jnp.array([0.]))
    Array([0.5], dtype=float32)""")
  __module__ = "jaxpool.nnx"
  _fn = staticmethod(F.sigmoid)


class Tanh(_Elementwise):
  __doc__ = _elementwise_doc("Tanh", F.tanh, """\
    >>> jnnx.Tanh()(jnp.array([0.]))
    Array([0.], dtype=float32)""")
  __module__ = "jaxpool.nnx"
  _fn = staticmethod(F.tanh)


class Hardswish(_Elementwise):
  __doc__ = _elementwise_doc("Hardswish", F.hardswish, """\
    >>> jnnx.Hardswish()(jnp.array([-1.5, 4.]))
    Array([-0.375,  4.   ], dtype=float32)""")
  __module__ = "jaxpool.nnx"
  _fn = staticmethod(F.hardswish)


class Hardsigmoid(_Elementwise):
  __doc__ = _elementwise_doc("Hardsigmoid", F.hardsigmoid, """\
    >>> jnnx.Hardsigmoid()(jnp.array([1.5]))
    Array([0.75], dtype=float32)""")
  __module__ = "jaxpool.nnx"
  _fn = staticmethod(F.hardsigmoid)


class Softsign(_Elementwise):
  __doc__ = _elementwise_doc("Softsign", F.softsign, """\
    >>> jnnx.Softsign()(jnp.array([1.]))
    Array([0.5], dtype=float32)""")
  __module__ = "jaxpool.nnx"
  _fn = staticmethod(F.softsign)


class Tanhshrink(_Elementwise):
  __doc__ = _elementwise_doc("Tanhshrink", F.tanhshrink, """\
    >>> jnnx.Tanhshrink()(jnp.array([0.]))
    Array([0.], dtype=float32)""")
  __module__ = "jaxpool.nnx"
  _fn = staticmethod(F.tanhshrink)


class LogSigmoid(_Elementwise):
  __doc__ = _elementwise_doc("LogSigmoid", F.logsigmoid, """\
    >>> jnnx.LogSigmoid()(jnp.array([0.]))
    Array([-0.6931472], dtype=float32)""")
  __module__ = "jaxpool.nnx"
  _fn = staticmethod(F.logsigmoid)


_ARGS_DOC = """Applies :func:`jaxpool.functional.{fn}` (PyTorch's ``nn.{name}``).

  An NNX Module without state: the constructor's arguments are the
  function's, with PyTorch's defaults; see the function for the definition,
  gradients and errors.{extra}
"""


def _args_doc(name: str, fn: str, example: str, extra: str = "") -> str:
  """The docstring of an activation Module whose arguments are its
  function's; ``extra`` is an optional paragraph."""
  if extra:
    extra = "\n\n" + textwrap.fill(extra, 78, initial_indent="  ",
                                   subsequent_indent="  ")
  return (_ARGS_DOC.format(fn=fn, name=name, extra=extra)
          + docs.example(example, "nnx"))


class LeakyReLU(nnx.Module):
  __doc__ = _args_doc(
      "LeakyReLU", "leaky_relu", """\
    >>> jnnx.LeakyReLU(0.1)(jnp.array([-2., 3.]))
    Array([-0.2,  3. ], dtype=float32)""")
  __module__ = "jaxpool.nnx"

  def __init__(self, negative_slope: float = 0.01):
    self.negative_slope = negative_slope

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.leaky_relu(x, self.negative_slope)


class ELU(nnx.Module):
  __doc__ = _args_doc(
      "ELU", "elu", """\
    >>> jnnx.ELU(alpha=2.0)(jnp.array([0., 1.]))
    Array([0., 1.], dtype=float32)""")
  __module__ = "jaxpool.nnx"

  def __init__(self, alpha: float = 1.0):
    self.alpha = alpha

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.elu(x, self.alpha)


class CELU(nnx.Module):
  __doc__ = _args_doc(
      "CELU", "celu", """\
    >>> jnnx.CELU(alpha=2.0)(jnp.array([-2., 1.]))
    Array([-1.2642411,  1.       ], dtype=float32)""")
  __module__ = "jaxpool.nnx"

  def __init__(self, alpha: float = 1.0):
    self.alpha = alpha

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.celu(x, self.alpha)


class GELU(nnx.Module):
  __doc__ = _args_doc(
      "GELU", "gelu", """\
    >>> jnnx.GELU()(jnp.array([1.]))
    Array([0.8413447], dtype=float32)""",
      extra="Exact by default; ``approximate='tanh'`` for the tanh form.")
  __module__ = "jaxpool.nnx"

  def __init__(self, approximate: str = "none"):
    self.approximate = approximate

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.gelu(x, self.approximate)


class Hardtanh(nnx.Module):
  __doc__ = _args_doc(
      "Hardtanh", "hardtanh", """\
    >>> jnnx.Hardtanh(-2.0, 2.0)(jnp.array([-3., 1., 3.]))
    Array([-2.,  1.,  2.], dtype=float32)""",
      extra=(
          "``min_val == max_val`` is allowed, as by PyTorch's function (its "
          "Module asserts ``max_val > min_val``)."))
  __module__ = "jaxpool.nnx"

  def __init__(self, min_val: float = -1.0, max_val: float = 1.0):
    self.min_val = min_val
    self.max_val = max_val

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.hardtanh(x, self.min_val, self.max_val)


class Softplus(nnx.Module):
  __doc__ = _args_doc(
      "Softplus", "softplus", """\
    >>> jnnx.Softplus(beta=2.0, threshold=2.0)(jnp.array([2.]))
    Array([2.], dtype=float32)""")
  __module__ = "jaxpool.nnx"

  def __init__(self, beta: float = 1.0, threshold: float = 20.0):
    self.beta = beta
    self.threshold = threshold

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.softplus(x, self.beta, self.threshold)


class Softshrink(nnx.Module):
  __doc__ = _args_doc(
      "Softshrink", "softshrink", """\
    >>> jnnx.Softshrink()(jnp.array([-1., 0.2]))
    Array([-0.5,  0. ], dtype=float32)""")
  __module__ = "jaxpool.nnx"

  def __init__(self, lambd: float = 0.5):
    self.lambd = lambd

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.softshrink(x, self.lambd)


class Hardshrink(nnx.Module):
  __doc__ = _args_doc(
      "Hardshrink", "hardshrink", """\
    >>> jnnx.Hardshrink()(jnp.array([-1., 0.2]))
    Array([-1.,  0.], dtype=float32)""")
  __module__ = "jaxpool.nnx"

  def __init__(self, lambd: float = 0.5):
    self.lambd = lambd

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.hardshrink(x, self.lambd)


class Threshold(nnx.Module):
  __doc__ = _args_doc(
      "Threshold", "threshold", """\
    >>> jnnx.Threshold(1.0, -5.0)(jnp.array([1., 2.]))
    Array([-5.,  2.], dtype=float32)""",
      extra="Both are required, as in PyTorch.")
  __module__ = "jaxpool.nnx"

  def __init__(self, threshold: float, value: float):
    self.threshold = threshold
    self.value = value

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.threshold(x, self.threshold, self.value)


class GLU(nnx.Module):
  __doc__ = _args_doc(
      "GLU", "glu", """\
    >>> jnnx.GLU()(jnp.ones((2, 6))).shape
    (2, 3)""")
  __module__ = "jaxpool.nnx"

  def __init__(self, dim: int = -1):
    self.dim = dim

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.glu(x, self.dim)


class _SoftmaxLike(nnx.Module):
  """Softmax, Softmin and LogSoftmax: one ``dim``, required at the call."""
  _fn: ClassVar[Callable[[jax.Array, Optional[int]], jax.Array]]

  def __init__(self, dim: Optional[int] = None):
    self.dim = dim

  def __call__(self, x: jax.Array) -> jax.Array:
    return type(self)._fn(x, self.dim)


class Softmax(_SoftmaxLike):
  __doc__ = _args_doc(
      "Softmax", "softmax", """\
    >>> jnnx.Softmax(dim=-1)(jnp.zeros((1, 4)))
    Array([[0.25, 0.25, 0.25, 0.25]], dtype=float32)""",
      extra=(
          "``dim`` must be given: PyTorch's default None picks an implicit, "
          "deprecated, channels-first dim; here None raises a ValueError."))
  __module__ = "jaxpool.nnx"
  _fn = staticmethod(F.softmax)


class Softmin(_SoftmaxLike):
  __doc__ = _args_doc(
      "Softmin", "softmin", """\
    >>> jnnx.Softmin(dim=0)(jnp.zeros(2))
    Array([0.5, 0.5], dtype=float32)""",
      extra="``dim`` must be given, as for ``Softmax``.")
  __module__ = "jaxpool.nnx"
  _fn = staticmethod(F.softmin)


class LogSoftmax(_SoftmaxLike):
  __doc__ = _args_doc(
      "LogSoftmax", "log_softmax", """\
    >>> jnnx.LogSoftmax(dim=0)(jnp.zeros(2))
    Array([-0.6931472, -0.6931472], dtype=float32)""",
      extra="``dim`` must be given, as for ``Softmax``.")
  __module__ = "jaxpool.nnx"
  _fn = staticmethod(F.log_softmax)


class Softmax2d(nnx.Module):
  __doc__ = _args_doc(
      "Softmax2d", "softmax2d", """\
    >>> jnnx.Softmax2d()(jnp.zeros((1, 2, 2, 4)))[0, 0, 0]
    Array([0.25, 0.25, 0.25, 0.25], dtype=float32)""",
      extra=(
          "A softmax over the channel axis of a rank-3 or rank-4 input: the "
          "last axis by default, axis -3 (PyTorch's) with "
          "``channels_last=False``."))
  __module__ = "jaxpool.nnx"

  def __init__(self, channels_last: bool = True):
    self.channels_last = channels_last

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.softmax2d(x, channels_last=self.channels_last)


class PReLU(nnx.Module):
  """Parametric ReLU (He et al. 2015), as PyTorch's ``nn.PReLU``, in NNX.

  Learns ``num_parameters`` slopes (1, shared, or one per channel) in the
  ``nnx.Param`` ``weight`` of shape ``(num_parameters,)``, initialised to
  ``init_value``, and applies :func:`jaxpool.functional.prelu` along the
  channel axis of the layout in use. The computation is in the input's
  dtype. The initial value is a constant, so no ``rngs`` are needed.

  Args:
    num_parameters: 1 or the number of channels ``C`` of the input.
    init_value: the initial slope (default 0.25; PyTorch's ``init``, named
      as the linen twin's).
    channels_last: channels on the last axis (default) or, as PyTorch, on
      axis 1 (for inputs of rank >= 2).
    param_dtype: the dtype of ``weight`` (default float32).

  Raises:
    ValueError: if ``num_parameters`` is not a positive int.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> m = jnnx.PReLU(num_parameters=3)
    >>> m.weight[...]
    Array([0.25, 0.25, 0.25], dtype=float32)
    >>> m(-jnp.ones((2, 5, 3)))[0, 0]  # (N, L, C)
    Array([-0.25, -0.25, -0.25], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self, num_parameters: int = 1, init_value: float = 0.25,
               channels_last: bool = True, param_dtype: Any = jnp.float32):
    if not _args.is_int(num_parameters) or num_parameters < 1:
      raise ValueError(
          f"PReLU: num_parameters={num_parameters!r} must be a positive "
          "int (1 or the input's channel count).")
    self.num_parameters = num_parameters
    self.init_value = init_value
    self.channels_last = channels_last
    self.weight = nnx.Param(
        jnp.full((num_parameters,), init_value, param_dtype))

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.prelu(x, self.weight[...], channels_last=self.channels_last)


class RReLU(_random.Switchable):
  """Randomized leaky ReLU, as PyTorch's ``nn.RReLU``, in NNX.

  Applies :func:`jaxpool.functional.rrelu`. As ``flax.nnx.Dropout``, the
  mode is the ``deterministic`` attribute: ``model.train()`` sets it to
  False (PyTorch's training mode: a slope drawn in ``U(lower, upper)`` per
  element), ``model.eval()`` to True (the slope ``(lower + upper) / 2``); it
  may also be set in the constructor or passed to the call. The default
  ``None``, as the linen twin's, makes the mode an explicit choice.

  Args:
    lower: the lower bound of the slope (default 1/8).
    upper: the upper bound of the slope (default 1/3).
    deterministic: eval mode if True, training mode if False.
    rng_collection: the stream of ``rngs`` for the slopes (default
      ``"dropout"``; NNX falls back to the ``default`` stream).
    rngs: an ``nnx.Rngs`` or ``nnx.RngStream``, forked and kept; or None, and
      a key (or Rngs, or stream) passed to each training-mode call.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.array([-3., 3.])
    >>> m = jnnx.RReLU(0.1, 0.3, rngs=nnx.Rngs(0))
    >>> m.eval()
    >>> m(x)
    Array([-0.6,  3. ], dtype=float32)
    >>> m.train()
    >>> y = m(x)
    >>> bool(-0.9 <= y[0] <= -0.3)
    True
  """
  __module__ = "jaxpool.nnx"

  def __init__(self, lower: float = 1.0 / 8, upper: float = 1.0 / 3,
               deterministic: Optional[bool] = None,
               rng_collection: str = "dropout", *,
               rngs: _random.RngsLike = None):
    self.lower = lower
    self.upper = upper
    self.deterministic = deterministic
    self.rng_collection = rng_collection
    self.rngs = _random.stream("RReLU", rngs, rng_collection)

  def __call__(self, x: jax.Array, *, deterministic: Optional[bool] = None,
               rngs: _random.CallRngs = None) -> jax.Array:
    deterministic = _random.mode("RReLU", self.deterministic, deterministic)
    key = (None if deterministic else
           _random.key("RReLU", self.rngs, rngs, self.rng_collection))
    return F.rrelu(x, self.lower, self.upper, training=not deterministic,
                   key=key)


class Swish(nnx.Module):
  """Swish with a learnable ``beta`` (Ramachandran et al. 2017), in NNX.

  ``x * sigmoid(beta * x)`` (:func:`jaxpool.functional.swish`) with ``beta``
  a scalar ``nnx.Param`` (shape ``()``), initialised to ``init_value``. With
  ``beta = 1`` it is SiLU. PyTorch has no ``Swish``. The initial value is a
  constant, so no ``rngs`` are needed.

  Args:
    init_value: the initial beta (default 1.0).
    param_dtype: the dtype of ``beta`` (default float32).

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> m = jnnx.Swish()
    >>> m.beta[...]
    Array(1., dtype=float32)
    >>> m(jnp.array([0., 1.]))
    Array([0.       , 0.7310586], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self, init_value: float = 1.0, param_dtype: Any = jnp.float32):
    self.init_value = init_value
    self.beta = nnx.Param(jnp.asarray(init_value, param_dtype))

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.swish(x, self.beta[...])


class Maxout(nnx.Module):
  """A maxout layer (Goodfellow et al. 2013): the max of ``k`` linear pieces.

  "Maxout Networks", ICML 2013: ``h_i(x) = max_{j in [1, k]} z_ij`` with
  ``z_ij = x^T W_ij + b_ij``. An ``nnx.Linear`` submodule named ``linear``
  (Flax's ``(in, out)`` kernel, as the linen twin's ``Dense``) computes all
  ``features * pool_size`` pieces from the last axis, then
  :func:`jaxpool.functional.maxout` takes the max over each unit's
  ``pool_size`` consecutive pieces (unit ``i`` uses columns ``i*k .. i*k +
  k - 1`` of the kernel). NNX creates parameters in the constructor, so the
  input size is the keyword-only ``in_features`` (the linen twin infers it).

  Args:
    features: the number of maxout units (output features).
    pool_size: ``k``, the number of linear pieces per unit.
    use_bias: whether the pieces have biases ``b_ij``.
    dtype: the computation dtype of the Linear (default: inferred).
    param_dtype: the dtype of the parameters (default float32).
    kernel_init: the kernel initialiser (Flax's Dense default).
    bias_init: the bias initialiser (zeros).
    in_features: the size of the input's last axis.
    rngs: the ``nnx.Rngs`` for the initialisers.

  Raises:
    ValueError: if ``features``, ``pool_size`` or ``in_features`` is not a
      positive int.

  Shape:
    Input ``(*, in_features)``; output ``(*, features)``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> m = jnnx.Maxout(4, 3, in_features=5, rngs=nnx.Rngs(0))
    >>> m.linear.kernel.shape  # (in, features * k)
    (5, 12)
    >>> m(jnp.ones((2, 5))).shape
    (2, 4)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self, features: int, pool_size: int, use_bias: bool = True,
               dtype: Any = None, param_dtype: Any = jnp.float32,
               kernel_init: Callable = default_kernel_init,
               bias_init: Callable = jax.nn.initializers.zeros, *,
               in_features: int, rngs: nnx.Rngs):
    for name, v in (("features", features), ("pool_size", pool_size),
                    ("in_features", in_features)):
      if not _args.is_int(v) or v < 1:
        raise ValueError(f"Maxout: {name}={v!r} must be a positive int.")
    self.features = features
    self.pool_size = pool_size
    self.linear = nnx.Linear(
        in_features, features * pool_size, use_bias=use_bias, dtype=dtype,
        param_dtype=param_dtype, kernel_init=kernel_init, bias_init=bias_init,
        rngs=rngs)

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.maxout(self.linear(x), self.pool_size, axis=-1)

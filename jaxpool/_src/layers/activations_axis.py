"""Activations along an axis as Modules, defined once (see
:mod:`jaxpool._src.layers.activation`): the softmax family, GLU and
Maxout."""

from __future__ import annotations

from typing import Any, Callable, Optional

import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src import activations as F
from jaxpool._src.core import args
from jaxpool._src.layers.activation import Activation
from jaxpool._src.layers.base import Dense

# Flax's Dense defaults, for Maxout's pieces.
DENSE_KERNEL_INIT = jax.nn.initializers.lecun_normal()
DENSE_BIAS_INIT = jax.nn.initializers.zeros


class GLU(Activation):
  """Applies :func:`jaxpool.functional.glu`, as PyTorch's ``nn.GLU``.

  Shape:
    Input ``(*, 2M, *)``; output ``(*, M, *)`` on ``dim``.
  """
  public_name = "GLU"
  function = F.glu
  examples = {0: """\
    >>> jnn.GLU().apply({}, jnp.ones((2, 6))).shape
    (2, 3)"""}

  dim: int = -1

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.glu(x, self.dim)


class Softmax(Activation):
  """Applies :func:`jaxpool.functional.{fn}`, as PyTorch's ``nn.{name}``.

  ``dim`` must be given: PyTorch's default None picks an implicit,
  deprecated, channels-first dim; here None raises a ValueError.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.
  """
  public_name = "Softmax"
  function = F.softmax
  examples = {0: """\
    >>> jnn.Softmax(dim=-1).apply({}, jnp.zeros((1, 4)))
    Array([[0.25, 0.25, 0.25, 0.25]], dtype=float32)"""}

  dim: Optional[int] = None

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.softmax(x, self.dim)


class Softmin(Softmax):
  public_name = "Softmin"
  function = F.softmin
  examples = {0: """\
    >>> jnn.Softmin(dim=0).apply({}, jnp.zeros(2))
    Array([0.5, 0.5], dtype=float32)"""}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.softmin(x, self.dim)


class LogSoftmax(Softmax):
  public_name = "LogSoftmax"
  function = F.log_softmax
  examples = {0: """\
    >>> jnn.LogSoftmax(dim=0).apply({}, jnp.zeros(2))
    Array([-0.6931472, -0.6931472], dtype=float32)"""}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.log_softmax(x, self.dim)


class Softmax2d(Activation):
  """Applies :func:`jaxpool.functional.softmax2d`, as PyTorch's ``nn.Softmax2d``.

  A softmax over the channel axis of a rank-3 or rank-4 input: the last axis
  by default, axis -3 (PyTorch's) with ``channels_last=False``.
  """
  public_name = "Softmax2d"
  function = F.softmax2d
  examples = {0: """\
    >>> jnn.Softmax2d().apply({}, jnp.zeros((1, 2, 2, 4)))[0, 0, 0]
    Array([0.25, 0.25, 0.25, 0.25], dtype=float32)"""}

  channels_last: bool = True

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.softmax2d(x, channels_last=self.channels_last)


class Maxout(Activation):
  """A maxout layer (Goodfellow et al. 2013): the max of ``k`` linear pieces.

  "Maxout Networks", ICML 2013: ``h_i(x) = max_{{j in [1, k]}} z_ij`` with
  ``z_ij = x^T W_ij + b_ij``. Flax's own dense layer, a child named
  ``linear`` (``nn.Dense`` in linen, ``nnx.Linear`` in NNX: Flax's ``(in,
  out)`` ``kernel`` and ``bias``), computes all ``features * pool_size``
  pieces from the last axis, then :func:`jaxpool.functional.maxout` takes
  the max over each unit's ``pool_size`` consecutive pieces (unit ``i`` uses
  columns ``i*k .. i*k + k - 1`` of the kernel). For maxout over existing
  channels (e.g. after a convolution), call the function.

  Args:
    features: the number of maxout units (output features).
    pool_size: ``k``, the number of linear pieces per unit.
    use_bias: whether the pieces have biases ``b_ij``.
    dtype: the computation dtype of the dense layer (default: inferred).
    param_dtype: the dtype of the parameters (default float32).
    kernel_init: the kernel initialiser (Flax's Dense default).
    bias_init: the bias initialiser (zeros).
    in_features: the size of the input's last axis (linen infers it).

  Raises:
    ValueError: if ``features``, ``pool_size`` or ``in_features`` is not a
      positive int.

  Shape:
    Input ``(*, in_features)``; output ``(*, features)``.
  """
  public_name = "Maxout"
  function = F.maxout
  random_init = True
  sizes = ("in_features",)
  examples = {0: {"nn": """\
    >>> m = jnn.Maxout(features=4, pool_size=3)
    >>> params = m.init(jax.random.key(0), jnp.zeros((2, 5)))
    >>> params["params"]["linear"]["kernel"].shape  # (in, features * k)
    (5, 12)
    >>> m.apply(params, jnp.ones((2, 5))).shape
    (2, 4)""", "nnx": """\
    >>> m = jnnx.Maxout(4, 3, in_features=5, rngs=nnx.Rngs(0))
    >>> m.linear.kernel.shape  # (in, features * k)
    (5, 12)
    >>> m(jnp.ones((2, 5))).shape
    (2, 4)"""}}

  features: int
  pool_size: int
  use_bias: bool = True
  dtype: Any = None
  param_dtype: Any = jnp.float32
  kernel_init: Callable = DENSE_KERNEL_INIT
  bias_init: Callable = DENSE_BIAS_INIT
  in_features: int

  def validate(self) -> None:
    for name in ("features", "pool_size", "in_features"):
      v = getattr(self, name, 1)  # linen infers in_features
      if not args.is_int(v) or v < 1:
        raise ValueError(f"Maxout: {name}={v!r} must be a positive int.")

  def infer_sizes(self, *inputs: Any) -> dict[str, Any]:
    return {"in_features": inputs[0].shape[-1]}

  def children(self, in_features: int) -> dict[str, Dense]:
    return {"linear": Dense(in_features, self.features * self.pool_size,
                            self.use_bias, self.dtype, self.param_dtype,
                            self.kernel_init, self.bias_init)}

  def forward(self, x: ArrayLike) -> jax.Array:
    return F.maxout(self.child("linear", x), self.pool_size, axis=-1)

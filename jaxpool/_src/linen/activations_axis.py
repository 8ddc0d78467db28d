"""flax.linen Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/activations_axis.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import flax.linen as nn
import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.layers import activations_axis as _definitions
from jaxpool._src.layers.activations_axis import DENSE_BIAS_INIT, DENSE_KERNEL_INIT
from jaxpool._src.linen.base import Layer


class GLU(Layer, _definitions.GLU):
  """Applies :func:`jaxpool.functional.glu`, as PyTorch's ``nn.GLU``.

  Attributes:
    dim: the axis to halve; its length must be even.

  Shape:
    Input ``(*, 2M, *)``; output ``(*, M, *)`` on ``dim``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.GLU().apply({}, jnp.ones((2, 6))).shape
    (2, 3)
  """
  __module__ = "jaxpool.nn"
  dim: int = -1

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Softmax(Layer, _definitions.Softmax):
  """Applies :func:`jaxpool.functional.softmax`, as PyTorch's ``nn.Softmax``.

  ``dim`` must be given: PyTorch's default None picks an implicit,
  deprecated, channels-first dim; here None raises a ValueError.

  Attributes:
    dim: the axis to normalise; required (see Raises).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Softmax(dim=-1).apply({}, jnp.zeros((1, 4)))
    Array([[0.25, 0.25, 0.25, 0.25]], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  dim: Optional[int] = None

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Softmin(Layer, _definitions.Softmin):
  """Applies :func:`jaxpool.functional.softmin`, as PyTorch's ``nn.Softmin``.

  ``dim`` must be given: PyTorch's default None picks an implicit,
  deprecated, channels-first dim; here None raises a ValueError.

  Attributes:
    dim: the axis to normalise; required.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Softmin(dim=0).apply({}, jnp.zeros(2))
    Array([0.5, 0.5], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  dim: Optional[int] = None

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class LogSoftmax(Layer, _definitions.LogSoftmax):
  """Applies :func:`jaxpool.functional.log_softmax`, as PyTorch's ``nn.LogSoftmax``.

  ``dim`` must be given: PyTorch's default None picks an implicit,
  deprecated, channels-first dim; here None raises a ValueError.

  Attributes:
    dim: the axis to normalise; required.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.LogSoftmax(dim=0).apply({}, jnp.zeros(2))
    Array([-0.6931472, -0.6931472], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  dim: Optional[int] = None

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Softmax2d(Layer, _definitions.Softmax2d):
  """Applies :func:`jaxpool.functional.softmax2d`, as PyTorch's ``nn.Softmax2d``.

  A softmax over the channel axis of a rank-3 or rank-4 input: the last axis
  by default, axis -3 (PyTorch's) with ``channels_last=False``.

  Attributes:
    channels_last: channels on the last axis (default), or on axis -3
      (PyTorch's ``(N, C, H, W)`` / ``(C, H, W)``).

  Shape:
    ``(N, H, W, C)`` or ``(H, W, C)`` (``channels_last``), ``(N, C, H, W)``
    or ``(C, H, W)`` otherwise; output the same.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Softmax2d().apply({}, jnp.zeros((1, 2, 2, 4)))[0, 0, 0]
    Array([0.25, 0.25, 0.25, 0.25], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Maxout(Layer, _definitions.Maxout):
  """A maxout layer (Goodfellow et al. 2013): the max of ``k`` linear pieces.

  "Maxout Networks", ICML 2013: ``h_i(x) = max_{j in [1, k]} z_ij`` with
  ``z_ij = x^T W_ij + b_ij``. Flax's own dense layer, a child named
  ``linear`` (``nn.Dense`` in linen, ``nnx.Linear`` in NNX: Flax's ``(in,
  out)`` ``kernel`` and ``bias``), computes all ``features * pool_size``
  pieces from the last axis, then :func:`jaxpool.functional.maxout` takes
  the max over each unit's ``pool_size`` consecutive pieces (unit ``i`` uses
  columns ``i*k .. i*k + k - 1`` of the kernel). For maxout over existing
  channels (e.g. after a convolution), call the function.

  Attributes:
    features: the number of maxout units (output features).
    pool_size: ``k``, the number of linear pieces per unit.
    use_bias: whether the pieces have biases ``b_ij``.
    dtype: the computation dtype of the dense layer (default: inferred).
    param_dtype: the dtype of the parameters (default float32).
    kernel_init: the kernel initialiser (Flax's Dense default).
    bias_init: the bias initialiser (zeros).

  Raises:
    ValueError: if ``features``, ``pool_size`` or ``in_features`` is not a
      positive int.

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
  kernel_init: Callable = DENSE_KERNEL_INIT
  bias_init: Callable = DENSE_BIAS_INIT

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)

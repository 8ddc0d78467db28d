"""flax.linen Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/activations_piecewise.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Any, Optional

import flax.linen as nn
import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.layers import activations_piecewise as _definitions
from jaxpool._src.linen.base import Layer


class Threshold(Layer, _definitions.Threshold):
  """Applies :func:`jaxpool.functional.threshold`, as PyTorch's ``nn.Threshold``.

  Both fields are required, as in PyTorch.

  Attributes:
    threshold: the threshold (a Python float).
    value: the replacement for elements ``<= threshold`` (may be NaN/inf).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Threshold(1.0, -5.0).apply({}, jnp.array([1., 2.]))
    Array([-5.,  2.], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  threshold: float
  value: float

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class ReLU(Layer, _definitions.ReLU):
  """Applies :func:`jaxpool.functional.relu`, as PyTorch's ``nn.ReLU``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.ReLU().apply({}, jnp.array([-1., 2.]))
    Array([0., 2.], dtype=float32)
  """
  __module__ = "jaxpool.nn"

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Hardtanh(Layer, _definitions.Hardtanh):
  """Applies :func:`jaxpool.functional.hardtanh`, as PyTorch's ``nn.Hardtanh``.

  ``min_val == max_val`` is allowed, as by PyTorch's function (its Module
  asserts ``max_val > min_val``).

  Attributes:
    min_val: the lower bound.
    max_val: the upper bound; ``min_val <= max_val``.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Hardtanh(-2.0, 2.0).apply({}, jnp.array([-3., 1., 3.]))
    Array([-2.,  1.,  2.], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  min_val: float = -1.0
  max_val: float = 1.0

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class ReLU6(Layer, _definitions.ReLU6):
  """Applies :func:`jaxpool.functional.relu6`, as PyTorch's ``nn.ReLU6``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.ReLU6().apply({}, jnp.array([-1., 7.]))
    Array([0., 6.], dtype=float32)
  """
  __module__ = "jaxpool.nn"

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class LeakyReLU(Layer, _definitions.LeakyReLU):
  """Applies :func:`jaxpool.functional.leaky_relu`, as PyTorch's ``nn.LeakyReLU``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Attributes:
    negative_slope: the slope for ``x <= 0`` (default 0.01).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.LeakyReLU(0.1).apply({}, jnp.array([-2., 3.]))
    Array([-0.2,  3. ], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  negative_slope: float = 0.01

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class PReLU(Layer, _definitions.PReLU):
  """Parametric ReLU (He et al. 2015), as PyTorch's ``nn.PReLU``.

  Learns ``num_parameters`` slopes (1, shared, or one per channel) in the
  weight ``weight`` of shape ``(num_parameters,)``, initialised to
  ``init_value``, and applies :func:`jaxpool.functional.prelu` along the
  channel axis of the layout in use. The computation is in the input's
  dtype. The initial value is a constant: no random key is needed.

  Attributes:
    num_parameters: 1 or the number of channels ``C`` of the input.
    init_value: the initial slope (default 0.25; PyTorch's ``init``,
      renamed because ``init`` is ``flax.linen.Module.init``).
    channels_last: channels on the last axis (default) or, as PyTorch, on
      axis 1 (for inputs of rank >= 2).
    param_dtype: the dtype of ``weight`` (default float32).

  Raises:
    ValueError: if ``num_parameters`` is not a positive int.

  Shape:
    Input ``(*)``, any shape, with ``C`` channels if ``num_parameters > 1``;
    output the same shape and dtype.

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
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class RReLU(Layer, _definitions.RReLU):
  """Randomized leaky ReLU, as PyTorch's ``nn.RReLU``.

  Applies :func:`jaxpool.functional.rrelu`: in training mode each element
  with ``x <= 0`` gets its own slope drawn in ``U(lower, upper)``; in eval
  mode the slope is ``(lower + upper) / 2``.

  Mode: as ``flax.linen.Dropout``, ``deterministic`` is a field or a call
  argument (exactly one of them set): ``False`` is PyTorch's training mode,
  ``True`` its eval mode.

  Randomness: each call draws from ``self.make_rng(rng_collection)`` (pass
  ``rngs={'dropout': key}`` to ``apply``), or uses the key given to the call
  as ``rng``.

  Attributes:
    lower: the lower bound of the slope.
    upper: the upper bound of the slope; ``lower <= upper``.
    deterministic: eval mode if True, training mode if False.
    rng_collection: the stream of the slopes (default ``"dropout"``).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

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
  def __call__(
      self, x: ArrayLike, deterministic: Optional[bool] = None,
      rng: Optional[jax.Array] = None,
  ) -> jax.Array:
    return self.forward(x, self.randomness(deterministic, rng))


class Hardshrink(Layer, _definitions.Hardshrink):
  """Applies :func:`jaxpool.functional.hardshrink`, as PyTorch's ``nn.Hardshrink``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Attributes:
    lambd: the half-width of the zeroed interval (default 0.5).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Hardshrink().apply({}, jnp.array([-1., 0.2]))
    Array([-1.,  0.], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  lambd: float = 0.5

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Softshrink(Layer, _definitions.Softshrink):
  """Applies :func:`jaxpool.functional.softshrink`, as PyTorch's ``nn.Softshrink``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Attributes:
    lambd: the shrinkage, ``>= 0`` (default 0.5).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Softshrink().apply({}, jnp.array([-1., 0.2]))
    Array([-0.5,  0. ], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  lambd: float = 0.5

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Hardswish(Layer, _definitions.Hardswish):
  """Applies :func:`jaxpool.functional.hardswish`, as PyTorch's ``nn.Hardswish``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Hardswish().apply({}, jnp.array([-1.5, 4.]))
    Array([-0.375,  4.   ], dtype=float32)
  """
  __module__ = "jaxpool.nn"

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Hardsigmoid(Layer, _definitions.Hardsigmoid):
  """Applies :func:`jaxpool.functional.hardsigmoid`, as PyTorch's ``nn.Hardsigmoid``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Hardsigmoid().apply({}, jnp.array([1.5]))
    Array([0.75], dtype=float32)
  """
  __module__ = "jaxpool.nn"

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)

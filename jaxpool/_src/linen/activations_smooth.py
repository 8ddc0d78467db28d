"""flax.linen Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/activations_smooth.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Any, Optional

import flax.linen as nn
import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.layers import activations_smooth as _definitions
from jaxpool._src.linen.base import Layer


class ELU(Layer, _definitions.ELU):
  """Applies :func:`jaxpool.functional.elu`, as PyTorch's ``nn.ELU``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Attributes:
    alpha: the negative saturation value (default 1.0).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.ELU(alpha=2.0).apply({}, jnp.array([0., 1.]))
    Array([0., 1.], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  alpha: float = 1.0

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class SELU(Layer, _definitions.SELU):
  """Applies :func:`jaxpool.functional.selu`, as PyTorch's ``nn.SELU``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.SELU().apply({}, jnp.array([1.]))
    Array([1.050701], dtype=float32)
  """
  __module__ = "jaxpool.nn"

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class CELU(Layer, _definitions.CELU):
  """Applies :func:`jaxpool.functional.celu`, as PyTorch's ``nn.CELU``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Attributes:
    alpha: the negative saturation value, non-zero (default 1.0).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.CELU(alpha=2.0).apply({}, jnp.array([-2., 1.]))
    Array([-1.2642411,  1.       ], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  alpha: float = 1.0

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class GELU(Layer, _definitions.GELU):
  """Applies :func:`jaxpool.functional.gelu`, as PyTorch's ``nn.GELU``.

  Exact (erf) by default, as PyTorch; ``approximate='tanh'`` for the tanh
  form (``jax.nn.gelu``'s default).

  Attributes:
    approximate: ``"none"`` (default) or ``"tanh"``.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.GELU().apply({}, jnp.array([1.]))
    Array([0.8413447], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  approximate: str = "none"

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class SiLU(Layer, _definitions.SiLU):
  """Applies :func:`jaxpool.functional.silu`, as PyTorch's ``nn.SiLU``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.SiLU().apply({}, jnp.array([0.]))
    Array([0.], dtype=float32)
  """
  __module__ = "jaxpool.nn"

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Swish(Layer, _definitions.Swish):
  """Swish with a learnable ``beta`` (Ramachandran et al. 2017).

  ``x * sigmoid(beta * x)`` (:func:`jaxpool.functional.swish`) with ``beta``
  a scalar weight (shape ``()``), initialised to ``init_value``. With ``beta
  = 1`` it is SiLU. PyTorch has no ``Swish``. The initial value is a
  constant: no random key is needed.

  Attributes:
    init_value: the initial beta (default 1.0).
    param_dtype: the dtype of ``beta`` (default float32).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

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
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Mish(Layer, _definitions.Mish):
  """Applies :func:`jaxpool.functional.mish`, as PyTorch's ``nn.Mish``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Mish().apply({}, jnp.array([1.]))
    Array([0.8650985], dtype=float32)
  """
  __module__ = "jaxpool.nn"

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Sigmoid(Layer, _definitions.Sigmoid):
  """Applies :func:`jaxpool.functional.sigmoid`, as PyTorch's ``nn.Sigmoid``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Sigmoid().apply({}, jnp.array([0.]))
    Array([0.5], dtype=float32)
  """
  __module__ = "jaxpool.nn"

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Tanh(Layer, _definitions.Tanh):
  """Applies :func:`jaxpool.functional.tanh`, as PyTorch's ``nn.Tanh``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Tanh().apply({}, jnp.array([0.]))
    Array([0.], dtype=float32)
  """
  __module__ = "jaxpool.nn"

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Softplus(Layer, _definitions.Softplus):
  """Applies :func:`jaxpool.functional.softplus`, as PyTorch's ``nn.Softplus``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Attributes:
    beta: the sharpness, non-zero (default 1).
    threshold: the switch to the identity (default 20).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Softplus(beta=2.0, threshold=2.0).apply({}, jnp.array([2.]))
    Array([2.], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  beta: float = 1.0
  threshold: float = 20.0

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Softsign(Layer, _definitions.Softsign):
  """Applies :func:`jaxpool.functional.softsign`, as PyTorch's ``nn.Softsign``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Softsign().apply({}, jnp.array([1.]))
    Array([0.5], dtype=float32)
  """
  __module__ = "jaxpool.nn"

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Tanhshrink(Layer, _definitions.Tanhshrink):
  """Applies :func:`jaxpool.functional.tanhshrink`, as PyTorch's ``nn.Tanhshrink``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Tanhshrink().apply({}, jnp.array([0.]))
    Array([0.], dtype=float32)
  """
  __module__ = "jaxpool.nn"

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class LogSigmoid(Layer, _definitions.LogSigmoid):
  """Applies :func:`jaxpool.functional.logsigmoid`, as PyTorch's ``nn.LogSigmoid``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.LogSigmoid().apply({}, jnp.array([0.]))
    Array([-0.6931472], dtype=float32)
  """
  __module__ = "jaxpool.nn"

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)

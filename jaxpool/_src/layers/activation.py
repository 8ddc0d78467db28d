"""What the activation Modules share (see :mod:`jaxpool._src.layers.base`).

Each activation Module is partial application of its function in
:mod:`jaxpool.functional`, with PyTorch's constructor arguments and
defaults. PyTorch's ``inplace`` flags are not accepted: JAX arrays are
immutable (XLA reuses buffers by itself).
"""

from __future__ import annotations

from jaxpool._src.layers.base import Layer


class Activation(Layer):
  """Applies :func:`jaxpool.functional.{fn}`, as PyTorch's ``nn.{name}``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.
  """

"""Max unpooling, defined once: ``max_unpool{n}d`` and the Modules
``MaxUnpool{n}d`` (see :mod:`jaxpool._src.layers.base`)."""

from __future__ import annotations

from typing import Optional, Sequence

import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq
from jaxpool._src.layers import docs
from jaxpool._src.layers.base import Layer
from jaxpool._src.layers.templates import per_rank
from jaxpool._src.pool.unpool import max_unpool as max_unpool_nd

_X2 = "    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)  # (N, H, W, C)\n"


@per_rank(
    "max_unpool{n}d", (1, 2, 3), core=max_unpool_nd,
    fields=dict(common=docs.KERNEL_STRIDE_ARGS, layout=docs.LAYOUT_ARG),
    examples={1: """\
    >>> x = jnp.array([[[1.], [3.], [2.], [5.]]])
    >>> values, indices = F.max_pool1d(x, 2, return_indices=True)
    >>> F.max_unpool1d(values, indices, 2)[..., 0]
    Array([[0., 3., 0., 5.]], dtype=float32)""", 2: _X2 + """\
    >>> values, indices = F.max_pool2d(x, 2, return_indices=True)
    >>> F.max_unpool2d(values, indices, 2)[0, :, :, 0]
    Array([[ 0.,  0.,  0.,  0.],
           [ 0.,  5.,  0.,  7.],
           [ 0.,  0.,  0.,  0.],
           [ 0., 13.,  0., 15.]], dtype=float32)
    >>> F.max_unpool2d(values, indices, 2, output_size=(5, 5)).shape
    (1, 5, 5, 1)""", 3: """\
    >>> x = jnp.arange(8.).reshape(1, 2, 2, 2, 1)
    >>> values, indices = F.max_pool3d(x, 2, return_indices=True)
    >>> F.max_unpool3d(values, indices, 2).ravel()
    Array([0., 0., 0., 0., 0., 0., 0., 7.], dtype=float32)"""})
def max_unpool(
    x: ArrayLike, indices: ArrayLike, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, padding: IntOrSeq = 0,
    output_size: Optional[Sequence[int]] = None, *,
    channels_last: bool = True, check_indices: bool = False,
) -> jax.Array:
  """Inverts :func:`max_pool{n}d`, as ``torch.nn.functional.max_unpool{n}d``.

  Scatters each value of ``x`` to position ``indices`` of its (sample,
  channel) plane of a zero output; everything else is 0. Gradients flow back
  by gathering at the same indices, under ``jit`` too.

  Args:
    x: the pooled values (see Shape).
    indices: integer array of ``x``'s shape: flat plane indices ({index}), as
      returned by ``max_pool{n}d(..., return_indices=True)``.
{common}
    padding: the padding the pooling used: an int, {n} ints or {n} ``(lo, hi)``
      pairs.
    output_size: the spatial output size ({n} ints), or the full output shape
      in the layout in use; default ``(in - 1) * stride + kernel_size -
      pad_lo - pad_hi`` per dimension. Each spatial entry must lie strictly
      between ``default - stride`` and ``default + stride``, so that the
      sizes a strided pooling loses can be restored.
{layout}
    check_indices: under tracing (``jit``), check that every index is inside
      the output plane with :func:`jax.experimental.checkify.check`; wrap the
      caller in ``checkify.checkify`` to get the error.

  Returns:
    The unpooled array, in ``x``'s dtype.

  Raises:
    ValueError: on a shape mismatch between ``x`` and ``indices``, an invalid
      ``output_size``, and, when ``indices`` is concrete (eager call), any
      index outside ``[0, prod(output spatial size))``, as PyTorch.
    TypeError: for non-integer ``indices`` or invalid argument types.

  Out-of-range indices under ``jit`` cannot raise: they are dropped (their
  values do not appear in the output and receive zero gradient), unless
  ``check_indices=True`` under ``checkify``. Duplicate indices (overlapping
  pooling windows) write the same input element's value, so which write wins
  does not matter for indices from :func:`max_pool{n}d`; for arbitrary
  duplicates the winner is unspecified, as in PyTorch.

  Shape:
    ``x``: ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last``, else
    ``(N, C, {sp})`` or ``(C, {sp})``. Output: the same with each spatial
    length replaced by ``output_size`` or its default.
"""
  ...


class MaxUnpool(Layer):
  """{n}-d max unpooling, as ``torch.nn.MaxUnpool{n}d``: partial application of :func:`jaxpool.functional.max_unpool{n}d`.

  Called as ``m(x, indices, output_size=None)``, as PyTorch's Module.
  """
  public_name = "MaxUnpool{n}d"
  function = max_unpool
  ranks = (1, 2, 3)
  examples = {1: """\
    >>> x = jnp.array([[[1.], [3.], [2.], [5.]]])
    >>> values, indices = jnn.MaxPool1d(2, return_indices=True).apply({}, x)
    >>> jnn.MaxUnpool1d(2).apply({}, values, indices)[..., 0]
    Array([[0., 3., 0., 5.]], dtype=float32)""", 2: _X2 + """\
    >>> values, indices = jnn.MaxPool2d(2, return_indices=True).apply({}, x)
    >>> jnn.MaxUnpool2d(2).apply({}, values, indices, output_size=(5, 5)).shape
    (1, 5, 5, 1)""", 3: """\
    >>> x = jnp.arange(8.).reshape(1, 2, 2, 2, 1)
    >>> values, indices = jnn.MaxPool3d(2, return_indices=True).apply({}, x)
    >>> jnn.MaxUnpool3d(2).apply({}, values, indices).shape
    (1, 2, 2, 2, 1)"""}

  kernel_size: IntOrSeq
  stride: Optional[IntOrSeq] = None
  padding: IntOrSeq = 0
  channels_last: bool = True
  check_indices: bool = False

  def forward(self, x: ArrayLike, indices: ArrayLike,
              output_size: Optional[Sequence[int]] = None) -> jax.Array:
    return max_unpool_nd(max_unpool.public_name(self.ndim), self.ndim, x,
                         indices, self.kernel_size, self.stride, self.padding,
                         output_size, self.channels_last, self.check_indices)

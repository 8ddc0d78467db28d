"""Checking a port: a PyTorch module and its Flax twin on the same input.

PyTorch is imported inside :func:`compare_with_torch` only, so importing
jaxpool (or :mod:`jaxpool.interop`) never needs it.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Optional

import jax
import numpy as np

_FN = "compare_with_torch"


@dataclasses.dataclass(frozen=True)
class OutputDifference:
  """How far one Flax output is from PyTorch's.

  Attributes:
    name: the output's place, ``"output"`` or e.g. ``"output[1]"``.
    shape: its shape, in PyTorch's layout.
    max_abs: the largest absolute difference.
    max_rel: ``max_abs`` over the largest absolute PyTorch value (0 when
      both are 0), a scale-free figure.
  """
  name: str
  shape: tuple[int, ...]
  max_abs: float
  max_rel: float


@dataclasses.dataclass(frozen=True)
class PortCheck:
  """The result of :func:`compare_with_torch`: one row per output; printed
  as a table."""
  outputs: tuple[OutputDifference, ...]

  @property
  def max_abs(self) -> float:
    """The largest absolute difference over all outputs."""
    return max((o.max_abs for o in self.outputs), default=0.0)

  @property
  def max_rel(self) -> float:
    """The largest relative difference over all outputs."""
    return max((o.max_rel for o in self.outputs), default=0.0)

  def __str__(self) -> str:
    rows = [f"{'output':<12} {'shape':<20} {'max abs diff':>12} "
            f"{'max rel diff':>12}"]
    rows += [f"{o.name:<12} {str(o.shape):<20} {o.max_abs:>12.3g} "
             f"{o.max_rel:>12.3g}" for o in self.outputs]
    return "\n".join(rows)


def compare_with_torch(torch_module: Any, flax_fn: Callable[..., Any],
                       x: Any, *, channels_last: bool = True,
                       atol: Optional[float] = None) -> PortCheck:
  """Runs a PyTorch module and its Flax port on the same input and returns
  the largest difference per output.

  The PyTorch module runs in eval mode under ``torch.no_grad()`` (its
  training flag is restored afterwards); ``flax_fn`` is called on the same
  values as JAX arrays, e.g. ``lambda x: model.apply(variables, x)`` with
  BatchNorm's ``use_running_average=True``. With ``channels_last``, each
  input of rank 3 or more is given to ``flax_fn`` as ``(N, *spatial, C)``
  and each Flax output of rank 3 or more is moved back to ``(N, C,
  *spatial)`` before comparing. Outputs may be an array or a (nested)
  tuple, list or dict of arrays, the same structure on both sides.

  Args:
    torch_module: a ``torch.nn.Module`` (or any callable on tensors).
    flax_fn: the Flax side, called with the converted inputs.
    x: the input in PyTorch's layout: an array, or a tuple of arrays for a
      module with several inputs (NumPy or anything ``np.asarray`` takes).
    channels_last: whether the Flax side is channels-last (default).
    atol: if given, a difference above it raises ``ValueError`` with the
      table, so the check can guard a test or a script.

  Returns:
    A :class:`PortCheck`: ``.outputs`` (name, shape, ``max_abs``,
    ``max_rel`` per output), ``.max_abs``, ``.max_rel``; ``print`` shows a
    table.

  Raises:
    ImportError: without PyTorch.
    ValueError: for outputs of different structure or shape, or a
      difference above ``atol``.

  Example:
    Not run as a doctest where PyTorch is missing (``+SKIP``); tested in
    tests/layers/test_linear_torch.py.

    >>> import jax, jax.numpy as jnp, numpy as np
    >>> import jaxpool.nn as jnn
    >>> from jaxpool.interop import compare_with_torch, load_torch_state_dict
    >>> import torch  # doctest: +SKIP
    >>> tm = torch.nn.Linear(3, 2)  # doctest: +SKIP
    >>> sd = {k: v.numpy() for k, v in tm.state_dict().items()}  # doctest: +SKIP
    >>> layer = jnn.Linear(3, 2)
    >>> variables = load_torch_state_dict(  # doctest: +SKIP
    ...     sd, layer.init(jax.random.key(0), jnp.ones((1, 3))))
    >>> check = compare_with_torch(  # doctest: +SKIP
    ...     tm, lambda x: layer.apply(variables, x), np.ones((4, 3), np.float32))
    >>> check.max_abs < 1e-5  # doctest: +SKIP
    True
  """
  try:
    import torch
  except ImportError as e:
    raise ImportError(f"{_FN} runs the PyTorch module, so it needs PyTorch "
                      "(pip install torch).") from e
  if not isinstance(channels_last, bool):
    raise TypeError(f"{_FN}: channels_last={channels_last!r} must be a bool.")
  inputs = tuple(x) if isinstance(x, (tuple, list)) else (x,)
  arrays = [np.asarray(a) for a in inputs]

  training = getattr(torch_module, "training", None)
  if training is not None:
    torch_module.eval()
  try:
    with torch.no_grad():
      theirs = torch_module(*[torch.from_numpy(np.ascontiguousarray(a))
                              for a in arrays])
  finally:
    if training is not None:
      torch_module.train(training)
  theirs = jax.tree.map(lambda t: t.detach().cpu().float().numpy(), theirs,
                        is_leaf=lambda t: isinstance(t, torch.Tensor))

  ours = flax_fn(*[_to_flax(a, channels_last) for a in arrays])
  ours = jax.tree.map(lambda a: _from_flax(np.asarray(a), channels_last),
                      ours)
  flat_theirs, tree_theirs = jax.tree_util.tree_flatten_with_path(theirs)
  flat_ours, tree_ours = jax.tree_util.tree_flatten_with_path(ours)
  if tree_theirs != tree_ours:
    raise ValueError(f"{_FN}: PyTorch returned {tree_theirs} but the Flax "
                     f"function {tree_ours}; expected the same structure.")
  rows = []
  for (path, t), (_, o) in zip(flat_theirs, flat_ours):
    name = "output" + jax.tree_util.keystr(path)
    if t.shape != o.shape:
      raise ValueError(
          f"{_FN}: {name} has shape {t.shape} from PyTorch but {o.shape} "
          "from Flax (in PyTorch's layout"
          + (", after moving channels back" if channels_last else "")
          + "); expected equal.")
    t64, o64 = t.astype(np.float64), o.astype(np.float64)
    diff = float(np.max(np.abs(t64 - o64), initial=0.0))
    scale = float(np.max(np.abs(t64), initial=0.0))
    rows.append(OutputDifference(name, tuple(t.shape), diff,
                                 diff / scale if scale else
                                 (0.0 if diff == 0 else float("inf"))))
  check = PortCheck(tuple(rows))
  if atol is not None and not check.max_abs <= atol:
    raise ValueError(f"{_FN}: the port differs from PyTorch by "
                     f"{check.max_abs:.3g} > atol={atol}:\n{check}")
  return check


def _to_flax(a: np.ndarray, channels_last: bool):
  a = np.moveaxis(a, 1, -1) if channels_last and a.ndim >= 3 else a
  return jax.numpy.asarray(a)


def _from_flax(a: np.ndarray, channels_last: bool) -> np.ndarray:
  return np.moveaxis(a, -1, 1) if channels_last and a.ndim >= 3 else a

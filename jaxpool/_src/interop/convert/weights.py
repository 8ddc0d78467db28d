"""A converted model's arrays, both ways: PyTorch's ``state_dict`` into Flax
variables, and Flax variables (or an NNX model's state) back into a
``state_dict`` of NumPy arrays, bit for bit.

Only two layouts change: Flax's ``Conv`` kernel ``(*k, in/groups, out)`` is
PyTorch's ``(out, in/groups, *k)`` transposed, and a ``Linear`` fed by a map
flattened in stored order (``torch_flattened``) has its weight's columns
permuted. Everything else is a jaxpool layer with PyTorch's names and
layouts. PyTorch's parameters go to ``params``, its buffers to
``batch_stats``.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from jaxpool._src.interop.convert import program as P

FN = "to_torch_state_dict"
COLLECTIONS = ("params", "batch_stats")


def kernel_from_torch(w: np.ndarray) -> np.ndarray:
  n = w.ndim - 2
  return np.transpose(w, (*range(2, n + 2), 1, 0))


def kernel_to_torch(k: np.ndarray) -> np.ndarray:
  n = k.ndim - 2
  return np.transpose(k, (n + 1, n, *range(n)))


def columns_from_torch(w: np.ndarray, block: tuple[int, ...],
                       order: tuple[int, ...]) -> np.ndarray:
  """A Linear weight's columns from PyTorch's flatten order to the stored
  one (``order``: the block's dims as they lie)."""
  out = w.shape[0]
  w = w.reshape(out, *block).transpose(0, *(1 + o for o in order))
  return w.reshape(out, -1)


def columns_to_torch(w: np.ndarray, block: tuple[int, ...],
                     order: tuple[int, ...]) -> np.ndarray:
  out = w.shape[0]
  w = w.reshape(out, *(block[o] for o in order))
  return w.transpose(0, *(1 + order.index(i) for i in range(len(block))))\
      .reshape(out, -1)


def _from_torch_array(t: Any) -> np.ndarray:
  # A copy: jax.device_put may alias a NumPy buffer, and PyTorch's
  # optimisers write into theirs.
  a = t.detach().cpu().numpy().copy()
  if a.dtype.kind in "iu":
    from jaxpool._src.core import args
    a = a.astype(args.index_dtype())
  return a


def variables(program: P.Program) -> dict[str, dict[str, Any]]:
  """The Flax variables of ``program`` from its PyTorch modules' arrays
  (NumPy; the caller puts them on a device)."""
  params: dict[str, Any] = {}
  stats: dict[str, Any] = {}
  for s in program.submodules:
    if s.kind == P.PARAM:
      params[s.name] = _from_torch_array(s.module)
    elif s.kind == P.BUFFER:
      stats[s.name] = _from_torch_array(s.module)
    elif s.kind in (P.CONV, P.LAYER):
      m = s.module
      own = {}
      for k, v in m.named_parameters(recurse=False):
        a = _from_torch_array(v)
        if s.kind == P.CONV and k == "weight":
          k, a = "kernel", np.ascontiguousarray(kernel_from_torch(a))
        own[k] = a
      if s.flat is not None:
        own["weight"] = np.ascontiguousarray(columns_from_torch(
            own["weight"], s.flat.block, s.flat.order))
      if own:
        params[s.name] = own
      buffers = {k: _from_torch_array(v) for k, v in
                 m.named_buffers(recurse=False) if v is not None}
      if buffers:
        stats[s.name] = buffers
  return {"params": params, "batch_stats": stats}


def state_dict(torch_paths: Mapping[str, str],
               torch_flattened: Mapping[str, Any],
               variables: Mapping[str, Any]) -> dict[str, np.ndarray]:
  """PyTorch's ``state_dict`` (NumPy arrays) of converted ``variables``."""
  out: dict[str, np.ndarray] = {}
  for name, path in torch_paths.items():
    found = False
    for collection in COLLECTIONS:
      tree = variables.get(collection, {})
      if name not in tree:
        continue
      found = True
      value = tree[name]
      if not isinstance(value, Mapping):
        out[path] = _to_torch_array(value, path)
        continue
      for leaf in sorted(value, key=_leaf_order):
        array = value[leaf]
        a = np.asarray(array)
        key = f"{path}.{leaf}"
        if leaf == "kernel":
          key, a = f"{path}.weight", kernel_to_torch(a)
        elif leaf == "weight" and name in torch_flattened:
          block, order = torch_flattened[name]
          a = columns_to_torch(a, tuple(block), tuple(order))
        out[key] = _to_torch_array(a, key)
    if not found and all(c in variables for c in COLLECTIONS):
      raise ValueError(
          f"{FN}: variables have no {name!r} (PyTorch's {path!r}) in "
          f"{' or '.join(COLLECTIONS)}; expected the variables of the "
          "converted model, {'params': ..., 'batch_stats': ...}.")
  return out


# PyTorch's order of a layer's arrays (parameters, then buffers).
_ORDER = ("kernel", "weight", "bias", "running_mean", "running_var",
          "num_batches_tracked")


def _leaf_order(leaf: str) -> tuple[int, str]:
  return (_ORDER.index(leaf) if leaf in _ORDER else len(_ORDER), leaf)


def _to_torch_array(array: Any, key: str) -> np.ndarray:
  """A writable, contiguous copy (``torch.from_numpy`` takes it as is)."""
  a = np.asarray(array)
  if key.endswith("num_batches_tracked") or a.dtype.kind in "iu":
    return a.astype(np.int64)  # PyTorch's integer buffers are int64
  return np.array(a, order="C", copy=True)

"""Loading a PyTorch ``state_dict`` (as NumPy arrays) into Flax params.

PyTorch is never imported: the caller converts its tensors, e.g.
``{k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}``.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional, Union

import flax
import flax.core
import jax
import jax.numpy as jnp
import numpy as np
from flax import traverse_util

NameMapping = Union[Mapping[str, str], Callable[[str], str]]

_FN = "load_torch_state_dict"


def load_torch_state_dict(state_dict: Mapping[str, Any], params: Any, *,
                          mapping: Optional[NameMapping] = None,
                          strict: bool = True) -> Any:
  """Returns ``params`` filled with the arrays of a PyTorch ``state_dict``.

  ``params`` is the template: the Flax params of the ported model, e.g.
  ``model.init(key, x)["params"]``, or ``jax.eval_shape`` of it (shapes and
  dtypes are all that is read, unless ``strict=False`` keeps some of its
  values). Each state_dict key ``"prefix.leaf"`` (``"fc1.weight"``,
  ``"0.bias"``, ``"weight"``) is placed as follows.

  1. **Module path.** The dotted module prefix names the Flax submodule:
     ``"encoder.fc1"`` goes to ``params["encoder"]["fc1"]``. So name the Flax
     submodules as the PyTorch attributes (``jnn.Linear(3, 8, name="fc1")``), or
     give ``mapping``: a dict from PyTorch module prefixes to Flax module
     paths, both dotted, matched on the longest whole-segment prefix (e.g.
     ``{"0": "Linear_0", "2": "PReLU_0"}`` for a ``torch.nn.Sequential``
     ported to an ``nn.compact`` model with automatic names, or
     ``{"features": "backbone"}`` to move a whole subtree); or a function
     from the PyTorch prefix to the Flax path.
  2. **Leaf.** jaxpool's ``Linear``, ``Bilinear`` and ``PReLU`` store
     PyTorch's names and layouts (``"weight"`` ``(out, in)``, ``"bias"``), so
     their arrays are copied unchanged. When the Flax module has no leaf of
     the PyTorch name but a ``"kernel"`` (Flax's ``nn.Dense``/``nn.Conv``), a
     ``"weight"`` is moved into it in Flax's layout: ``(out, in)`` becomes
     ``(in, out)``, and a convolution's ``(out, in, *window)`` becomes
     ``(*window, in, out)``. (Not valid for transposed convolutions.)
  3. **Checks.** The array must have the template leaf's shape; it is cast to
     the template leaf's dtype.

  A ``Linear`` that follows a flatten of a convolutional feature map needs
  care: PyTorch flattens ``(C, H, W)``, a channels-last model ``(H, W, C)``,
  so the ``in`` axis of its weight must be permuted by the caller.

  Args:
    state_dict: PyTorch names to arrays (NumPy or anything ``np.asarray``
      accepts).
    params: the template params tree (nested dicts or a ``FrozenDict``),
      *not* the whole variables dict: pass ``variables["params"]``.
    mapping: optional PyTorch-prefix to Flax-path renaming, a dict or a
      function (see above).
    strict: ``True`` (default): every state_dict key must fill a template
      leaf and every template leaf must be filled, as PyTorch's
      ``load_state_dict(strict=True)``. ``False``: unknown keys are ignored
      and unfilled leaves keep the template's values.

  Returns:
    A params tree of the template's structure and type, with ``jax.Array``
    leaves in the template's dtypes.

  Raises:
    ValueError: naming the key and the Flax path, for a shape mismatch, two
      keys that fill the same leaf, and (when ``strict``) keys that match no
      leaf and leaves that no key fills.
    TypeError: for a non-mapping argument, a non-string key or a value that
      is not a numeric array.

  Example:
    >>> import jax, jax.numpy as jnp, numpy as np
    >>> import flax.linen as nn
    >>> import jaxpool.nn as jnn
    >>> from jaxpool.interop import load_torch_state_dict
    >>> class Net(nn.Module):  # PyTorch: fc1 = Linear(3, 4), fc2 = Linear(4, 2)
    ...   @nn.compact
    ...   def __call__(self, x):
    ...     return jnn.Linear(4, 2, name="fc2")(jnn.Linear(3, 4, name="fc1")(x))
    >>> template = jax.eval_shape(Net().init, jax.random.key(0),
    ...                           jnp.ones((1, 3)))["params"]
    >>> state_dict = {"fc1.weight": np.ones((4, 3)), "fc1.bias": np.zeros(4),
    ...               "fc2.weight": np.ones((2, 4)), "fc2.bias": np.ones(2)}
    >>> params = load_torch_state_dict(state_dict, template)
    >>> Net().apply({"params": params}, jnp.ones((1, 3)))
    Array([[13., 13.]], dtype=float32)
  """
  if not isinstance(state_dict, Mapping):
    raise TypeError(f"{_FN}: state_dict of type {type(state_dict).__name__} "
                    "is not a mapping; expected a dict of names to arrays.")
  if not isinstance(params, Mapping):
    raise TypeError(f"{_FN}: params of type {type(params).__name__} is not a "
                    "mapping; expected the Flax params tree.")
  if not isinstance(strict, (bool, np.bool_)):
    raise TypeError(f"{_FN}: strict={strict!r} must be a bool.")
  if mapping is not None and not (isinstance(mapping, Mapping)
                                  or callable(mapping)):
    raise TypeError(f"{_FN}: mapping of type {type(mapping).__name__} is not "
                    "a dict or a function; expected PyTorch module prefixes "
                    "mapped to Flax module paths.")
  frozen = isinstance(params, flax.core.FrozenDict)
  # flax types unfreeze for dicts only; it returns other mappings as given.
  tree: Any = params
  flat: dict[tuple, Any] = traverse_util.flatten_dict(flax.core.unfreeze(tree))
  filled: dict[tuple, Any] = {}
  source: dict[tuple, str] = {}
  unknown: list[str] = []

  for key, value in state_dict.items():
    if not isinstance(key, str):
      raise TypeError(f"{_FN}: state_dict key {key!r} is not a string.")
    prefix, _, leaf = key.rpartition(".")
    module_path = _module_path(prefix, mapping)
    path = module_path + (leaf,)
    transform = None
    if path not in flat and leaf == "weight" and module_path + ("kernel",) in (
        flat):
      path = module_path + ("kernel",)
      transform = _to_flax_kernel
    if path not in flat:
      unknown.append(f"{key!r} (looked for {_show(path)})")
      continue
    if path in filled:
      raise ValueError(f"{_FN}: state_dict keys {source[path]!r} and {key!r} "
                       f"both map to {_show(path)}; expected one key per "
                       "parameter: check mapping.")
    array = _as_array(key, value)
    target = flat[path]
    if transform is not None:
      array = transform(key, array, path, target)
    if array.shape != tuple(target.shape):
      raise ValueError(
          f"{_FN}: state_dict[{key!r}] has shape {array.shape}; expected "
          f"{tuple(target.shape)} for {_show(path)}.")
    filled[path] = jnp.asarray(array, dtype=target.dtype)
    source[path] = key

  missing = [p for p in flat if p not in filled]
  if strict and (unknown or missing):
    lines = []
    if unknown:
      lines.append("unknown keys (no such parameter): " + ", ".join(unknown))
    if missing:
      lines.append("parameters with no key in state_dict: "
                   + ", ".join(_show(p) for p in missing))
    hint = ""
    if set(params) == {"params"}:
      hint = " (pass variables['params'], not the whole variables dict)"
    raise ValueError(f"{_FN}: state_dict does not match params{hint}: "
                     + "; ".join(lines)
                     + ". Pass mapping= to rename modules, or strict=False.")
  for path in missing:
    leaf = flat[path]
    if isinstance(leaf, jax.ShapeDtypeStruct):
      raise ValueError(
          f"{_FN}: {_show(path)} has no key in state_dict and the template "
          "holds only its shape (jax.eval_shape); pass initialised params to "
          "keep unloaded values.")
    filled[path] = leaf
  out = traverse_util.unflatten_dict({p: filled[p] for p in flat})
  return flax.core.freeze(out) if frozen else out


def _module_path(prefix: str, mapping) -> tuple[str, ...]:
  if mapping is not None:
    if callable(mapping) and not isinstance(mapping, Mapping):
      renamed = mapping(prefix)
      if not isinstance(renamed, str):
        raise TypeError(f"{_FN}: mapping returned {renamed!r}; expected a "
                        "dotted Flax module path (a string).")
      prefix = renamed
    else:
      prefix = _rename_prefix(prefix, mapping)
  return tuple(p for p in prefix.split(".") if p)


def _rename_prefix(prefix: str, mapping: Mapping[str, str]) -> str:
  """Replaces the longest whole-segment prefix found in ``mapping``."""
  parts = prefix.split(".") if prefix else []
  for n in range(len(parts), -1, -1):
    head = ".".join(parts[:n])
    if head in mapping:
      new = mapping[head]
      if not isinstance(new, str):
        raise TypeError(f"{_FN}: mapping[{head!r}]={new!r} is not a string; "
                        "expected a dotted Flax module path.")
      return ".".join(p for p in [new, *parts[n:]] if p)
  return prefix


def _as_array(key: str, value) -> np.ndarray:
  try:
    array = np.asarray(value)
  except Exception as e:  # e.g. a torch tensor that requires grad
    raise TypeError(f"{_FN}: state_dict[{key!r}] of type "
                    f"{type(value).__name__} cannot be converted to a NumPy "
                    "array; expected e.g. tensor.detach().cpu().numpy()."
                    ) from e
  if not (np.issubdtype(array.dtype, np.number)
          or np.issubdtype(array.dtype, np.bool_)):
    raise TypeError(f"{_FN}: state_dict[{key!r}] has dtype {array.dtype}; "
                    "expected a numeric array.")
  return array


def _to_flax_kernel(key: str, w: np.ndarray, path, target) -> np.ndarray:
  """A PyTorch ``(out, in, *window)`` weight as ``(*window, in, out)``."""
  if w.ndim < 2:
    raise ValueError(f"{_FN}: state_dict[{key!r}] has shape {w.shape}; "
                     f"expected at least 2 dimensions for {_show(path)}.")
  return np.transpose(w, tuple(range(2, w.ndim)) + (1, 0))


def _show(path: tuple[str, ...]) -> str:
  return "params" + "".join(f"[{p!r}]" for p in path)

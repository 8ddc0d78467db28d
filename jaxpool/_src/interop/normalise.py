"""The loader's inputs, checked and brought to one plain form.

PyTorch's side becomes *layers*: the keys sharing a module prefix
(``"features.1.weight"`` and ``"features.1.running_mean"`` are layer
``"features.1"``), each a dict from leaf name to NumPy array, in
state_dict order. Flax's side becomes a :class:`Template`: its leaves by
collection and path, grouped into layers (the leaves sharing a module path
across ``params`` and ``batch_stats``), and a function that rebuilds the
container they came from. The later phases read only these two forms, so
another container is one more constructor of them here.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Callable, Literal, Mapping, Optional, Union

import flax.core
import numpy as np
from flax import traverse_util

from jaxpool._src.interop.report import FN

NameMapping = Union[Mapping[str, str], Callable[[str], str], Literal["order"]]
FlattenFix = Mapping[str, Optional[tuple[int, ...]]]

Path = tuple[str, ...]
# PyTorch prefix -> {leaf name: array}, in state_dict order.
TorchLayers = dict[str, dict[str, np.ndarray]]
# Flax module path -> {(collection, leaf name): template leaf}.
FlaxLayers = dict[Path, dict[tuple[str, str], Any]]
# Collection -> path in it (module path + leaf name) -> leaf.
FlatLeaves = dict[str, dict[Path, Any]]

COLLECTIONS = ("params", "batch_stats")
IGNORED = ("num_batches_tracked",)  # BatchNorm's step count: Flax has none


def check_arguments(state_dict: Any, variables: Any, mapping: Any,
                    strict: Any, flatten: Any) -> None:
  """Raises a TypeError or ValueError for an argument of the wrong kind."""
  if not isinstance(state_dict, Mapping):
    raise TypeError(f"{FN}: state_dict of type {type(state_dict).__name__} "
                    "is not a mapping; expected a dict of names to arrays.")
  if not isinstance(variables, Mapping):
    raise TypeError(f"{FN}: variables of type {type(variables).__name__} is "
                    "not a mapping; expected the Flax variables dict, e.g. "
                    "model.init(key, x).")
  if not isinstance(strict, (bool, np.bool_)):
    raise TypeError(f"{FN}: strict={strict!r} must be a bool.")
  if isinstance(mapping, str) and mapping != "order":
    raise ValueError(f"{FN}: mapping={mapping!r}; expected 'order', a dict "
                     "or a function.")
  if mapping is not None and not (isinstance(mapping, (Mapping, str))
                                  or callable(mapping)):
    raise TypeError(f"{FN}: mapping of type {type(mapping).__name__} is not "
                    "a dict, a function or 'order'; expected PyTorch module "
                    "prefixes mapped to Flax module paths.")
  if flatten is not None and not isinstance(flatten, Mapping):
    raise TypeError(f"{FN}: flatten of type {type(flatten).__name__} is not "
                    "a dict; expected PyTorch Linear prefixes mapped to the "
                    "(C, H, W) shape they flatten, e.g. {'classifier.0': "
                    "(64, 7, 7)}.")


def torch_layers(state_dict: Mapping[Any, Any]) -> TorchLayers:
  """A state_dict as PyTorch layers of NumPy arrays (``IGNORED`` dropped)."""
  layers: TorchLayers = {}
  for key, value in state_dict.items():
    if not isinstance(key, str):
      raise TypeError(f"{FN}: state_dict key {key!r} is not a string.")
    prefix, _, leaf = key.rpartition(".")
    if leaf in IGNORED:
      continue
    layers.setdefault(prefix, {})[leaf] = _as_array(key, value)
  return layers


def _as_array(key: str, value: Any) -> np.ndarray:
  try:
    array = np.asarray(value)
  except Exception as e:  # e.g. a torch tensor that requires grad
    raise TypeError(f"{FN}: state_dict[{key!r}] of type "
                    f"{type(value).__name__} cannot be converted to a NumPy "
                    "array; expected e.g. tensor.detach().cpu().numpy()."
                    ) from e
  if not (np.issubdtype(array.dtype, np.number)
          or np.issubdtype(array.dtype, np.bool_)):
    raise TypeError(f"{FN}: state_dict[{key!r}] has dtype {array.dtype}; "
                    "expected a numeric array.")
  return array


def flatten_shapes(flatten: Mapping[Any, Any], layers: TorchLayers
                   ) -> dict[str, Optional[tuple[int, ...]]]:
  """``flatten=`` checked against the PyTorch layers: each key the prefix of
  a ``Linear``, each value ``None`` or a channels-first shape with as many
  elements as that ``Linear``'s inputs."""
  shapes: dict[str, Optional[tuple[int, ...]]] = {}
  for prefix, shape in flatten.items():
    if not isinstance(prefix, str):
      raise TypeError(f"{FN}: flatten key {prefix!r} is not a string; "
                      "expected a PyTorch module prefix.")
    weight = layers.get(prefix, {}).get("weight")
    if weight is None or weight.ndim != 2:
      raise ValueError(
          f"{FN}: flatten[{prefix!r}]: state_dict has no Linear "
          f"{prefix!r} (no 2-d {prefix}.weight); expected the prefix of the "
          "Linear after the flatten, as in state_dict.")
    if shape is None:
      shapes[prefix] = None
      continue
    if not (isinstance(shape, (tuple, list)) and len(shape) >= 2
            and all(isinstance(s, (int, np.integer)) and s > 0
                    for s in shape)):
      raise TypeError(f"{FN}: flatten[{prefix!r}]={shape!r}; expected the "
                      "channels-first shape flattened, e.g. (C, H, W), or "
                      "None.")
    if math.prod(shape) != weight.shape[1]:
      raise ValueError(
          f"{FN}: flatten[{prefix!r}]={tuple(shape)} has "
          f"{math.prod(shape)} elements but {prefix}.weight has shape "
          f"{weight.shape}, in_features={weight.shape[1]}; expected equal.")
    shapes[prefix] = tuple(shape)
  return shapes


@dataclasses.dataclass(frozen=True)
class Template:
  """The Flax side of a load, whatever container it came in.

  Attributes:
    leaves: collection (``"params"``, ``"batch_stats"``) -> path in it ->
      template leaf (an array or a ``jax.ShapeDtypeStruct``), in the
      container's order.
    bare: whether only params can be filled (a bare params tree).
    rebuild: the container again, from ``leaves``-shaped values.
  """
  leaves: FlatLeaves
  bare: bool
  rebuild: Callable[[FlatLeaves], Any]

  def layers(self) -> FlaxLayers:
    """Flax module path -> its leaves, in params creation order (insertion
    order), then layers with no params."""
    layers: FlaxLayers = {}
    for collection in COLLECTIONS:
      for path, leaf in self.leaves.get(collection, {}).items():
        layers.setdefault(path[:-1], {})[(collection, path[-1])] = leaf
    return layers


def linen_template(variables: Mapping[str, Any]) -> Template:
  """A Template of a flax.linen variables dict (nested dicts or a
  FrozenDict), or of a bare params tree."""
  bare = not any(isinstance(variables.get(c), Mapping) for c in COLLECTIONS)
  collections: dict[str, Any] = (
      {"params": variables} if bare else
      {c: variables[c] for c in COLLECTIONS
       if isinstance(variables.get(c), Mapping)})
  leaves = {c: traverse_util.flatten_dict(flax.core.unfreeze(tree))
            for c, tree in collections.items()}

  def rebuild(values: FlatLeaves) -> Any:
    out: dict[str, Any] = {}
    for collection, flat in values.items():
      tree = traverse_util.unflatten_dict(flat)
      frozen = isinstance(collections[collection], flax.core.FrozenDict)
      out[collection] = flax.core.freeze(tree) if frozen else tree
    if bare:
      return out["params"]
    result = {c: out.get(c, v) for c, v in variables.items()}
    if isinstance(variables, flax.core.FrozenDict):
      return flax.core.freeze(result)
    return result

  return Template(leaves, bare, rebuild)

"""The loader's inputs, checked and brought to one plain form.

PyTorch's side becomes *layers*: the keys sharing a module prefix
(``"features.1.weight"`` and ``"features.1.running_mean"`` are layer
``"features.1"``), each a dict from leaf name to NumPy array, in
state_dict order. Flax's side becomes a ``Template``
(:mod:`jaxpool._src.interop.templates`): its leaves by collection and path,
grouped into layers (the leaves sharing a module path across ``params`` and
``batch_stats``). The later phases read only these two forms.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Literal, Mapping, NamedTuple, Optional, Union

import numpy as np

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
# BatchNorm's step count: loaded where the Flax layer has one (jaxpool's
# BatchNorm{n}d), else dropped (Flax's BatchNorm has none); a Flax count with
# no PyTorch key keeps its value, as PyTorch's load_state_dict keeps the
# module's for a state_dict without one.
OPTIONAL = ("num_batches_tracked",)


def check_arguments(state_dict: Any, mapping: Any, strict: Any,
                    flatten: Any) -> None:
  """Raises a TypeError or ValueError for an argument of the wrong kind
  (``variables``: ``templates.template`` checks it)."""
  if not isinstance(state_dict, Mapping):
    raise TypeError(f"{FN}: state_dict of type {type(state_dict).__name__} "
                    "is not a mapping; expected a dict of names to arrays.")
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
  """A state_dict as PyTorch layers of NumPy arrays."""
  layers: TorchLayers = {}
  for key, value in state_dict.items():
    if not isinstance(key, str):
      raise TypeError(f"{FN}: state_dict key {key!r} is not a string.")
    prefix, _, leaf = key.rpartition(".")
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
    shape = tuple(int(s) for s in shape)
    _check_channels_first(prefix, shape, feature_maps(layers).get(prefix))
    shapes[prefix] = shape
  return shapes


class FeatureMap(NamedTuple):
  """The map a ``Linear`` may read flattened, as its PyTorch layers show.

  Attributes:
    conv: the convolution that made it.
    last: the layer that gives its channel count: ``conv``, or a BatchNorm
      after it with another count (a concatenation's channels show there,
      as DenseNet's).
    channels: that count.
  """
  conv: str
  last: str
  channels: int


def feature_maps(layers: TorchLayers) -> dict[str, FeatureMap]:
  """Each ``Linear`` (2-d weight) preceded, in state_dict order and since
  the previous ``Linear``, by a convolution (a weight of 3 or more dims; a
  ``Bilinear`` looks the same) -> that map."""
  found: dict[str, FeatureMap] = {}
  current: Optional[FeatureMap] = None
  for prefix, leaves in layers.items():
    weight, mean = leaves.get("weight"), leaves.get("running_mean")
    if weight is not None and weight.ndim >= 3:
      current = FeatureMap(prefix, prefix, weight.shape[0])
    elif (mean is not None and mean.ndim == 1 and current is not None
          and mean.shape[0] != current.channels):
      current = current._replace(last=prefix, channels=mean.shape[0])
    elif weight is not None and weight.ndim == 2:
      if current is not None:
        found[prefix] = current
      current = None
  return found


def _check_channels_first(prefix: str, shape: tuple[int, ...],
                          fmap: Optional[FeatureMap]) -> None:
  """Rejects a ``flatten`` shape written channels-last: its last entry the
  channels of the map before the Linear, its first not. Taken as given, it
  would permute the weight wrongly, silently; read the other way, it would
  be wrong for a map whose width happens to equal the channels."""
  if fmap is None or shape[0] == fmap.channels or (
      shape[-1] != fmap.channels):
    return
  first = (fmap.channels,) + shape[:-1]
  raise ValueError(
      f"{FN}: flatten[{prefix!r}]={shape} is in channels-last order: "
      f"{fmap.last!r} before it (in state_dict order) has {fmap.channels} "
      f"channels; expected PyTorch's channels-first order {first}, the "
      f"shape of the map before its flatten. (If that map really has "
      f"{shape[0]} channels, e.g. a concatenation, permute {prefix}.weight "
      f"yourself and pass flatten={{{prefix!r}: None}}.)")

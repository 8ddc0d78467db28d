"""Writing PyTorch arrays into Flax leaves.

Which leaf of its Flax layer each PyTorch array fills, and in which layout:
PyTorch's own name where the layer has it (jaxpool's ``Linear``,
``Bilinear``, ``PReLU``, ``BatchNorm{n}d``), else Flax's ``kernel``
(transposed), ``scale`` or ``embedding`` for a ``weight``, and
``batch_stats`` ``mean``/``var`` for BatchNorm's running statistics. Also the flatten permutation of a
``Linear``'s input axis, the shape check and dtype cast of each array, and
the template rebuilt with the filled leaves.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Optional

import jax
import jax.numpy as jnp
import numpy as np

from jaxpool._src.interop.normalise import OPTIONAL
from jaxpool._src.interop.normalise import FlatLeaves
from jaxpool._src.interop.normalise import FlaxLayers
from jaxpool._src.interop.normalise import Path
from jaxpool._src.interop.normalise import TorchLayers
from jaxpool._src.interop.templates import Template
from jaxpool._src.interop.report import FN
from jaxpool._src.interop.report import MissingLeaf
from jaxpool._src.interop.report import UnusedKey
from jaxpool._src.interop.report import show

Slot = tuple[str, str]  # (collection, leaf name) in a Flax layer


def permute_flattened_inputs(
    layers: TorchLayers, shapes: dict[str, Optional[tuple[int, ...]]]
) -> None:
  """Permutes each listed Linear's input axis from channels-first
  ``(C, *spatial)`` flatten order to channels-last ``(*spatial, C)``; the
  shapes are checked already (``normalise.flatten_shapes``)."""
  for prefix, shape in shapes.items():
    if shape is None:
      continue
    weight = layers[prefix]["weight"]
    out = weight.shape[0]
    permuted = np.moveaxis(weight.reshape((out,) + tuple(shape)), 1, -1)
    layers[prefix]["weight"] = permuted.reshape(out, -1)


def place(leaf: str, array: np.ndarray, targets: dict[Slot, Any]
          ) -> Optional[tuple[Slot, np.ndarray, str]]:
  """``(slot, array in Flax's layout, layout note for messages)`` for one
  PyTorch leaf in its Flax layer, or ``None`` if the layer has no leaf for
  it. The slots are tried in order: jaxpool's own layers keep PyTorch's
  names; Flax's Dense/Conv call a ``weight`` ``kernel`` (another layout),
  its norms ``scale``, Embed ``embedding``; its BatchNorm's statistics are
  ``mean`` and ``var``. Statistics go to ``batch_stats``, or to ``params``
  in a bare tree that has them there (``to_pure_dict`` of an NNX model)."""
  if leaf in ("running_mean", "running_var", *OPTIONAL):
    names = [leaf] + ([leaf[len("running_"):]] if leaf.startswith(
        "running_") else [])
    options = [(c, n) for c in ("batch_stats", "params") for n in names]
  elif leaf == "weight":
    options = [("params", n) for n in ("weight", "kernel", "scale",
                                       "embedding")]
  else:
    options = [("params", leaf)]
  for slot in options:
    if slot in targets:
      if slot[1] == "kernel":
        if array.ndim < 2:
          return slot, array, " (no kernel layout for a 1-d weight)"
        # PyTorch (out, in, *window) -> Flax (*window, in, out).
        perm = tuple(range(2, array.ndim)) + (1, 0)
        return (slot, np.transpose(array, perm),
                f" as a Flax kernel {np.transpose(array, perm).shape}")
      return slot, array, ""
  return None


@dataclasses.dataclass
class Filled:
  """What :func:`fill_layers` wrote, and what it could not place.

  Attributes:
    values: full leaf path ``(collection, *module, leaf)`` -> array, cast to
      the template leaf's dtype.
    unused: the arrays that fill no leaf, in state_dict order.
    conv_kernels: the PyTorch prefixes that filled a Flax convolution
      kernel (channels-last on the Flax side).
  """
  values: dict[Path, jax.Array] = dataclasses.field(default_factory=dict)
  unused: list[UnusedKey] = dataclasses.field(default_factory=list)
  conv_kernels: set[str] = dataclasses.field(default_factory=set)


def fill_layers(pairs: list[tuple[str, Path]], torch_layers: TorchLayers,
                flax_layers: FlaxLayers) -> Filled:
  """Each paired PyTorch layer's arrays into its Flax layer's leaves.

  Raises:
    ValueError: for an array whose shape (in Flax's layout) is not its
      leaf's, or two keys that fill the same leaf.
  """
  filled = Filled()
  source: dict[Path, str] = {}
  for prefix, module in pairs:
    targets = flax_layers.get(module, {})
    for leaf, array in torch_layers[prefix].items():
      key = f"{prefix}.{leaf}" if prefix else leaf
      placed = place(leaf, array, targets)
      if placed is None and leaf in OPTIONAL:
        continue
      if placed is None:
        filled.unused.append(UnusedKey(prefix, module, bool(targets), leaf))
        continue
      given = array.shape
      slot, array, layout = placed
      path = (slot[0],) + module + (slot[1],)
      target = targets[slot]
      if array.shape != tuple(target.shape):
        raise ValueError(
            f"{FN}: state_dict[{key!r}] has shape {given}"
            f"{layout}; expected {tuple(target.shape)} for {show(path)}.")
      if path in filled.values:
        raise ValueError(f"{FN}: state_dict keys {source[path]!r} and "
                         f"{key!r} both fill {show(path)}; expected one key "
                         "per leaf: check mapping.")
      filled.values[path] = jnp.asarray(array, dtype=target.dtype)
      source[path] = key
      if slot[1] == "kernel" and array.ndim >= 3:
        filled.conv_kernels.add(prefix)
  return filled


def missing_leaves(flax_layers: FlaxLayers, filled: Filled
                   ) -> list[MissingLeaf]:
  """The template leaves that no array filled, layer by layer (``OPTIONAL``
  ones aside)."""
  return [MissingLeaf(module, collection, leaf)
          for module, leaves in flax_layers.items()
          for (collection, leaf) in leaves
          if (collection,) + module + (leaf,) not in filled.values
          and leaf not in OPTIONAL]


def write(template: Template, filled: Filled) -> Any:
  """The template's container with the filled leaves; the others keep the
  template's values, which must then be arrays, not shapes (a step count
  with no PyTorch key and only a shape starts at 0)."""
  values: FlatLeaves = {}
  for collection, leaves in template.leaves.items():
    values[collection] = {}
    for path, leaf in leaves.items():
      full = (collection,) + path
      if full not in filled.values and isinstance(leaf, jax.ShapeDtypeStruct):
        if path[-1] in OPTIONAL:
          values[collection][path] = jnp.zeros(leaf.shape, leaf.dtype)
          continue
        raise ValueError(
            f"{FN}: {show(full)} has no key in state_dict and the template "
            "holds only its shape (jax.eval_shape); pass initialised "
            "variables to keep unloaded values.")
      values[collection][path] = filled.values.get(full, leaf)
  return template.rebuild(values)

"""The Flax side of a load as one plain form, a :class:`Template`, whatever
container it came in: a flax.linen variables dict (or bare params tree, or
any nested dict of arrays), an ``nnx.Module`` or an ``nnx.State``.

A Template holds the leaves by collection and path (path parts as strings,
whatever their type in the container: NNX lists give integers), the
layers' creation order where the container keeps it, other names of layers
(an ``nnx.Sequential``'s ``layers`` level left out), and a function that
puts filled values back into the container. flax.nnx is imported only for
an NNX target.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Any, Callable, Mapping, Optional, Sequence

import flax.core
import jax
from flax import traverse_util

from jaxpool._src.interop.normalise import COLLECTIONS
from jaxpool._src.interop.normalise import FlatLeaves
from jaxpool._src.interop.normalise import FlaxLayers
from jaxpool._src.interop.normalise import Path
from jaxpool._src.interop.report import FN

ACCEPTED = ("a Flax variables dict (model.init(key, x)), its params, an "
            "nnx.Module or an nnx.State")
# The leaf that each Flax and jaxpool layer creates before its bias: a bias
# first in a layer's dict is the mark of a pytree round trip, which sorts.
_WEIGHTS = ("kernel", "weight", "scale", "embedding")


@dataclasses.dataclass(frozen=True)
class Template:
  """The Flax side of a load.

  Attributes:
    leaves: collection (``"params"``, ``"batch_stats"``) -> path in it (as
      strings) -> template leaf (an array or a ``jax.ShapeDtypeStruct``).
    bare: whether only params can be filled (a bare params tree).
    rebuild: the container again, from ``leaves``-shaped values.
    order: the module paths in creation order, where the container keeps it
      across collections (an ``nnx.Module``); else ``None``: params order,
      then layers with no params.
    order_lost: why the container's order is not the creation order, for
      ``mapping="order"``'s errors; empty where it is (or may be) kept.
    aliases: other module paths of a layer -> its path: PyTorch's
      ``features.0`` for an ``nnx.Sequential``'s ``features.layers.0`` (or
      linen's ``features.layers_0``).
  """
  leaves: FlatLeaves
  bare: bool
  rebuild: Callable[[FlatLeaves], Any]
  order: Optional[list[Path]] = None
  order_lost: str = ""
  aliases: dict[Path, Path] = dataclasses.field(default_factory=dict)

  def layers(self) -> FlaxLayers:
    """Flax module path -> its leaves, in creation order (see ``order``)."""
    layers: FlaxLayers = {}
    for collection in COLLECTIONS:
      for path, leaf in self.leaves.get(collection, {}).items():
        layers.setdefault(path[:-1], {})[(collection, path[-1])] = leaf
    if self.order is None:
      return layers
    rank = {path: i for i, path in enumerate(self.order)}
    return dict(sorted(layers.items(),
                       key=lambda item: rank.get(item[0], len(rank))))


def template(variables: Any) -> Template:
  """The Template of any target ``load_torch_state_dict`` accepts; a
  TypeError naming what is accepted for anything else."""
  nnx = sys.modules.get("flax.nnx")  # an NNX object implies flax.nnx loaded
  if nnx is not None:
    if isinstance(variables, nnx.Module):
      return _nnx_template(nnx, variables, module=variables)
    if isinstance(variables, nnx.State):
      return _nnx_template(nnx, variables, module=None)
  if isinstance(variables, Mapping):
    return _linen_template(variables)
  linen = sys.modules.get("flax.linen")
  if linen is not None and isinstance(variables, linen.Module):
    raise TypeError(f"{FN}: variables is the flax.linen Module "
                    f"{type(variables).__name__}; expected its variables, "
                    "model.init(key, x) (or jax.eval_shape of it).")
  if isinstance(variables, type):
    raise TypeError(f"{FN}: variables is the class {variables.__name__}, not "
                    f"an instance; expected {ACCEPTED}.")
  raise TypeError(f"{FN}: variables of type {type(variables).__name__} is "
                  f"not accepted; expected {ACCEPTED}.")


def _linen_template(variables: Mapping[Any, Any]) -> Template:
  """A flax.linen variables dict (nested dicts or a FrozenDict), a bare
  params tree, or any nested dict of arrays (``to_pure_dict``)."""
  bare = not any(isinstance(variables.get(c), Mapping) for c in COLLECTIONS)
  collections: dict[str, Any] = (
      {"params": variables} if bare else
      {c: variables[c] for c in COLLECTIONS
       if isinstance(variables.get(c), Mapping)})
  leaves: FlatLeaves = {}
  original: dict[str, dict[Path, tuple[Any, ...]]] = {}
  for collection, tree in collections.items():
    flat = traverse_util.flatten_dict(_plain(tree))
    leaves[collection], original[collection] = _as_strings(flat)

  def rebuild(values: FlatLeaves) -> Any:
    out: dict[str, Any] = {}
    for collection, flat in values.items():
      tree = traverse_util.unflatten_dict(
          {original[collection][p]: v for p, v in flat.items()})
      frozen = isinstance(collections[collection], flax.core.FrozenDict)
      out[collection] = flax.core.freeze(tree) if frozen else tree
    if bare:
      return out["params"]
    result = {c: out.get(c, v) for c, v in variables.items()}
    if isinstance(variables, flax.core.FrozenDict):
      return flax.core.freeze(result)
    return result

  trees = list(collections.values())
  return Template(leaves, bare, rebuild,
                  order_lost=_sorted_by_a_round_trip(trees),
                  aliases=_aliases(original))


def _plain(tree: Any) -> Any:
  """Nested dicts (a FrozenDict unfrozen, any other mapping copied)."""
  if isinstance(tree, Mapping):
    return {k: _plain(v) for k, v in tree.items()}
  return tree


def _as_strings(flat: Mapping[tuple[Any, ...], Any]
                ) -> tuple[dict[Path, Any], dict[Path, tuple[Any, ...]]]:
  """Leaves keyed by their paths as strings, and the original paths."""
  leaves: dict[Path, Any] = {}
  original: dict[Path, tuple[Any, ...]] = {}
  for path, leaf in flat.items():
    key = tuple(str(p) for p in path)
    if key in original:
      raise ValueError(f"{FN}: variables has both {original[key]!r} and "
                       f"{path!r}, one path as strings; expected distinct "
                       "names.")
    leaves[key], original[key] = leaf, tuple(path)
  return leaves, original


def _sorted_by_a_round_trip(trees: Sequence[Any]) -> str:
  """The hint for dicts whose order a pytree round trip (jax.jit,
  jax.eval_shape, jax.tree.map) sorted, or "" if nothing shows it.

  A dict out of sorted order shows that the order is the creation order. A
  layer's bias before its weight (every layer creates its weight first) or
  shapes in place of arrays (``jax.eval_shape``) show a round trip when
  every dict is sorted. Sorted dicts with neither mark may be either: no
  hint (the error says that a layer "created in another order" shifts every
  pair)."""
  marks = []

  def walk(node: Any) -> bool:  # whether every dict under node is sorted
    if not isinstance(node, Mapping):
      if isinstance(node, jax.ShapeDtypeStruct):
        marks.append("shapes")
      return True
    keys = list(node)
    try:
      if keys != sorted(keys):
        return False
    except TypeError:  # mixed key types: jax could not have sorted them
      return False
    if "bias" in keys and any(w in keys for w in _WEIGHTS):
      marks.append("bias first")
    return all(walk(v) for v in node.values())

  if not all(walk(t) for t in trees) or not marks:
    return ""
  return ("The Flax layers are in sorted order, as jax.jit, jax.eval_shape "
          "and jax.tree.map leave them: pass the variables of an un-jitted "
          "model.init(key, x), whose order is the creation order.")


def _aliases(original: Mapping[str, Mapping[Path, tuple[Any, ...]]]
             ) -> dict[Path, Path]:
  """Each layer's module path without Sequential's level, where that is a
  new path of one layer only: NNX's ``("features", "layers", 0)`` (an
  integer after ``layers``) or linen's ``("features", "layers_0")`` as
  PyTorch's ``features.0``."""
  found: dict[Path, set[Path]] = {}
  real: set[Path] = set()
  for paths in original.values():
    for key, path in paths.items():
      module, parts = key[:-1], path[:-1]
      real.add(module)
      alias: list[str] = []
      for i, part in enumerate(parts):
        if part == "layers" and i + 1 < len(parts) and isinstance(
            parts[i + 1], int):
          continue
        if (isinstance(part, str) and part.startswith("layers_")
            and part[len("layers_"):].isdigit()):
          part = part[len("layers_"):]
        alias.append(str(part))
      if tuple(alias) != module:
        found.setdefault(tuple(alias), set()).add(module)
  return {alias: next(iter(modules)) for alias, modules in found.items()
          if len(modules) == 1 and alias not in real}


def _nnx_template(nnx: Any, target: Any, module: Any) -> Template:
  """An ``nnx.Module`` (filled in place and returned) or an ``nnx.State``
  (a new State returned): its ``nnx.Param`` leaves are params, its
  ``nnx.BatchStat`` leaves batch_stats; other variables are kept."""
  state = nnx.state(module) if module is not None else target
  flat = list(nnx.to_flat_state(state))
  leaves: FlatLeaves = {c: {} for c in COLLECTIONS}
  where: dict[tuple[str, Path], tuple[tuple[Any, ...], Any]] = {}
  for collection in COLLECTIONS:
    kind = nnx.Param if collection == "params" else nnx.BatchStat
    chosen = {tuple(path): leaf for path, leaf in flat
              if isinstance(leaf, kind)}
    values = {p: v.get_value() for p, v in chosen.items()}
    leaves[collection], original = _as_strings(values)
    for key, path in original.items():
      where[(collection, key)] = (path, chosen[path])
  order = _creation_order(module, where) if module is not None else None
  originals = {c: {k: where[(c, k)][0] for k in leaves[c]}
               for c in COLLECTIONS}

  def rebuild(values: FlatLeaves) -> Any:
    new = {where[(c, key)][0]: value for c, flat_values in values.items()
           for key, value in flat_values.items()}
    if module is not None:
      for (c, key), (path, variable) in where.items():
        if new[path] is not variable.get_value():
          variable.set_value(new[path])
      return module
    return nnx.from_flat_state([
        (path, leaf.replace(new[tuple(path)]) if tuple(path) in new else leaf)
        for path, leaf in flat])

  lost = "" if module is not None else (
      "nnx.state sorts the layers by name: pass the nnx.Module itself, whose "
      "attribute order is the creation order.")
  return Template(leaves, False, rebuild, order=order, order_lost=lost,
                  aliases=_aliases(originals))


def _creation_order(module: Any, where: Mapping[tuple[str, Path], Any]
                    ) -> list[Path]:
  """The module paths of ``where``'s leaves in the module's attribute order
  (an NNX Module keeps its attributes in assignment order, as PyTorch
  registers them; nnx.state sorts them)."""
  def rank(path: tuple[Any, ...]) -> tuple[int, ...]:
    ranks, node = [], module
    for part in path:
      names = [str(n) for n in _children(node)]
      if str(part) not in names:  # not found: after its siblings
        return tuple(ranks) + (len(names),)
      ranks.append(names.index(str(part)))
      node = _child(node, part)
    return tuple(ranks)

  ranks = {key[:-1]: rank(path[:-1]) for (_, key), (path, _) in where.items()}
  return sorted(ranks, key=lambda m: ranks[m])


def _children(node: Any) -> list[Any]:
  """The names of a node's children in their order."""
  if isinstance(node, Mapping):
    return list(node)
  if isinstance(node, (list, tuple)):
    return list(range(len(node)))
  return list(vars(node)) if hasattr(node, "__dict__") else []


def _child(node: Any, part: Any) -> Any:
  if isinstance(node, Mapping):
    return node[part]
  if isinstance(node, (list, tuple)):
    return node[int(part)]
  if hasattr(node, str(part)):
    return getattr(node, str(part))
  return vars(node).get(str(part))

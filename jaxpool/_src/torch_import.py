"""Loading a PyTorch ``state_dict`` (as NumPy arrays) into Flax variables.

PyTorch is never imported: the caller converts its tensors, e.g.
``{k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}``.

A *layer* here is a module that holds arrays directly: on PyTorch's side the
keys sharing a prefix (``"features.1.weight"``, ``"features.1.running_mean"``
are layer ``"features.1"``), on Flax's the leaves sharing a module path across
``params`` and ``batch_stats``. Each PyTorch layer is placed into one Flax
layer, by name (the prefix, optionally renamed) or by position
(``mapping="order"``), and each of its arrays into one leaf by the rules of
:func:`load_torch_state_dict`.
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Callable, Literal, Mapping, Optional, Union

import flax
import flax.core
import jax
import jax.numpy as jnp
import numpy as np
from flax import traverse_util

NameMapping = Union[Mapping[str, str], Callable[[str], str], Literal["order"]]
FlattenFix = Mapping[str, Optional[tuple[int, ...]]]

_FN = "load_torch_state_dict"
_COLLECTIONS = ("params", "batch_stats")
# Where each PyTorch leaf may go in its Flax layer, tried in order: jaxpool's
# own layers keep PyTorch's names; Flax's Dense/Conv call the weight
# "kernel" (another layout), its norms "scale", Embed "embedding".
_IGNORED = ("num_batches_tracked",)  # BatchNorm's step count: Flax has none
_MAX_GROUPS = 8  # module lines per group in an error message


def load_torch_state_dict(state_dict: Mapping[str, Any], variables: Any, *,
                          mapping: Optional[NameMapping] = None,
                          strict: bool = True,
                          flatten: Optional[FlattenFix] = None) -> Any:
  """Returns Flax ``variables`` filled with the arrays of a PyTorch
  ``state_dict``: params *and* BatchNorm statistics.

  ``variables`` is the template: the whole variables dict of the ported
  model, ``model.init(key, x)`` or ``jax.eval_shape`` of it (shapes and
  dtypes are all that is read, unless ``strict=False`` keeps some of its
  values). A bare params tree (``variables["params"]``) is accepted too, and
  a bare tree is returned; it cannot receive BatchNorm statistics.

  Each PyTorch *layer* (the keys sharing a module prefix: ``"fc1.weight"``
  and ``"fc1.bias"`` are layer ``"fc1"``) fills one Flax layer (the leaves
  sharing a module path):

  1. **Which Flax layer.** By default, the one whose path is the PyTorch
     prefix: ``"encoder.fc1"`` fills ``params["encoder"]["fc1"]``, so name
     the Flax submodules as the PyTorch attributes
     (``jnn.Linear(3, 8, name="fc1")``). ``mapping`` renames: a dict from
     PyTorch module prefixes to Flax module paths, both dotted, matched on
     the longest whole-segment prefix (``{"0": "Linear_0"}``, or
     ``{"features": "backbone"}`` to move a whole subtree); or a function
     from the PyTorch prefix to the Flax path. ``mapping="order"`` pairs
     them by position instead: PyTorch's layers in ``state_dict`` order with
     the Flax model's in the order they were created at init, which is the
     order of ``variables["params"]`` as ``model.init`` returns it (call
     ``init`` un-jitted: ``jax.jit`` and ``jax.eval_shape`` sort dict keys,
     losing that order; a layer with only ``batch_stats`` comes last),
     checking kind (linear, conv2d, batchnorm, prelu, norm, ...) and
     shapes pair by pair; the first disagreement is an error that names both
     sides. ``nn.Sequential``-style models port this way without naming
     anything, as long as both sides create their layers in the same order.
  2. **Which leaf.** jaxpool's ``Linear``, ``LazyLinear``, ``Bilinear`` and
     ``PReLU`` store PyTorch's names and layouts, so their arrays are copied
     unchanged. Otherwise a ``weight`` goes into ``"kernel"`` (Flax's
     ``nn.Dense``/``nn.Conv``, transposed: ``(out, in)`` becomes ``(in,
     out)``, a convolution's ``(out, in, *window)`` becomes ``(*window, in,
     out)``; not valid for transposed convolutions), ``"scale"`` (Flax's
     ``nn.BatchNorm``/``nn.LayerNorm``/``nn.GroupNorm``) or ``"embedding"``
     (``nn.Embed``). BatchNorm's ``running_mean`` and ``running_var`` go to
     ``batch_stats`` ``"mean"`` and ``"var"``; ``num_batches_tracked`` is
     ignored. (Flax's ``nn.BatchNorm`` matches PyTorch's with
     ``momentum=0.9, epsilon=1e-5``, and ``use_running_average=True`` for
     PyTorch's eval mode.)
  3. **Checks.** Each array must have its leaf's shape (after the layout
     change); it is cast to the leaf's dtype.

  **Flatten order.** A ``Linear`` after a flatten of a convolutional feature
  map sees PyTorch's ``(C, H, W)`` order, but a channels-last model flattens
  ``(H, W, C)``: same shapes, wrong values. ``flatten`` fixes it: a dict
  from the PyTorch prefix of each such ``Linear`` to the ``(C, H, W)`` shape
  that was flattened (``(C, L)`` or ``(C, D, H, W)`` in 1-d and 3-d); the
  weight's input axis is permuted to channels-last order before loading.
  Because the mistake is silent, a ``Linear`` whose input size is a
  multiple of the channels of a channels-last convolution before it (in
  ``state_dict`` order) and that is not in ``flatten`` gets a warning; mark
  one that needs no permutation (global pooling before the flatten, or a
  model that flattens channels-first) with ``None``.

  Args:
    state_dict: PyTorch names to arrays (NumPy or anything ``np.asarray``
      accepts).
    variables: the template: the Flax variables dict (``{"params": ...,
      "batch_stats": ...}``, nested dicts or a ``FrozenDict``), or a bare
      params tree.
    mapping: ``None`` (names as they are), a dict or function renaming
      PyTorch prefixes to Flax paths, or ``"order"`` (see above).
    strict: ``True`` (default): every state_dict key must fill a leaf and
      every leaf must be filled, as PyTorch's ``load_state_dict(strict=True)``.
      ``False``: a warning lists the unused keys and the leaves left at the
      template's values (which then must be initialised values).
    flatten: PyTorch ``Linear`` prefixes to the channels-first shape each
      one's input was flattened from, or ``None`` for "no permutation" (see
      above).

  Returns:
    The template's structure and type (collections other than ``params``
    and ``batch_stats`` unchanged), with ``jax.Array`` leaves in the
    template's dtypes.

  Raises:
    ValueError: for a shape mismatch, two keys that fill the same leaf, a
      ``flatten`` entry that fits no ``Linear``, a disagreement under
      ``mapping="order"``, and (when ``strict``) keys that fill no leaf and
      leaves that no key fills; grouped by module and kept short.
    TypeError: for an argument of the wrong type, a non-string key or a
      value that is not a numeric array.

  Example:
    >>> import jax, jax.numpy as jnp, numpy as np
    >>> import flax.linen as nn
    >>> import jaxpool.nn as jnn
    >>> from jaxpool.interop import load_torch_state_dict
    >>> class Net(nn.Module):  # PyTorch: Sequential(Linear(3, 4),
    ...   @nn.compact            #          BatchNorm1d(4), Linear(4, 2))
    ...   def __call__(self, x):
    ...     x = jnn.Linear(3, 4)(x)
    ...     x = nn.BatchNorm(use_running_average=True, momentum=0.9,
    ...                      epsilon=1e-5)(x)
    ...     return jnn.Linear(4, 2)(x)
    >>> template = Net().init(jax.random.key(0), jnp.ones((1, 3)))
    >>> state_dict = {"0.weight": np.ones((4, 3)), "0.bias": np.zeros(4),
    ...               "1.weight": np.ones(4), "1.bias": np.zeros(4),
    ...               "1.running_mean": np.zeros(4),
    ...               "1.running_var": np.ones(4),
    ...               "1.num_batches_tracked": np.array(10),
    ...               "2.weight": np.ones((2, 4)), "2.bias": np.ones(2)}
    >>> variables = load_torch_state_dict(state_dict, template,
    ...                                   mapping="order")
    >>> jax.tree.map(jnp.shape, variables["batch_stats"])
    {'BatchNorm_0': {'mean': (4,), 'var': (4,)}}
    >>> Net().apply(variables, jnp.ones((1, 3))).round(2)
    Array([[13., 13.]], dtype=float32)
  """
  _check_arguments(state_dict, variables, mapping, strict, flatten)
  bare = not any(isinstance(variables.get(c), Mapping) for c in _COLLECTIONS)
  collections: dict[str, Any] = (
      {"params": variables} if bare else
      {c: variables[c] for c in _COLLECTIONS
       if isinstance(variables.get(c), Mapping)})
  flat = {c: traverse_util.flatten_dict(flax.core.unfreeze(tree))
          for c, tree in collections.items()}
  flax_layers = _flax_layers(flat)
  torch_layers = _torch_layers(state_dict)
  _apply_flatten(torch_layers, flatten or {})

  filled: dict[tuple, Any] = {}
  source: dict[tuple, str] = {}
  unused: dict[str, list[str]] = {}
  kernels: dict[str, bool] = {}  # torch prefix -> filled a Flax conv kernel
  if mapping == "order":
    pairs = _pair_by_order(torch_layers, flax_layers, strict)
  else:
    pairs = [(prefix, _module_path(prefix, mapping)) for prefix in torch_layers]
  for prefix, module in pairs:
    targets = flax_layers.get(module, {})
    for leaf, array in torch_layers[prefix].items():
      key = f"{prefix}.{leaf}" if prefix else leaf
      placed = _place(leaf, array, targets)
      if placed is None:
        where = (f"not in Flax {_dotted(module)!r}" if targets else
                 f"no Flax layer {_dotted(module)!r}")
        unused.setdefault(f"{prefix or '<root>'!r} ({where})", []).append(leaf)
        continue
      slot, array, layout = placed
      path = (slot[0],) + module + (slot[1],)
      target = targets[slot]
      if array.shape != tuple(target.shape):
        raise ValueError(
            f"{_FN}: state_dict[{key!r}] has shape {array.shape}"
            f"{layout}; expected {tuple(target.shape)} for {_show(path)}.")
      if path in filled:
        raise ValueError(f"{_FN}: state_dict keys {source[path]!r} and "
                         f"{key!r} both fill {_show(path)}; expected one key "
                         "per leaf: check mapping.")
      filled[path] = jnp.asarray(array, dtype=target.dtype)
      source[path] = key
      kernels[prefix] = kernels.get(prefix, False) or (
          slot[1] == "kernel" and array.ndim >= 3)

  _warn_unfixed_flatten(torch_layers, kernels, flatten or {})
  missing: dict[str, list[str]] = {}
  for module, leaves in flax_layers.items():
    for (collection, leaf) in leaves:
      if (collection,) + module + (leaf,) not in filled:
        missing.setdefault(repr(_dotted(module)), []).append(
            leaf if collection == "params" else f"{collection}/{leaf}")
  if unused or missing:
    _report(unused, missing, strict, bare, mapping)

  out: dict[str, Any] = {}
  for collection, leaves in flat.items():
    values = {}
    for path, leaf in leaves.items():
      full = (collection,) + path
      if full not in filled and isinstance(leaf, jax.ShapeDtypeStruct):
        raise ValueError(
            f"{_FN}: {_show(full)} has no key in state_dict and the template "
            "holds only its shape (jax.eval_shape); pass initialised "
            "variables to keep unloaded values.")
      values[path] = filled.get(full, leaf)
    tree = traverse_util.unflatten_dict(values)
    frozen = isinstance(collections[collection], flax.core.FrozenDict)
    out[collection] = flax.core.freeze(tree) if frozen else tree
  if bare:
    return out["params"]
  result = {c: out.get(c, v) for c, v in variables.items()}
  if isinstance(variables, flax.core.FrozenDict):
    return flax.core.freeze(result)
  return result


def _check_arguments(state_dict, variables, mapping, strict, flatten) -> None:
  if not isinstance(state_dict, Mapping):
    raise TypeError(f"{_FN}: state_dict of type {type(state_dict).__name__} "
                    "is not a mapping; expected a dict of names to arrays.")
  if not isinstance(variables, Mapping):
    raise TypeError(f"{_FN}: variables of type {type(variables).__name__} is "
                    "not a mapping; expected the Flax variables dict, e.g. "
                    "model.init(key, x).")
  if not isinstance(strict, (bool, np.bool_)):
    raise TypeError(f"{_FN}: strict={strict!r} must be a bool.")
  if isinstance(mapping, str) and mapping != "order":
    raise ValueError(f"{_FN}: mapping={mapping!r}; expected 'order', a dict "
                     "or a function.")
  if mapping is not None and not (isinstance(mapping, (Mapping, str))
                                  or callable(mapping)):
    raise TypeError(f"{_FN}: mapping of type {type(mapping).__name__} is not "
                    "a dict, a function or 'order'; expected PyTorch module "
                    "prefixes mapped to Flax module paths.")
  if flatten is not None and not isinstance(flatten, Mapping):
    raise TypeError(f"{_FN}: flatten of type {type(flatten).__name__} is not "
                    "a dict; expected PyTorch Linear prefixes mapped to the "
                    "(C, H, W) shape they flatten, e.g. {'classifier.0': "
                    "(64, 7, 7)}.")


def _torch_layers(state_dict: Mapping[str, Any]) -> dict[str, dict]:
  """PyTorch prefix -> {leaf: array}, in state_dict order."""
  layers: dict[str, dict] = {}
  for key, value in state_dict.items():
    if not isinstance(key, str):
      raise TypeError(f"{_FN}: state_dict key {key!r} is not a string.")
    prefix, _, leaf = key.rpartition(".")
    if leaf in _IGNORED:
      continue
    layers.setdefault(prefix, {})[leaf] = _as_array(key, value)
  return layers


def _flax_layers(flat: dict[str, dict]) -> dict[tuple, dict]:
  """Flax module path -> {(collection, leaf): template leaf}, in params
  creation order (insertion order), then layers with no params."""
  layers: dict[tuple, dict] = {}
  for collection in _COLLECTIONS:
    for path, leaf in flat.get(collection, {}).items():
      layers.setdefault(path[:-1], {})[(collection, path[-1])] = leaf
  return layers


def _place(leaf: str, array: np.ndarray, targets: dict):
  """``((collection, name), array, layout note)`` for one PyTorch leaf in
  its Flax layer, or ``None`` if the layer has no leaf for it."""
  if leaf == "running_mean":
    options = [("batch_stats", "mean")]
  elif leaf == "running_var":
    options = [("batch_stats", "var")]
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


def _kind_torch(leaves: dict) -> str:
  if "running_mean" in leaves or "running_var" in leaves:
    return "batchnorm"
  weight = leaves.get("weight")
  if weight is None:
    return "other"
  if weight.ndim == 1:
    return "prelu" if set(leaves) == {"weight"} else "norm"
  return {2: "linear", 3: "conv1d/bilinear", 4: "conv2d",
          5: "conv3d"}.get(weight.ndim, "other")


def _kind_flax(leaves: dict) -> str:
  names = {leaf for _, leaf in leaves}
  shapes = {leaf: tuple(v.shape) for (_, leaf), v in leaves.items()}
  if "mean" in names or "var" in names:
    return "batchnorm"
  if "kernel" in names:
    return {2: "linear", 3: "conv1d", 4: "conv2d",
            5: "conv3d"}.get(len(shapes["kernel"]), "other")
  if "weight" in names:
    if len(shapes["weight"]) == 1:
      return "prelu" if names == {"weight"} else "norm"
    return {2: "linear", 3: "bilinear"}.get(len(shapes["weight"]), "other")
  if "scale" in names:
    return "norm"
  if "embedding" in names:
    return "embedding"
  return "other"


def _compatible(torch_kind: str, flax_kind: str) -> bool:
  if torch_kind == "conv1d/bilinear":
    return flax_kind in ("conv1d", "bilinear")
  if torch_kind == "linear":
    return flax_kind in ("linear", "embedding")
  return torch_kind == flax_kind


def _pair_by_order(torch_layers: dict, flax_layers: dict, strict: bool
                   ) -> list:
  """Pairs the layers by position, checking each pair; raises at the first
  disagreement with both sides named. Layers left over on the longer side
  are an error when ``strict``; otherwise they stay unused or unfilled (and
  are warned about). A PyTorch layer left over looks for a Flax layer of its
  own name (usually none)."""
  torch_names, flax_paths = list(torch_layers), list(flax_layers)
  pairs = []
  for i, (prefix, module) in enumerate(zip(torch_names, flax_paths)):
    theirs, ours = torch_layers[prefix], flax_layers[module]
    tk, fk = _kind_torch(theirs), _kind_flax(ours)
    problem = None
    if not _compatible(tk, fk):
      problem = f"kinds differ ({tk} vs {fk})"
    else:
      wanted = set(ours)
      for leaf, array in theirs.items():
        placed = _place(leaf, array, ours)
        if placed is None:
          problem = f"{leaf!r} has no Flax leaf"
          break
        slot, converted, layout = placed
        wanted.discard(slot)
        if converted.shape != tuple(ours[slot].shape):
          problem = (f"{leaf} {array.shape}{layout}; expected "
                     f"{tuple(ours[slot].shape)} for {slot[1]!r}")
          break
      else:
        if wanted:
          problem = ("no PyTorch array for "
                     + ", ".join(repr(s[1]) for s in wanted))
    if problem:
      last = (f"{torch_names[i - 1]!r} -> "
              f"{_dotted(flax_paths[i - 1])!r}") if i else ""
      before = ("it is the first pair" if i == 0 else
                f"pair 1 agrees: {last}" if i == 1 else
                f"pairs 1-{i} agree, the last {last}")
      raise ValueError(
          f"{_FN}: mapping='order': pair {i + 1} disagrees: {problem}.\n"
          f"  PyTorch {prefix!r}: {tk}, {_describe_torch(theirs)}\n"
          f"  Flax    {_dotted(module)!r}: {fk}, {_describe_flax(ours)}\n"
          f"({before}; PyTorch has {len(torch_names)} layers with arrays, "
          f"Flax {len(flax_paths)}). A layer missing or extra on one side, "
          "or created in another order, shifts every pair after it."
          + _sorted_hint(flax_paths))
    pairs.append((prefix, module))
  if not strict:
    return pairs + [(p, tuple(p.split(".")) if p else ())
                    for p in torch_names[len(pairs):]]
  if len(torch_names) != len(flax_paths):
    extra = (torch_names[len(flax_paths):] if len(torch_names) > len(flax_paths)
             else [_dotted(p) for p in flax_paths[len(torch_names):]])
    side = "PyTorch" if len(torch_names) > len(flax_paths) else "Flax"
    shown = ", ".join(repr(e) for e in extra[:_MAX_GROUPS])
    more = f" and {len(extra) - _MAX_GROUPS} more" if len(extra) > (
        _MAX_GROUPS) else ""
    raise ValueError(
        f"{_FN}: mapping='order': PyTorch has {len(torch_names)} layers with "
        f"arrays, Flax {len(flax_paths)}; the first {len(pairs)} pair up, "
        f"{side} has {shown}{more} left over." + _sorted_hint(flax_paths))
  return pairs


def _sorted_hint(flax_paths: list) -> str:
  if len(flax_paths) > 1 and flax_paths == sorted(flax_paths):
    return ("\nThe Flax layers are in sorted order, as jax.jit and "
            "jax.eval_shape leave them: pass the variables of an un-jitted "
            "model.init(key, x), whose order is the creation order.")
  return ""


def _describe_torch(leaves: dict) -> str:
  return ", ".join(f"{k} {tuple(v.shape)}" for k, v in leaves.items())


def _describe_flax(leaves: dict) -> str:
  return ", ".join(
      (k if c == "params" else f"{c}/{k}") + f" {tuple(v.shape)}"
      for (c, k), v in leaves.items())


def _apply_flatten(torch_layers: dict, flatten: FlattenFix) -> None:
  """Permutes each listed Linear's input axis from channels-first
  ``(C, *spatial)`` flatten order to channels-last ``(*spatial, C)``."""
  for prefix, shape in flatten.items():
    if not isinstance(prefix, str):
      raise TypeError(f"{_FN}: flatten key {prefix!r} is not a string; "
                      "expected a PyTorch module prefix.")
    layer = torch_layers.get(prefix, {})
    weight = layer.get("weight")
    if weight is None or weight.ndim != 2:
      raise ValueError(
          f"{_FN}: flatten[{prefix!r}]: state_dict has no Linear "
          f"{prefix!r} (no 2-d {prefix}.weight); expected the prefix of the "
          "Linear after the flatten, as in state_dict.")
    if shape is None:
      continue
    if not (isinstance(shape, (tuple, list)) and len(shape) >= 2
            and all(isinstance(s, (int, np.integer)) and s > 0
                    for s in shape)):
      raise TypeError(f"{_FN}: flatten[{prefix!r}]={shape!r}; expected the "
                      "channels-first shape flattened, e.g. (C, H, W), or "
                      "None.")
    if math.prod(shape) != weight.shape[1]:
      raise ValueError(
          f"{_FN}: flatten[{prefix!r}]={tuple(shape)} has "
          f"{math.prod(shape)} elements but {prefix}.weight has shape "
          f"{weight.shape}, in_features={weight.shape[1]}; expected equal.")
    out = weight.shape[0]
    permuted = np.moveaxis(weight.reshape((out,) + tuple(shape)), 1, -1)
    layer["weight"] = permuted.reshape(out, -1)


def _warn_unfixed_flatten(torch_layers: dict, kernels: dict,
                          flatten: FlattenFix) -> None:
  channels = None  # out channels of the last channels-last convolution
  conv = ""
  for prefix, leaves in torch_layers.items():
    weight = leaves.get("weight")
    if weight is None:
      continue
    if kernels.get(prefix):
      channels, conv = weight.shape[0], prefix
    elif weight.ndim == 2:
      n = weight.shape[1]
      if channels and n > channels and n % channels == 0 and (
          prefix not in flatten):
        warnings.warn(
            f"{_FN}: Linear {prefix!r} (in_features={n}) follows the "
            f"channels-last convolution {conv!r} ({channels} channels): if "
            f"it reads a flattened ({channels}, H, W) map (H*W = "
            f"{n // channels}), PyTorch's flatten order differs from a "
            f"channels-last model's and the outputs will be wrong; pass "
            f"flatten={{{prefix!r}: ({channels}, H, W)}}, or "
            f"flatten={{{prefix!r}: None}} if no permutation is needed.",
            UserWarning, stacklevel=3)
      channels = None


def _report(unused: dict, missing: dict, strict: bool, bare: bool,
            mapping) -> None:
  lines = []
  if unused:
    n = sum(map(len, unused.values()))
    lines.append(f"  {n} PyTorch keys fill no Flax leaf:")
    lines += _groups(unused, "PyTorch")
  if missing:
    n = sum(map(len, missing.values()))
    lines.append(f"  {n} Flax leaves get no PyTorch key"
                 + (" (kept at their initial values):" if not strict else ":"))
    lines += _groups(missing, "Flax", limit=None if not strict else _MAX_GROUPS)
  hints = []
  stats = any(leaf in ("running_mean", "running_var", "num_batches_tracked")
              for leaves in unused.values() for leaf in leaves)
  if stats and bare:
    hints.append("running_mean/running_var need batch_stats: pass the whole "
                 "variables dict (model.init(key, x)), not its params")
  if mapping is None:
    hints.append("pass mapping= (a dict, a function, or 'order') to pair "
                 "the layers")
  if strict:
    hints.append("or strict=False to keep the unfilled leaves")
    raise ValueError(f"{_FN}: state_dict does not match variables:\n"
                     + "\n".join(lines) + "\n" + "; ".join(hints) + ".")
  warnings.warn(f"{_FN}(strict=False): state_dict does not match "
                "variables:\n" + "\n".join(lines), UserWarning, stacklevel=3)


def _groups(by_module: dict, side: str, limit: Optional[int] = _MAX_GROUPS
            ) -> list[str]:
  names = list(by_module)
  shown = names if limit is None else names[:limit]
  lines = [f"    {side} {m}: {', '.join(by_module[m])}" for m in shown]
  if len(shown) < len(names):
    lines.append(f"    ... and {len(names) - len(shown)} more modules")
  return lines


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


def _dotted(path: tuple[str, ...]) -> str:
  return ".".join(path) or "<root>"


def _show(path: tuple[str, ...]) -> str:
  return path[0] + "".join(f"[{p!r}]" for p in path[1:])

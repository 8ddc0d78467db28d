"""Which Flax layer each PyTorch layer fills.

By name: the Flax module path is the PyTorch prefix, optionally renamed by
``mapping`` (a dict of prefixes, longest whole-segment match, or a
function); a path the template lacks may be another name of one of its
layers (``Template.aliases``: a Sequential's ``layers`` level left out). By
position (``mapping="order"``): PyTorch's layers in state_dict order with
Flax's in the template's order, each pair checked for kind and shape, the
first disagreement an error naming both sides.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Union

from jaxpool._src.interop.fill import place
from jaxpool._src.interop.normalise import OPTIONAL
from jaxpool._src.interop.normalise import FlaxLayers
from jaxpool._src.interop.normalise import Path
from jaxpool._src.interop.normalise import TorchLayers
from jaxpool._src.interop.report import FN
from jaxpool._src.interop.report import MAX_GROUPS
from jaxpool._src.interop.report import describe_flax
from jaxpool._src.interop.report import describe_torch
from jaxpool._src.interop.report import dotted
from jaxpool._src.interop.templates import Template

Pairs = list[tuple[str, Path]]  # (PyTorch prefix, Flax module path)


def pair_layers(torch_layers: TorchLayers, template: Template,
                mapping: Any, strict: bool) -> Pairs:
  """Every PyTorch layer with the Flax module path it fills (a path the
  template may lack); ``mapping`` is checked already."""
  flax_layers = template.layers()
  if mapping == "order":
    return pair_by_order(torch_layers, flax_layers, strict,
                         template.order_lost)
  pairs = []
  for prefix in torch_layers:
    path = module_path(prefix, mapping)
    if path not in flax_layers:
      path = template.aliases.get(path, path)
    pairs.append((prefix, path))
  return pairs


def module_path(prefix: str, mapping: Union[None, Mapping[str, str],
                                            Callable[[str], str]]) -> Path:
  """The Flax module path named by a PyTorch prefix, renamed by
  ``mapping``."""
  if mapping is not None:
    if callable(mapping) and not isinstance(mapping, Mapping):
      renamed = mapping(prefix)
      if not isinstance(renamed, str):
        raise TypeError(f"{FN}: mapping returned {renamed!r}; expected a "
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
        raise TypeError(f"{FN}: mapping[{head!r}]={new!r} is not a string; "
                        "expected a dotted Flax module path.")
      return ".".join(p for p in [new, *parts[n:]] if p)
  return prefix


def pair_by_order(torch_layers: TorchLayers, flax_layers: FlaxLayers,
                  strict: bool, order_lost: str = "") -> Pairs:
  """Pairs the layers by position, checking each pair; raises at the first
  disagreement with both sides named (and ``order_lost``, the reason the
  Flax order may not be the creation order, if known). Layers left over on
  the longer side are an error when ``strict``; otherwise they stay unused
  or unfilled (and are warned about). A PyTorch layer left over looks for a
  Flax layer of its own name (usually none).

  Unless ``strict``, a pair may lack arrays on either side (PyTorch's
  ``load_state_dict(strict=False)`` skips missing and unexpected keys): a
  BatchNorm without its statistics pairs with a Flax BatchNorm; the kinds
  and the shapes of the arrays both sides have must still agree."""
  torch_names, flax_paths = list(torch_layers), list(flax_layers)
  pairs: Pairs = []
  for i, (prefix, module) in enumerate(zip(torch_names, flax_paths)):
    theirs, ours = torch_layers[prefix], flax_layers[module]
    tk, fk = _kind_torch(theirs), _kind_flax(ours)
    problem = None
    if not _compatible(tk, fk, strict):
      problem = f"kinds differ ({tk} vs {fk})"
    else:
      wanted = {slot for slot in ours if slot[1] not in OPTIONAL}
      for leaf, array in theirs.items():
        placed = place(leaf, array, ours)
        if placed is None:
          if leaf in OPTIONAL or not strict:
            continue
          problem = f"{leaf!r} has no Flax leaf"
          break
        slot, converted, layout = placed
        wanted.discard(slot)
        if converted.shape != tuple(ours[slot].shape):
          problem = (f"{leaf} {array.shape}{layout}; expected "
                     f"{tuple(ours[slot].shape)} for {slot[1]!r}")
          break
      else:
        if wanted and strict:
          problem = ("no PyTorch array for "
                     + ", ".join(repr(s[1]) for s in wanted))
    if problem:
      last = (f"{torch_names[i - 1]!r} -> "
              f"{dotted(flax_paths[i - 1])!r}") if i else ""
      before = ("it is the first pair" if i == 0 else
                f"pair 1 agrees: {last}" if i == 1 else
                f"pairs 1-{i} agree, the last {last}")
      raise ValueError(
          f"{FN}: mapping='order': pair {i + 1} disagrees: {problem}.\n"
          f"  PyTorch {prefix!r}: {tk}, {describe_torch(theirs)}\n"
          f"  Flax    {dotted(module)!r}: {fk}, {describe_flax(ours)}\n"
          f"({before}; PyTorch has {len(torch_names)} layers with arrays, "
          f"Flax {len(flax_paths)}). A layer missing or extra on one side, "
          "or created in another order, shifts every pair after it."
          + (f"\n{order_lost}" if order_lost else ""))
    pairs.append((prefix, module))
  if not strict:
    return pairs + [(p, tuple(p.split(".")) if p else ())
                    for p in torch_names[len(pairs):]]
  if len(torch_names) != len(flax_paths):
    extra = (torch_names[len(flax_paths):] if len(torch_names) > len(flax_paths)
             else [dotted(p) for p in flax_paths[len(torch_names):]])
    side = "PyTorch" if len(torch_names) > len(flax_paths) else "Flax"
    shown = ", ".join(repr(e) for e in extra[:MAX_GROUPS])
    more = f" and {len(extra) - MAX_GROUPS} more" if len(extra) > (
        MAX_GROUPS) else ""
    raise ValueError(
        f"{FN}: mapping='order': PyTorch has {len(torch_names)} layers with "
        f"arrays, Flax {len(flax_paths)}; the first {len(pairs)} pair up, "
        f"{side} has {shown}{more} left over."
        + (f"\n{order_lost}" if order_lost else ""))
  return pairs


def _kind_torch(leaves: Mapping[str, Any]) -> str:
  if "running_mean" in leaves or "running_var" in leaves:
    return "batchnorm"
  weight = leaves.get("weight")
  if weight is None:
    return "other"
  if weight.ndim == 1:
    return "prelu" if set(leaves) == {"weight"} else "norm"
  return {2: "linear", 3: "conv1d/bilinear", 4: "conv2d",
          5: "conv3d"}.get(weight.ndim, "other")


def _kind_flax(leaves: Mapping[tuple[str, str], Any]) -> str:
  names = {leaf for _, leaf in leaves}
  shapes = {leaf: tuple(v.shape) for (_, leaf), v in leaves.items()}
  if names & {"mean", "var", "running_mean", "running_var"}:
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


def _compatible(torch_kind: str, flax_kind: str, strict: bool) -> bool:
  if torch_kind == "conv1d/bilinear":
    return flax_kind in ("conv1d", "bilinear")
  if torch_kind == "linear":
    return flax_kind in ("linear", "embedding")
  if not strict and {torch_kind, flax_kind} == {"norm", "batchnorm"}:
    return True  # statistics missing on one side
  return torch_kind == flax_kind

"""The loader's summary messages: the keys and leaves that did not match,
grouped by module and kept short, and the unfixed-flatten warning; with the
formatting of paths and layers that every phase's messages share.

The functions here return text; the caller raises or warns, so that a
warning points at the user's call.
"""

from __future__ import annotations

from typing import Any, Mapping, NamedTuple, Optional

FN = "load_torch_state_dict"
MAX_GROUPS = 8  # module lines per group in an error message


class UnusedKey(NamedTuple):
  """A state_dict array that fills no Flax leaf."""
  prefix: str  # its PyTorch layer
  module: tuple[str, ...]  # the Flax layer it was paired with
  layer_found: bool  # whether the template has that layer
  leaf: str  # its name in the layer, e.g. "weight"


class MissingLeaf(NamedTuple):
  """A template leaf that no state_dict array fills."""
  module: tuple[str, ...]
  collection: str
  leaf: str


def dotted(path: tuple[str, ...]) -> str:
  """A Flax module path as a dotted name, ``"<root>"`` for the top."""
  return ".".join(path) or "<root>"


def show(path: tuple[str, ...]) -> str:
  """A leaf's full path as code: ``params['fc1']['weight']``."""
  return path[0] + "".join(f"[{p!r}]" for p in path[1:])


def describe_torch(leaves: Mapping[str, Any]) -> str:
  return ", ".join(f"{k} {tuple(v.shape)}" for k, v in leaves.items())


def describe_flax(leaves: Mapping[tuple[str, str], Any]) -> str:
  return ", ".join(
      (k if c == "params" else f"{c}/{k}") + f" {tuple(v.shape)}"
      for (c, k), v in leaves.items())


def unfixed_flatten(torch_layers: Mapping[str, Mapping[str, Any]],
                    feature_maps: Mapping[str, Any], conv_kernels: set[str],
                    flatten: Mapping[str, Any]) -> list[str]:
  """Warnings for each ``Linear`` not in ``flatten`` whose input size is a
  multiple of the channels of the map before it, made by a channels-last
  convolution: the flatten order is then likely wrong, silently.

  ``feature_maps``: ``normalise.feature_maps``, each Linear's map (its
  convolution, the layer that gives its channels, their count).
  ``conv_kernels``: the PyTorch prefixes that filled a Flax convolution
  kernel (so are channels-last on the Flax side); a convolution that filled
  none (not loaded, or a layer of another layout) tells nothing.
  """
  messages = []
  for prefix, fmap in feature_maps.items():
    n = torch_layers[prefix]["weight"].shape[1]
    c = fmap.channels
    if (fmap.conv not in conv_kernels or prefix in flatten or n <= c
        or n % c):
      continue
    made = (f"the channels-last convolution {fmap.conv!r}"
            + ("" if fmap.last == fmap.conv else
               f" (and {fmap.last!r} after it)"))
    messages.append(
        f"{FN}: Linear {prefix!r} (in_features={n}) follows {made} "
        f"({c} channels): if it reads a flattened ({c}, H, W) map (H*W = "
        f"{n // c}), PyTorch's flatten order differs from a channels-last "
        f"model's and the outputs will be wrong; pass flatten={{{prefix!r}: "
        f"({c}, H, W)}}, or flatten={{{prefix!r}: None}} if no permutation "
        "is needed.")
  return messages


def mismatch(unused: list[UnusedKey], missing: list[MissingLeaf], *,
             strict: bool, bare: bool, mapping: Any) -> str:
  """The message for keys that fill no leaf and leaves that no key fills:
  the error's when ``strict`` (with hints), else the warning's."""
  unused_groups: dict[str, list[str]] = {}
  for u in unused:
    where = (f"not in Flax {dotted(u.module)!r}" if u.layer_found else
             f"no Flax layer {dotted(u.module)!r}")
    unused_groups.setdefault(f"{u.prefix or '<root>'!r} ({where})",
                             []).append(u.leaf)
  missing_groups: dict[str, list[str]] = {}
  for m in missing:
    missing_groups.setdefault(repr(dotted(m.module)), []).append(
        m.leaf if m.collection == "params" else f"{m.collection}/{m.leaf}")

  lines = []
  if unused:
    lines.append(f"  {len(unused)} PyTorch keys fill no Flax leaf:")
    lines += _groups(unused_groups, "PyTorch")
  if missing:
    lines.append(f"  {len(missing)} Flax leaves get no PyTorch key"
                 + (" (kept at their initial values):" if not strict else ":"))
    lines += _groups(missing_groups, "Flax",
                     limit=None if not strict else MAX_GROUPS)
  if not strict:
    return (f"{FN}(strict=False): state_dict does not match variables:\n"
            + "\n".join(lines))
  hints = []
  stats = any(u.leaf in ("running_mean", "running_var", "num_batches_tracked")
              for u in unused)
  if stats and bare:
    hints.append("running_mean/running_var need batch_stats: pass the whole "
                 "variables dict (model.init(key, x)), not its params")
  if mapping is None:
    hints.append("pass mapping= (a dict, a function, or 'order') to pair "
                 "the layers")
  hints.append("or strict=False to keep the unfilled leaves")
  return (f"{FN}: state_dict does not match variables:\n"
          + "\n".join(lines) + "\n" + "; ".join(hints) + ".")


def _groups(by_module: dict[str, list[str]], side: str,
            limit: Optional[int] = MAX_GROUPS) -> list[str]:
  names = list(by_module)
  shown = names if limit is None else names[:limit]
  lines = [f"    {side} {m}: {', '.join(by_module[m])}" for m in shown]
  if len(shown) < len(names):
    lines.append(f"    ... and {len(names) - len(shown)} more modules")
  return lines

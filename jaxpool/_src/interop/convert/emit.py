"""A :class:`Program` as Python source: a linen or an NNX Module.

Plain Flax and jaxpool: the submodules are built in ``setup`` (linen) or
``__init__`` (NNX), named after PyTorch's attributes; ``__call__`` has one
line per graph node, commented with the PyTorch module or source line. The
class carries its PyTorch names (``torch_paths``, ``torch_flattened``), which
:func:`jaxpool.interop.to_torch_state_dict` reads.
"""

from __future__ import annotations

import re

from jaxpool._src.interop.convert.program import Program

APIS = ("linen", "nnx")
_DOC = '''"""PyTorch's {torch} as a Flax {kind} Module, written by
jaxpool.interop.to_flax_source.

{layout}
{usage}
"""
'''
_USAGE = {
    "linen": "model.apply(variables, x) is PyTorch's eval mode;\n"
             "model.apply(variables, x, train=True, mutable=[\"batch_stats\"],"
             "\n            rngs={\"dropout\": key}) its training mode.",
    "nnx": "Built in eval mode (PyTorch's model.eval()); model.train() and\n"
           "model.eval() switch, as in PyTorch; dropout draws from rngs.",
}


def _line(text: str, comment: str) -> str:
  return f"{text}  # {comment}" if comment else text


def _dict(head: str, entries: list[str]) -> list[str]:
  if not entries:
    return [head + "{}"]
  return [head + "{"] + [f"      {e}," for e in entries] + ["  }"]


def source(program: Program, api: str, order: dict[str, int]) -> str:
  """The module source; ``order`` sorts ``torch_paths`` as PyTorch's
  ``state_dict``."""
  linen = api == "linen"
  layout = ("Channels last: inputs and feature maps are (N, *spatial, C)."
            if program.channels_last else
            "PyTorch's layout: inputs and feature maps are (N, C, *spatial).")
  out = [_DOC.format(torch=program.torch_class,
                     kind="linen" if linen else "NNX", layout=layout,
                     usage=_USAGE[api])]

  paths = sorted(program.torch_paths().items(),
                 key=lambda kv: order.get(kv[1], len(order)))
  flattened = program.flattened()
  body = []
  body.append(f"class {program.class_name}("
              f"{'nn.Module' if linen else 'nnx.Module'}):")
  body.append(f'  """PyTorch\'s {program.torch_class}, converted."""')
  body.append("")
  body.append("  # Each attribute with arrays: its PyTorch path (the "
              "state_dict prefix).")
  body += _dict("  torch_paths: ClassVar[dict[str, str]] = ",
                [f"{name!r}: {path!r}" for name, path in paths])
  body.append("  # Linear layers fed by a map flattened in stored order: "
              "PyTorch's")
  body.append("  # (C, *spatial) of their input, and the order its values "
              "lie in.")
  body += _dict("  torch_flattened: ClassVar[dict[str, tuple[tuple[int, ...], "
                "tuple[int, ...]]]] = ",
                [f"{name!r}: ({block!r}, {order_!r})"
                 for name, (block, order_) in flattened.items()])
  body.append("")
  if linen:
    body.append("  def setup(self) -> None:")
  else:
    body.append("  def __init__(self, *, rngs: nnx.Rngs) -> None:")
  subs = program.submodules or []
  for s in subs:
    body.append(_line(f"    self.{s.name} = {s.linen if linen else s.nnx}",
                      s.comment))
  if not subs:
    body.append("    pass")
  body.append("")
  args = ", ".join(f"{n}: {t}" for n, t in program.inputs)
  train = ", train: bool = False" if linen else ""
  body.append(f"  def __call__(self, {args}{train}) -> "
              f"{program.output_type}:")
  for line in program.lines:
    expr = line.linen if linen else line.nnx
    text = f"    {line.target} = {expr}" if line.target else f"    {expr}"
    body.append(_line(text, line.comment))
  body.append(f"    return {program.output}")

  code = "\n".join(body) + "\n"
  # What the code uses, its comments (PyTorch's source lines) aside.
  used = "\n".join(line.split("  # ")[0] for line in body)
  typing = ["Any"] if re.search(r"\bAny\b", used) else []
  imports = [f"from typing import {', '.join(typing + ['ClassVar'])}", ""]
  imports.append("import flax.linen as nn" if linen else
                 "from flax import nnx")
  imports.append("import jax")
  if re.search(r"\bjnp\.", used):
    imports.append("import jax.numpy as jnp")
  local = [f"import jaxpool.{m} as {alias}" for m, alias in (
      ("functional", "F"), ("nn", "jnn"), ("nnx", "jnnx"))
           if re.search(rf"\b{alias}\.", used)]
  if local:
    imports += [""] + local
  return "".join(out) + "\n" + "\n".join(imports) + "\n\n\n" + code

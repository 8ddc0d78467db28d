"""The converted model before it is written out: submodules and lines.

``translate.py`` fills a :class:`Program` node by node; ``emit.py`` writes it
as linen or NNX source; ``weights.py`` reads the PyTorch module of each
:class:`Submodule` to fill the variables.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Optional

from jaxpool._src.interop.convert.layout import FlatOrder, Perm

# Where a submodule's arrays come from and how they are laid out.
CONV = "conv"        # flax Conv: kernel (*k, in/groups, out) from (out, in, *k)
LAYER = "layer"      # a jaxpool layer: PyTorch's names and layouts
PARAM = "param"      # a PyTorch Parameter read directly (get_attr)
BUFFER = "buffer"    # a PyTorch buffer read directly (get_attr)
NONE = "none"        # no arrays (a layer made for a function call)


@dataclasses.dataclass
class Submodule:
  """An attribute of the generated class.

  Attributes:
    name: the attribute's name.
    torch_path: PyTorch's module (or Parameter/buffer) path: the
      ``state_dict`` prefix; '' for a layer made for a function call.
    kind: one of ``CONV``, ``LAYER``, ``PARAM``, ``BUFFER``, ``NONE``.
    linen: the constructor, linen (``nn.Conv(...)``; for ``PARAM`` the
      shape).
    nnx: the constructor, NNX.
    comment: what it was in PyTorch.
    mode_field: linen: the mode argument passed at each call (``not
      train``), for layers with a train/eval difference.
    perm: the layout its first call fixed, for a layer with a layout or
      dim field (later calls transpose into it); None: any.
    flat: for a Linear fed by a flatten in stored order, that order.
    module: the PyTorch module (or tensor for ``PARAM``/``BUFFER``).
  """
  name: str
  torch_path: str
  kind: str
  linen: str
  nnx: str
  comment: str = ""
  mode_field: Optional[str] = None
  perm: Optional[Perm] = None
  flat: Optional[FlatOrder] = None
  module: Any = None


@dataclasses.dataclass
class Line:
  """One line of ``__call__``: ``target = expr  # comment`` (the NNX
  expression where it differs)."""
  target: Optional[str]
  linen: str
  nnx: str
  comment: str = ""


@dataclasses.dataclass
class Program:
  """The converted model: class name, inputs, submodules, lines, output."""
  class_name: str
  torch_class: str
  channels_last: bool
  inputs: list[tuple[str, str]] = dataclasses.field(default_factory=list)
  submodules: list[Submodule] = dataclasses.field(default_factory=list)
  lines: list[Line] = dataclasses.field(default_factory=list)
  output: str = ""
  output_type: str = "jax.Array"

  def torch_paths(self) -> dict[str, str]:
    """Attribute name to PyTorch path, for the submodules with arrays."""
    return {s.name: s.torch_path for s in self.submodules
            if s.kind != NONE and s.torch_path}

  def flattened(self) -> dict[str, tuple[tuple[int, ...], tuple[int, ...]]]:
    """Linear attribute name to (PyTorch's block shape, stored order)."""
    return {s.name: (s.flat.block, s.flat.order) for s in self.submodules
            if s.flat is not None}

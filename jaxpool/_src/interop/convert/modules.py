"""``call_module`` and ``get_attr`` nodes: PyTorch layers as submodules.

A ``torch.nn`` layer that jaxpool has (the same class name in
:mod:`jaxpool.nn`) becomes that layer, its fields read off the PyTorch
module's attributes of the same names (jaxpool's fields are PyTorch's
constructor arguments); its arrays are checked against PyTorch's by name and
shape. ``Conv{n}d`` becomes Flax's ``Conv`` with explicit padding. What the
layer's fields say about layout (``channels_last``, ``dim``) is set from the
layout of the value it receives.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from typing import Any, Optional

from jaxpool._src.interop.convert import layout as L
from jaxpool._src.interop.convert import program as P
from jaxpool._src.interop.convert.translate import Builder, Unsupported

# Fields that the layout, the mode or the framework sets, not PyTorch.
NOT_FROM_TORCH = frozenset({
    "channels_last", "dtype", "param_dtype", "precision", "kernel_init",
    "bias_init", "deterministic", "use_running_average", "rng_collection",
    "check_indices", "init_value", "dim"})
CONVS = {"Conv1d": 1, "Conv2d": 2, "Conv3d": 3}
PAD_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


@dataclasses.dataclass(frozen=True)
class LayerSpec:
  """What the converter needs of a jaxpool layer class."""
  name: str
  fields: tuple[tuple[str, Any], ...]   # (name, default or REQUIRED)
  mode_field: Optional[str]
  nnx_takes_rngs: bool
  linen_cls: Any


REQUIRED = object()


@functools.lru_cache(maxsize=None)
def layer_specs() -> dict[str, LayerSpec]:
  """jaxpool's layers that ``torch.nn`` has too, by class name."""
  import torch
  import jaxpool.nn as jnn
  import jaxpool.nnx as jnnx
  from jaxpool._src.layers import base

  specs = {}
  for name in jnn.__all__:
    if not hasattr(torch.nn, name) or not hasattr(jnnx, name):
      continue
    cls = getattr(jnn, name)
    fields = tuple(
        (f.name, f.default if f.default is not dataclasses.MISSING
         else REQUIRED) for f in dataclasses.fields(cls)
        if f.name not in ("parent", "name"))
    mode = cls.mode_field if issubclass(cls, base.Switchable) else None
    takes = "rngs" in inspect.signature(getattr(jnnx, name)).parameters
    specs[name] = LayerSpec(name, fields, mode, takes, cls)
  return specs


def call_module(b: Builder, node: Any) -> L.Val:
  path = str(node.target)
  module = b.cap.modules[path]
  cls = type(module)
  if not cls.__module__.startswith("torch.nn."):
    raise Unsupported("not a torch.nn layer")
  name = cls.__name__
  if name in CONVS:
    return conv(b, node, path, module, CONVS[name])
  if name == "Flatten":
    from jaxpool._src.interop.convert import shapes
    return shapes.flatten(b, b.tensor(node.args[0]), module.start_dim,
                          module.end_dim, layer=(path, module))
  spec = layer_specs().get(name)
  if spec is None:
    raise Unsupported("")
  return layer(b, node, path, module, spec)


# -- jaxpool layers. ---------------------------------------------------------


def _torch_value(module: Any, field: str) -> Any:
  import torch
  value = getattr(module, field)
  if field == "bias" and (value is None or isinstance(value, torch.Tensor)):
    return value is not None
  if isinstance(value, torch.Tensor):
    raise Unsupported(f"its attribute {field} is a tensor")
  return tuple(value) if isinstance(value, list) else value


def _softmax_dim(dim: Optional[int], rank: int) -> int:
  """PyTorch's implicit softmax dim for ``dim=None`` (with its warning)."""
  if dim is not None:
    return dim
  return 0 if rank in (0, 1, 3) else 1


def _args_text(values: dict[str, Any], spec: LayerSpec) -> list[str]:
  """Constructor arguments: required ones positional, others by keyword
  where they differ from jaxpool's default."""
  out = []
  for name, default in spec.fields:
    if name not in values:
      continue
    value = values[name]
    if default is REQUIRED:
      out.append(repr(value))
    elif value != default or type(value) is not type(default):
      out.append(f"{name}={value!r}")
  return out


def _kind(spec: LayerSpec) -> str:
  """What a layer's fields say about dims: ``"channels"`` (a
  ``channels_last`` field), ``"dim"`` (a ``dim`` field), ``"last"`` (a
  Linear: PyTorch's last dim), else ``"elementwise"``."""
  names = {n for n, _ in spec.fields}
  if "channels_last" in names:
    return "channels"
  if "dim" in names:
    return "dim"
  if names & {"in_features", "in1_features"}:
    return "last"
  return "elementwise"


def layer(b: Builder, node: Any, path: str, module: Any,
          spec: LayerSpec) -> L.Val:
  values: dict[str, Any] = {}
  for name, default in spec.fields:
    if name in NOT_FROM_TORCH:
      continue
    if hasattr(module, name):
      values[name] = _torch_value(module, name)
    elif default is REQUIRED:
      raise Unsupported(f"it has no attribute {name}")
  tensors = [b.tensor(a) for a in node.args if not isinstance(b.val(a), L.Py)]
  if not tensors:
    raise Unsupported("it receives no tensor")
  x = tensors[0]
  sub = b.by_path.get(path)
  kind = _kind(spec)

  # The layout the call works in; a layer called again keeps its first.
  perm = x.perm
  if kind == "channels":
    perm = sub.perm if sub and sub.perm else (
        x.perm if x.perm in (L.channels_last(x.rank), L.identity(x.rank))
        else b.default_perm(x.rank))
    values["channels_last"] = perm == L.channels_last(x.rank)
  elif kind == "dim":
    perm = sub.perm if sub and sub.perm else x.perm
    axis = L.stored_axis(perm, _softmax_dim(getattr(module, "dim"), x.rank))
    values["dim"] = -1 if axis == x.rank - 1 else axis
  elif kind == "last" and x.flat is None and x.perm[-1] != x.rank - 1:
    perm = L.identity(x.rank)
  # A vector flattened in stored order passes through elementwise layers
  # and ends at a Linear, whose weight takes the order (see shapes.py).
  keeps_order = x.flat is not None and (kind == "last" or (
      kind == "elementwise" and len(tensors) == 1))
  args = [x.expr if keeps_order else b.to_perm(x, perm).expr] + [
      b.to_perm(t, perm if t.rank == x.rank else t.perm).expr
      for t in tensors[1:]]
  if spec.name.startswith("MaxUnpool"):
    size = unpool_size(b, node)
    if size is not None:
      args.append(f"output_size={size}")

  try:  # the fields checked as the layer checks them
    made = spec.linen_cls(**values)
  except (TypeError, ValueError) as e:
    raise Unsupported(str(e)) from e
  check_arrays(module, made)

  if sub is None:
    ctor = _args_text(values, spec)
    nnx_ctor = list(ctor)
    if spec.mode_field:  # NNX layers start in eval mode, as from_torch's
      nnx_ctor.append(f"{spec.mode_field}=True")
    if spec.nnx_takes_rngs:
      nnx_ctor.append("rngs=rngs")
    sub = b.add_submodule(P.Submodule(
        b.attr_name(path), path, P.LAYER if module.state_dict() else P.NONE,
        f"jnn.{spec.name}({', '.join(ctor)})",
        f"jnnx.{spec.name}({', '.join(nnx_ctor)})",
        comment=path, mode_field=spec.mode_field,
        perm=perm if kind in ("channels", "dim") else None, module=module))
  if kind == "last" and x.flat is not None:
    if sub.flat not in (None, x.flat):
      raise Unsupported("one Linear takes two differently flattened inputs")
    sub.flat = x.flat
    return call(b, sub, args, L.identity(x.rank))
  return call(b, sub, args, perm, x.flat if keeps_order else None)


def call(b: Builder, sub: P.Submodule, args: list[str], perm: L.Perm,
         flat: Optional[L.FlatOrder] = None) -> L.Val:
  """The line calling a submodule (linen passes the mode at the call)."""
  joined = ", ".join(args)
  linen = joined + (f", {sub.mode_field}=not train" if sub.mode_field
                    else "")
  info = b.example()
  if isinstance(info, tuple):
    return b.emit_tuple(f"self.{sub.name}({linen})", [perm] * len(info),
                        nnx=f"self.{sub.name}({joined})")
  shape = b.out_shape()
  if len(shape) != len(perm):
    perm = b.default_perm(len(shape))
  return b.emit(f"self.{sub.name}({linen})", perm, flat=flat,
                nnx=f"self.{sub.name}({joined})")


def unpool_size(b: Builder, node: Any) -> Optional[str]:
  """``output_size`` of an unpooling call: its spatial sizes, in PyTorch's
  order (a full size, such as ``x.size()``, loses batch and channels)."""
  arg = node.kwargs.get("output_size", node.args[2] if len(node.args) > 2
                        else None)
  if arg is None:
    return None
  size = b.val(arg)
  x = b.tensor(node.args[0])
  if isinstance(size, L.Seq):
    items = size.items[2:] if len(size.items) == x.rank else size.items
    return L.text(L.Seq(tuple(items)))
  value = L.python_value(size)
  if isinstance(value, tuple) and len(value) == x.rank:
    return repr(tuple(value[2:]))
  return L.text(size)


def check_arrays(module: Any, made: Any) -> None:
  """PyTorch's arrays and the jaxpool layer's agree in names and shapes."""
  theirs = {k: tuple(v.shape) for k, v in module.state_dict().items()}
  ours = {}
  for group in (made.weights(), made.stats()):
    ours.update({k: tuple(w.shape) for k, w in group.items()
                 if w is not None})
  if theirs != ours:
    raise Unsupported(f"its arrays {theirs} differ from the jaxpool layer's "
                      f"{ours}")


# -- Convolutions. -----------------------------------------------------------


def conv_padding(module: Any, n: int) -> tuple[tuple[int, int], ...]:
  """Explicit (low, high) padding; PyTorch's "same" puts the odd element
  high."""
  pad = module.padding
  if pad == "valid":
    return ((0, 0),) * n
  if pad == "same":
    totals = [d * (k - 1) for d, k in zip(module.dilation,
                                          module.kernel_size)]
    return tuple((t // 2, t - t // 2) for t in totals)
  return tuple((int(p), int(p)) for p in pad)


def conv(b: Builder, node: Any, path: str, module: Any, n: int) -> L.Val:
  x = b.tensor(node.args[0])
  if x.rank != n + 2:
    raise Unsupported(f"an unbatched input of shape {x.shape}; give the "
                      "example input a batch dim")
  mode = module.padding_mode
  if mode != "zeros" and mode not in PAD_MODES:
    raise Unsupported(f"padding_mode={mode!r}")
  pads = conv_padding(module, n)
  x = b.to_perm(x, L.channels_last(n + 2))
  inp = x.expr
  if mode != "zeros":
    inp = (f"jnp.pad({x.expr}, {((0, 0),) + pads + ((0, 0),)}, "
           f"mode={PAD_MODES[mode]!r})")
    pads = ((0, 0),) * n
  sub = b.by_path.get(path)
  if sub is None:
    opts = []
    if any(s != 1 for s in module.stride):
      opts.append(f"strides={tuple(module.stride)}")
    opts.append(f"padding={pads}")
    if any(d != 1 for d in module.dilation):
      opts.append(f"kernel_dilation={tuple(module.dilation)}")
    if module.groups != 1:
      opts.append(f"feature_group_count={module.groups}")
    if module.bias is None:
      opts.append("use_bias=False")
    k = tuple(module.kernel_size)
    tail = ", ".join(opts)
    sub = b.add_submodule(P.Submodule(
        b.attr_name(path), path, P.CONV,
        f"nn.Conv({module.out_channels}, {k}, {tail})",
        f"nnx.Conv({module.in_channels}, {module.out_channels}, {k}, {tail}, "
        "rngs=rngs)", comment=path, module=module))
  return call(b, sub, [inp], L.channels_last(n + 2))


# -- Parameters and buffers read directly. -----------------------------------


def get_attr(b: Builder, node: Any) -> L.Val:
  import torch
  path = str(node.target)
  owner_path, _, leaf = path.rpartition(".")
  owner = b.cap.model.get_submodule(owner_path)
  value = getattr(owner, leaf)
  if not isinstance(value, torch.Tensor):
    raise Unsupported(f"a {type(value).__name__}, not a tensor")
  is_param = isinstance(value, torch.nn.Parameter)
  if not is_param and leaf in getattr(owner, "_non_persistent_buffers_set",
                                      ()):
    raise Unsupported("a non-persistent buffer (not in the state_dict)")
  shape = tuple(value.shape)
  sub = b.by_path.get(path)
  if sub is None:
    name = b.attr_name(path)
    dtype = "" if value.is_floating_point() else (
        ", jnp.bool_" if value.dtype == torch.bool else ", jnp.int32")
    if is_param:
      linen = f'self.param("{name}", nn.initializers.zeros_init(), {shape})'
      nnx = f"nnx.Param(jnp.zeros({shape}{dtype}))"
    else:
      linen = (f'self.variable("batch_stats", "{name}", jnp.zeros, {shape}'
               f"{dtype})")
      nnx = f"nnx.BatchStat(jnp.zeros({shape}{dtype}))"
    sub = b.add_submodule(P.Submodule(
        name, path, P.PARAM if is_param else P.BUFFER, linen, nnx,
        comment=path, module=value))
  read = f"self.{sub.name}" + ("" if sub.kind == P.PARAM else ".value")
  t = b.emit(read, L.identity(len(shape)), shape=shape,
             nnx=f"self.{sub.name}[...]")
  return dataclasses.replace(t, fixed=True)

"""Shape operations: sizes, reshapes and flattens, dim permutations,
concatenation, reductions, indexing, and ``F.conv{n}d``.

Each translates its dims through the input's layout (:mod:`layout`).
Permutations change the recorded layout only (no code). A flatten whose
dims lie in PyTorch's order is a plain reshape; one that feeds only
``Linear`` layers (through elementwise layers) is a plain reshape too, and
the Linear's weight is permuted at conversion instead
(:func:`flattens_feeding_linear` finds them before the walk); any other
is written in PyTorch's order (``F.flatten``) or after a transpose.
"""

from __future__ import annotations

import collections
from typing import Any, Optional

from jaxpool._src.interop.convert import layout as L
from jaxpool._src.interop.convert import program as P
from jaxpool._src.interop.convert.capture import TensorInfo
from jaxpool._src.interop.convert.translate import Builder, Unsupported

CONV_DIMS = {1: ("NWC", "OIW", "NWC"), 2: ("NHWC", "OIHW", "NHWC"),
             3: ("NDHWC", "OIDHW", "NDHWC")}


def _ints(v: L.Val) -> list[int]:
  value = L.python_value(v)
  return list(value) if isinstance(value, (tuple, list)) else [value]


def _dims(x: L.Tensor, dim: L.Val) -> Optional[list[int]]:
  """PyTorch dims (None: all), non-negative."""
  value = L.python_value(dim)
  if value is None or value == () or value == []:
    return None
  values = value if isinstance(value, (tuple, list)) else [value]
  return [L.torch_dim(d, x.rank) for d in values]


def _axes_text(axes: list[int]) -> str:
  return str(axes[0]) if len(axes) == 1 else str(tuple(axes))


def _plain(x: L.Tensor) -> L.Tensor:
  if x.flat is not None:
    raise Unsupported("a vector flattened in stored order reaches a shape "
                      "operation (internal)")
  return x


# -- Sizes. ------------------------------------------------------------------


def size(b: Builder, input: L.Val, dim: L.Val = L.const(None)) -> L.Val:
  x = b.tensor(input)
  d = L.python_value(dim)
  if d is not None:
    return L.Py(f"{x.expr}.shape[{L.stored_axis(x.perm, d)}]",
                x.shape[L.torch_dim(d, x.rank)])
  return L.Seq(tuple(L.Py(f"{x.expr}.shape[{x.perm.index(d)}]", x.shape[d])
                     for d in range(x.rank)))


def dim(b: Builder, input: L.Val) -> L.Val:
  return L.const(b.tensor(input).rank)


# -- Reshapes and flattens. --------------------------------------------------


def _shape_args(args: tuple[L.Val, ...]) -> L.Seq:
  if len(args) == 1 and isinstance(args[0], L.Seq):
    return L.Seq(args[0].items)
  if len(args) == 1 and isinstance(L.python_value(args[0]), tuple):
    return L.Seq(tuple(L.const(v) for v in L.python_value(args[0])))
  return L.Seq(tuple(args))


def view(b: Builder, input: L.Val, *shape: L.Val) -> L.Val:
  x = b.tensor(input)
  target = _shape_args(shape)
  out = b.out_shape()
  if x.flat is None and L.in_torch_order(x.perm, x.shape):
    return b.emit(f"jnp.reshape({x.expr}, {L.text(target)})",
                  L.identity(len(out)))
  if x.rank >= 3 and len(out) == 2 and out[0] == x.shape[0]:
    return flatten(b, x, 1, -1, shape_text=L.text(target))
  x = b.to_perm(_plain(x), L.identity(x.rank))
  return b.emit(f"jnp.reshape({x.expr}, {L.text(target)})",
                L.identity(len(out)))


def reshape_function(b: Builder, input: L.Val, shape: L.Val) -> L.Val:
  return view(b, input, shape)


def flatten_function(b: Builder, input: L.Val, start_dim: L.Val = L.const(0),
                     end_dim: L.Val = L.const(-1)) -> L.Val:
  return flatten(b, b.tensor(input), L.python_value(start_dim),
                 L.python_value(end_dim))


def flatten(b: Builder, x: L.Tensor, start_dim: int, end_dim: int, *,
            layer: Optional[tuple[str, Any]] = None,
            shape_text: Optional[str] = None) -> L.Val:
  """``torch.flatten`` / ``nn.Flatten`` / a flattening ``view`` (see the
  module docstring for the three ways)."""
  x = _plain(x)
  rank = x.rank
  s, e = L.torch_dim(start_dim, rank), L.torch_dim(end_dim, rank)
  if s >= e:
    return x
  dims = range(s, e + 1)
  axes = sorted(x.perm.index(d) for d in dims)
  lo, hi = axes[0], axes[-1]
  contiguous = axes == list(range(lo, hi + 1))
  out_rank = rank - (e - s)
  flat = None
  note = ""
  if contiguous and L.in_torch_order(x.perm, x.shape, dims):
    how, perm = "stored", L.drop_dims(x.perm, set(range(s + 1, e + 1)))
  elif (b.node.name in b.flat_ok and s == 1 and e == rank - 1
        and x.perm[0] == 0):
    how, perm = "stored", L.identity(2)
    lo, hi = 1, rank - 1
    flat = L.FlatOrder(x.shape[1:], tuple(d - 1 for d in x.perm[1:]))
    note = " (in stored order: the Linear's weight is permuted to match)"
  elif x.perm == L.channels_last(rank):
    how = "torch"
    perm = (L.channels_last(out_rank) if s >= 2 else L.identity(out_rank))
  else:
    how, perm = "transposed", L.identity(out_rank)
    x = b.to_perm(x, L.identity(rank))
    lo, hi = s, e

  if layer is not None:
    path, _ = layer
    sub = b.by_path.get(path)
    if how == "torch":
      args = [] if (s, e) == (1, rank - 1) else [str(s), str(e)]
    else:
      args = ([] if (lo, hi) == (1, rank - 1) else [str(lo), str(hi)]) + [
          "channels_last=False"]
    ctor = f"jnn.Flatten({', '.join(args)})"
    if sub is None:
      sub = b.add_submodule(P.Submodule(
          b.attr_name(path), path, P.NONE, ctor,
          ctor.replace("jnn.", "jnnx.", 1), comment=path + note))
    elif sub.linen != ctor:
      raise Unsupported("a Flatten called on maps of different layouts")
    return b.emit(f"self.{sub.name}({x.expr})", perm, flat=flat)

  if how == "torch":
    extra = "" if (s, e) == (0, rank - 1) else f", {s}" + (
        f", {e}" if e != rank - 1 else "")
    return b.emit(f"F.flatten({x.expr}{extra})", perm)
  if shape_text is None:
    shape_text = (f"({x.expr}.shape[0], -1)" if (lo, hi) == (1, rank - 1)
                  else f"{x.expr}.shape[:{lo}] + (-1,) + "
                  f"{x.expr}.shape[{hi + 1}:]")
  return b.emit(f"jnp.reshape({x.expr}, {shape_text})", perm, flat=flat)


def flattens_feeding_linear(cap: Any) -> set[str]:
  """The flattening nodes whose vector reaches only ``Linear`` layers
  (each called once), through elementwise layers and functions."""
  from jaxpool._src.interop.convert import modules, ops
  import torch.fx

  calls = collections.Counter(n.target for n in cap.graph.nodes
                              if n.op == "call_module")

  def node_args(n: Any) -> list[Any]:
    return [a for a in n.args if isinstance(a, torch.fx.Node)]

  def is_linear(user: Any, value: Any) -> bool:
    if user.op != "call_module" or calls[user.target] != 1:
      return False
    m = cap.modules[str(user.target)]
    return (type(m).__name__ == "Linear" and user.args[0] is value
            and len(node_args(user)) == 1)

  def elementwise(user: Any) -> bool:
    if len(node_args(user)) != 1 or user.kwargs.get("input") is not None:
      return False
    if user.op == "call_module":
      spec = modules.layer_specs().get(type(cap.modules[str(
          user.target)]).__name__)
      fields = {n for n, _ in spec.fields} if spec else {"dim"}
      return not fields & {"channels_last", "dim", "in_features",
                           "in1_features"}
    return ops.is_elementwise(user)

  def feeds_linear(node: Any, depth: int = 0) -> bool:
    users = list(node.users)
    return bool(users) and depth < 32 and all(
        is_linear(u, node) or (elementwise(u) and feeds_linear(u, depth + 1))
        for u in users)

  found = set()
  for n in cap.graph.nodes:
    out = cap.values.get(n.name)
    first = node_args(n)[:1]
    inp = cap.values.get(first[0].name) if first else None
    if (n.op in ("call_module", "call_function", "call_method")
        and isinstance(out, TensorInfo) and isinstance(inp, TensorInfo)
        and len(out.shape) == 2 and len(inp.shape) >= 3
        and out.shape[0] == inp.shape[0] and feeds_linear(n)):
      found.add(n.name)
  return found


# -- Permutations. -----------------------------------------------------------


def permute(b: Builder, input: L.Val, *dims: L.Val) -> L.Val:
  x = _plain(b.tensor(input))
  order = [L.torch_dim(d, x.rank) for d in _ints(_shape_args(dims))]
  if sorted(order) != list(range(x.rank)):
    raise Unsupported(f"dims {order} are not a permutation")
  return L.Tensor(x.expr, tuple(x.shape[d] for d in order),
                  tuple(order.index(p) for p in x.perm))


def transpose(b: Builder, input: L.Val, dim0: L.Val, dim1: L.Val) -> L.Val:
  x = b.tensor(input)
  order = list(range(x.rank))
  i, j = (L.torch_dim(L.python_value(d), x.rank) for d in (dim0, dim1))
  order[i], order[j] = order[j], order[i]
  return permute(b, x, L.const(tuple(order)))


def t(b: Builder, input: L.Val) -> L.Val:
  x = b.tensor(input)
  return x if x.rank < 2 else transpose(b, x, L.const(0), L.const(1))


def unsqueeze(b: Builder, input: L.Val, dim: L.Val) -> L.Val:
  x = _plain(b.tensor(input))
  d = L.python_value(dim)
  d = d % (x.rank + 1)
  perm, axis = L.insert_dim(x.perm, d)
  return b.emit(f"jnp.expand_dims({x.expr}, {axis})", perm)


def squeeze(b: Builder, input: L.Val, dim: L.Val = L.const(None)) -> L.Val:
  x = _plain(b.tensor(input))
  dims = _dims(x, dim)
  dims = [d for d in (dims if dims is not None else range(x.rank))
          if x.shape[d] == 1]
  if not dims:
    return x
  axes = [x.perm.index(d) for d in dims]
  return b.emit(f"jnp.squeeze({x.expr}, {_axes_text(sorted(axes))})",
                L.drop_dims(x.perm, set(dims)))


# -- Concatenation and reductions. -------------------------------------------


def _joined(b: Builder, tensors: L.Val) -> list[L.Tensor]:
  if not isinstance(tensors, L.Seq) or not tensors.items:
    raise Unsupported("tensors is not a list of tensors")
  items = [_plain(b.tensor(v)) for v in tensors.items]
  return [b.to_perm(t, items[0].perm) for t in items]


def cat(b: Builder, tensors: L.Val, dim: L.Val = L.const(0)) -> L.Val:
  items = _joined(b, tensors)
  perm = items[0].perm
  axis = L.axis_text(perm, L.python_value(dim))
  joined = ", ".join(t.expr for t in items)
  return b.emit(f"jnp.concatenate([{joined}], axis={axis})", perm)


def stack(b: Builder, tensors: L.Val, dim: L.Val = L.const(0)) -> L.Val:
  items = _joined(b, tensors)
  d = L.python_value(dim) % (items[0].rank + 1)
  perm, axis = L.insert_dim(items[0].perm, d)
  joined = ", ".join(t.expr for t in items)
  return b.emit(f"jnp.stack([{joined}], axis={axis})", perm)


def reduction(fn: str) -> Any:
  def handler(b: Builder, input: L.Val, dim: L.Val = L.const(None),
              keepdim: L.Val = L.const(False),
              dtype: L.Val = L.const(None)) -> L.Val:
    if L.python_value(dtype) is not None:
      raise Unsupported("a dtype argument")
    x = _plain(b.tensor(input))
    dims = _dims(x, dim)
    keep = bool(L.python_value(keepdim))
    if dims is None:
      dims = list(range(x.rank))
      axis = ""
    else:
      axis = f", axis={_axes_text(sorted(x.perm.index(d) for d in dims))}"
    keeps = ", keepdims=True" if keep else ""
    perm = x.perm if keep else L.drop_dims(x.perm, set(dims))
    return b.emit(f"jnp.{fn}({x.expr}{axis}{keeps})", perm)
  return handler


# -- Indexing. ---------------------------------------------------------------


def index(b: Builder, x: L.Tensor, idx: L.Val) -> L.Val:
  """``x[...]`` with ints, slices and ``...`` (PyTorch's dims)."""
  x = _plain(x)
  items = list(idx.items) if isinstance(idx, L.Seq) else [idx]
  values = [L.python_value(i) for i in items]
  if any(v is None or isinstance(v, bool) for v in values) or any(
      isinstance(i, L.Tensor) for i in items):
    raise Unsupported("indexing with None, bools or tensors")
  if Ellipsis in values:
    at = values.index(Ellipsis)
    fill = [L.const(slice(None))] * (x.rank - len(items) + 1)
    items = items[:at] + fill + items[at + 1:]
  items += [L.const(slice(None))] * (x.rank - len(items))
  by_dim = dict(enumerate(items))
  dropped = {d for d, v in by_dim.items()
             if not isinstance(L.python_value(v), slice)}
  parts = [_index_text(by_dim[d]) for d in x.perm]
  while parts and parts[-1] == ":":
    parts.pop()
  if not parts:
    return x
  return b.emit(f"{x.expr}[{', '.join(parts)}]", L.drop_dims(x.perm, dropped))


def _index_text(v: L.Val) -> str:
  value = L.python_value(v)
  if isinstance(value, slice):
    if isinstance(v, L.Py) and ":" in v.expr:
      return v.expr
    parts = ["" if p is None else repr(p)
             for p in (value.start, value.stop, value.step)]
    return ":".join(parts[:2] if value.step is None else parts)
  return L.text(v)


# -- Padding. ----------------------------------------------------------------

PAD_MODES = {"constant": "constant", "reflect": "reflect",
             "replicate": "edge", "circular": "wrap"}


def pad(b: Builder, input: L.Val, pad: L.Val, mode: L.Val = L.const("constant"),
        value: L.Val = L.const(None)) -> L.Val:
  """``F.pad``: PyTorch's pairs run from the last dim backwards."""
  x = _plain(b.tensor(input))
  widths = _ints(pad)
  how = L.python_value(mode)
  if how not in PAD_MODES or len(widths) % 2 or min(widths, default=0) < 0:
    raise Unsupported(f"pad={widths}, mode={how!r} (negative or odd pads, "
                      "or another mode)")
  pairs = [(0, 0)] * x.rank
  for i in range(len(widths) // 2):
    pairs[x.rank - 1 - i] = (widths[2 * i], widths[2 * i + 1])
  stored = tuple(pairs[d] for d in x.perm)
  fill = L.python_value(value)
  extra = (f", mode={PAD_MODES[how]!r}" if how != "constant" else
           (f", constant_values={fill!r}" if fill else ""))
  return b.emit(f"jnp.pad({x.expr}, {stored}{extra})", x.perm)


# -- Functional convolution. -------------------------------------------------


def conv_function(n: int) -> Any:
  def handler(b: Builder, input: L.Val, weight: L.Val,
              bias: L.Val = L.const(None), stride: L.Val = L.const(1),
              padding: L.Val = L.const(0), dilation: L.Val = L.const(1),
              groups: L.Val = L.const(1)) -> L.Val:
    x = b.to_perm(_plain(b.tensor(input)), L.channels_last(n + 2))
    if x.rank != n + 2:
      raise Unsupported("an unbatched input")
    w = b.to_perm(b.tensor(weight, "weight"), L.identity(n + 2))
    stride_ = _ints(stride) * (n if len(_ints(stride)) == 1 else 1)
    dil = _ints(dilation) * (n if len(_ints(dilation)) == 1 else 1)
    pad = L.python_value(padding)
    if pad == "valid":
      pairs = ((0, 0),) * n
    elif pad == "same":
      totals = [d * (k - 1) for d, k in zip(dil, w.shape[2:])]
      pairs = tuple((t_ // 2, t_ - t_ // 2) for t_ in totals)
    else:
      pads = _ints(padding) * (n if len(_ints(padding)) == 1 else 1)
      pairs = tuple((p, p) for p in pads)
    expr = (f"jax.lax.conv_general_dilated({x.expr}, {w.expr}, "
            f"{tuple(stride_)}, {pairs}, rhs_dilation={tuple(dil)}, "
            f"dimension_numbers={CONV_DIMS[n]}, "
            f"feature_group_count={L.python_value(groups)})")
    if isinstance(bias, L.Tensor):
      expr += f" + jnp.reshape({bias.expr}, {(1,) * (n + 1) + (-1,)})"
    return b.emit(expr, L.channels_last(n + 2))
  return handler


# -- Tables. -----------------------------------------------------------------


def functions() -> dict[Any, Any]:
  import torch
  import torch.nn.functional as TF
  out: dict[Any, Any] = {
      TF.pad: pad, torch.cat: cat, torch.stack: stack, torch.flatten: flatten_function,
      torch.reshape: reshape_function, torch.permute: permute,
      torch.transpose: transpose, torch.squeeze: squeeze,
      torch.unsqueeze: unsqueeze, torch.t: t}
  for name in ("concat", "concatenate"):
    if hasattr(torch, name):
      out[getattr(torch, name)] = cat
  for name in ("mean", "sum", "amax", "amin"):
    out[getattr(torch, name)] = reduction(name)
  return out


def methods() -> dict[str, Any]:
  out: dict[str, Any] = {
      "size": size, "dim": dim, "view": view, "reshape": view,
      "flatten": flatten_function, "permute": permute,
      "transpose": transpose, "t": t, "unsqueeze": unsqueeze,
      "squeeze": squeeze}
  for name in ("mean", "sum", "amax", "amin"):
    out[name] = reduction(name)
  return out

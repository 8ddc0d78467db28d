"""``call_function`` and ``call_method`` nodes: PyTorch functions, tensor
methods and Python operators.

``torch.nn.functional.X`` (and ``torch.X``, ``Tensor.X``) becomes
``jaxpool.functional.X`` wherever jaxpool has it: the arguments bind to
PyTorch's signature (jaxpool's is the same, with ``x`` for ``input``), and
what they say about dims (``channels_last``, ``dim``) follows the input's
layout. Dropout functions become Dropout layers (a function's ``training``
flag is fixed when traced; a layer follows the model's mode). Shape and
arithmetic operations are in ``shapes.py`` and below.
"""

from __future__ import annotations

import functools
import inspect
import operator
from typing import Any, Callable, Optional

from jaxpool._src.interop.convert import layout as L
from jaxpool._src.interop.convert import program as P
from jaxpool._src.interop.convert.translate import Builder, Unsupported

Handler = Callable[..., L.Val]
TORCH_ONLY = ("inplace", "_stacklevel")
DROPOUTS = {"dropout": "Dropout", "dropout1d": "Dropout1d",
            "dropout2d": "Dropout2d", "dropout3d": "Dropout3d"}
# torch.X builtins with F.X's arguments.
TORCH_ALIASES = ("relu", "relu_", "sigmoid", "tanh", "softmax", "log_softmax",
                 "selu", "celu", "prelu", "hardshrink", "threshold", "rrelu",
                 "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d",
                 "adaptive_avg_pool1d", "bilinear", "dropout")
# Methods with a jnp counterpart, elementwise.
UNARY = {"neg": "jnp.negative", "abs": "jnp.abs", "exp": "jnp.exp",
         "log": "jnp.log", "sqrt": "jnp.sqrt", "square": "jnp.square"}
BINARY = {"add": "+", "sub": "-", "mul": "*", "truediv": "/", "div": "/",
          "true_divide": "/", "floordiv": "//", "pow": "**",
          "subtract": "-", "multiply": "*", "divide": "/"}


def call(b: Builder, node: Any) -> L.Val:
  handler = handler_for(node)
  if handler is None:
    raise Unsupported("")
  args = [b.val(a) for a in node.args]
  kwargs = {k: b.val(v) for k, v in node.kwargs.items()}
  return handler(b, *args, **kwargs)


def handler_for(node: Any) -> Optional[Handler]:
  if node.op == "call_method":
    return method_table().get(str(node.target))
  return function_table().get(_key(node.target))


def _key(target: Any) -> Any:
  try:
    hash(target)
    return target
  except TypeError:
    return id(target)


def is_elementwise(node: Any) -> bool:
  """Whether a node maps each value on its own, keeping the order of a
  flattened vector (activations, dropout)."""
  handler = handler_for(node) if node.op in ("call_function",
                                             "call_method") else None
  return getattr(handler, "elementwise", False)


# -- jaxpool.functional. -----------------------------------------------------


@functools.lru_cache(maxsize=None)
def _signature(name: str, torch_fn: Any) -> inspect.Signature:
  """PyTorch's signature where Python has it, else jaxpool's (the same
  arguments, ``x`` for ``input``)."""
  from torch._jit_internal import boolean_dispatched
  import jaxpool.functional as F
  dispatched = boolean_dispatched.get(torch_fn)
  if dispatched:
    torch_fn = dispatched["if_true"] if "with_indices" in name else \
        dispatched["if_false"]
  try:
    sig = inspect.signature(torch_fn)
    if "args" not in sig.parameters:
      return sig
  except (TypeError, ValueError):
    pass
  sig = inspect.signature(getattr(F, name))
  params = list(sig.parameters.values())
  return sig.replace(parameters=[params[0].replace(name="input")] + [
      p for p in params[1:] if p.kind != p.KEYWORD_ONLY])


def bind(sig: inspect.Signature, args: tuple, kwargs: dict) -> dict[str, Any]:
  """Arguments by name, defaults filled (as constants)."""
  try:
    bound = sig.bind(*args, **kwargs)
  except TypeError as e:
    raise Unsupported(f"arguments not understood ({e})") from e
  out = dict(bound.arguments)
  for name, p in sig.parameters.items():
    if name not in out and p.default is not p.empty:
      out[name] = L.const(p.default)
  return out


def jaxpool_function(name: str, torch_fn: Any) -> Handler:
  """The handler of ``torch.nn.functional.<name>`` as jaxpool's."""
  import jaxpool.functional as F
  jsig = inspect.signature(getattr(F, name))
  jparams = list(jsig.parameters.values())

  def handler(b: Builder, *args: L.Val, **kwargs: L.Val) -> L.Val:
    if "input" not in kwargs and len(args) == 0:
      raise Unsupported("no input")
    bound = bind(_signature(name, torch_fn), args, kwargs)
    first = next(iter(bound))
    x = b.tensor(bound.pop(first))
    for extra in TORCH_ONLY:
      bound.pop(extra, None)
    if name.endswith("_with_indices"):  # PyTorch's takes the flag too
      bound.pop("return_indices", None)
    if name in DROPOUTS:
      return dropout_layer(b, name, x, bound)
    for k in list(bound):
      if k not in jsig.parameters:
        raise Unsupported(f"argument {k}={L.text(bound[k])} has no "
                          "counterpart in jaxpool")
    if name == "rrelu" and L.python_value(bound["training"]):
      raise Unsupported("training=True draws PyTorch's random slopes; use "
                        "nn.RReLU")
    if "key" in jsig.parameters:
      raise Unsupported("it draws random numbers; use the layer")
    if "dtype" in bound and L.python_value(bound.pop("dtype")) is not None:
      raise Unsupported("a dtype argument")

    perm, flat = x.perm, x.flat
    tensors = {k: v for k, v in bound.items() if isinstance(v, L.Tensor)}
    if "channels_last" in jsig.parameters:
      if x.perm not in (L.channels_last(x.rank), L.identity(x.rank)):
        perm = b.default_perm(x.rank)
      bound["channels_last"] = L.const(perm == L.channels_last(x.rank))
    elif "dim" in jsig.parameters and name != "batch_norm":
      dim = L.python_value(bound["dim"])
      if dim is None:  # PyTorch's implicit softmax dim
        dim = 0 if x.rank in (0, 1, 3) else 1
      axis = L.stored_axis(perm, dim)
      bound["dim"] = L.const(-1 if axis == x.rank - 1 else axis)
    elif name in ("linear", "bilinear"):
      if x.perm[-1] != x.rank - 1:
        perm = L.identity(x.rank)
    if "channels_last" in jsig.parameters or "dim" in jsig.parameters or \
        name in ("linear", "bilinear"):
      flat = None
      x = b.to_perm(x, perm)
      for k, t in tensors.items():
        if t.rank == x.rank:
          bound[k] = b.to_perm(t, perm)
    if name.startswith("max_unpool") and isinstance(
        bound.get("output_size"), L.Val):
      bound["output_size"] = _spatial(bound["output_size"], x.rank)

    parts = [x.expr if flat is None else x.expr]
    positional = True
    for p in jparams[1:]:
      if p.name not in bound:
        positional = False
        continue
      v = bound[p.name]
      required = p.default is p.empty
      if (isinstance(v, L.Py) and not required and p.name != "dim"
          and _same(v.value, p.default)):  # a translated dim stays written
        positional = False
        continue
      if positional and required and p.kind == p.POSITIONAL_OR_KEYWORD:
        parts.append(L.text(v))
      else:
        positional = False
        parts.append(f"{p.name}={L.text(v)}")
    expr = f"F.{name}({', '.join(parts)})"
    info = b.example()
    if isinstance(info, tuple):
      return b.emit_tuple(expr, [perm] * len(info))
    return b.emit(expr, perm, flat=flat)

  elementwise = not any(k in jsig.parameters for k in ("channels_last",
                                                       "dim")) and \
      name not in ("linear", "bilinear", "batch_norm")
  setattr(handler, "elementwise", elementwise)
  return handler


def _same(a: Any, b: Any) -> bool:
  return type(a) is type(b) and a == b


def _spatial(size: L.Val, rank: int) -> L.Val:
  """An unpooling ``output_size`` as spatial sizes, PyTorch's order."""
  if isinstance(size, L.Seq) and len(size.items) == rank:
    return L.Seq(size.items[2:])
  value = L.python_value(size)
  if isinstance(value, tuple) and len(value) == rank:
    return L.const(tuple(value[2:]))
  return size


def dropout_layer(b: Builder, name: str, x: L.Tensor,
                  bound: dict[str, Any]) -> L.Val:
  """A dropout function as a Dropout layer of its own, switched by the
  model's mode as PyTorch's module would be."""
  layer = DROPOUTS[name]
  p = L.python_value(bound.get("p", L.const(0.5)))
  ctor = [] if p == 0.5 else [repr(p)]
  perm, extra = x.perm, ""
  if layer != "Dropout":
    if x.perm not in (L.channels_last(x.rank), L.identity(x.rank)):
      perm = b.default_perm(x.rank)
    if perm != L.channels_last(x.rank):
      extra = "channels_last=False"
      ctor.append(extra)
  sub = b.add_submodule(P.Submodule(
      b.attr_name(b.node.name), "", P.NONE,
      f"jnn.{layer}({', '.join(ctor)})",
      f"jnnx.{layer}({', '.join(ctor + ['deterministic=True', 'rngs=rngs'])})",
      comment=f"F.{name} in {b.comment()}", mode_field="deterministic"))
  from jaxpool._src.interop.convert.modules import call as call_sub
  arg = x.expr if layer == "Dropout" else b.to_perm(x, perm).expr
  return call_sub(b, sub, [arg], perm, x.flat if layer == "Dropout" else None)


# -- Arithmetic. -------------------------------------------------------------


def binary(symbol: str) -> Handler:
  def handler(b: Builder, a: L.Val, c: L.Val, alpha: L.Val = L.const(1),
              rounding_mode: L.Val = L.const(None)) -> L.Val:
    if L.python_value(rounding_mode) is not None:
      raise Unsupported(f"rounding_mode={L.text(rounding_mode)}")
    scale = L.python_value(alpha)
    c_text = L.text(c) if scale == 1 else f"{scale!r} * {L.text(c)}"
    if not isinstance(a, L.Tensor) and not isinstance(c, L.Tensor):
      return L.Py(f"({L.text(a)} {symbol} {c_text})", b.example())
    tensors = [v for v in (a, c) if isinstance(v, L.Tensor)]
    rank = max(t.rank for t in tensors)
    target = next(t for t in tensors if t.rank == rank).perm
    texts = []
    for v in (a, c):
      if isinstance(v, L.Tensor):
        v = broadcast(b, v, rank, target)
      texts.append(L.text(v))
    if scale != 1:
      texts[1] = f"{scale!r} * {texts[1]}"
    return b.emit(f"{texts[0]} {symbol} {texts[1]}", target)
  return handler


def broadcast(b: Builder, t: L.Tensor, rank: int, perm: L.Perm) -> L.Tensor:
  """``t`` as an operand of rank ``rank`` in layout ``perm``. A Parameter
  whose other dims are 1 (a per-channel scale ``(C, 1, 1)``) is reshaped
  to its stored shape ``(1, 1, 1, C)``."""
  full = expand(t, rank)
  kept = [d for d in perm if full.shape[d] != 1]
  if t.fixed and t.perm == L.identity(t.rank) and kept == sorted(kept):
    stored = tuple(full.shape[d] for d in perm)
    return L.Tensor(f"jnp.reshape({t.expr}, {stored})", full.shape, perm)
  return b.to_perm(full, perm)


def expand(t: L.Tensor, rank: int) -> L.Tensor:
  """``t`` with leading size-1 dims up to ``rank`` (PyTorch's broadcasting,
  written out: rank promotion stays explicit)."""
  if t.rank == rank:
    return t
  n = rank - t.rank
  return L.Tensor(f"jnp.expand_dims({t.expr}, {tuple(range(n))})",
                  (1,) * n + t.shape, tuple(range(n)) + tuple(
                      d + n for d in t.perm))


def unary(fn: str) -> Handler:
  def handler(b: Builder, x: L.Val) -> L.Val:
    t = b.tensor(x)
    return b.emit(f"{fn}({t.expr})", t.perm)
  return handler


def negate(b: Builder, x: L.Val) -> L.Val:
  if isinstance(x, L.Tensor):
    return b.emit(f"-{x.expr}", x.perm)
  return L.Py(f"(-{L.text(x)})", b.example())


def clamp(b: Builder, x: L.Val, min: L.Val = L.const(None),
          max: L.Val = L.const(None)) -> L.Val:
  t = b.tensor(x)
  lo, hi = (b.to_perm(v, t.perm) if isinstance(v, L.Tensor) else v
            for v in (min, max))
  return b.emit(f"jnp.clip({t.expr}, {L.text(lo)}, {L.text(hi)})", t.perm)


def same(b: Builder, x: L.Val, *args: L.Val, **kwargs: L.Val) -> L.Val:
  """``contiguous``, ``clone``, ``detach``: the value itself."""
  del b, args, kwargs
  return x


def getitem(b: Builder, x: L.Val, index: L.Val) -> L.Val:
  from jaxpool._src.interop.convert import shapes
  if isinstance(x, L.Tensor):
    return shapes.index(b, x, index)
  i = L.python_value(index)
  if isinstance(x, L.Seq):
    picked = x.items[i]
    return L.Seq(tuple(picked)) if isinstance(i, slice) else picked
  return L.Py(f"{L.text(x)}[{L.text(index)}]", b.example())


def get_attribute(b: Builder, x: L.Val, name: L.Val) -> L.Val:
  from jaxpool._src.interop.convert import shapes
  attr = L.python_value(name)
  t = b.tensor(x)
  if attr == "shape":
    return shapes.size(b, t)
  if attr == "ndim":
    return L.const(t.rank)
  raise Unsupported(f"the tensor attribute {attr!r}")


# -- Tables. -----------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def function_table() -> dict[Any, Handler]:
  import torch
  import torch.nn.functional as TF
  import jaxpool.functional as F
  from jaxpool._src.interop.convert import shapes

  table: dict[Any, Handler] = {}
  for name in F.__all__:
    fn = getattr(TF, name, None)
    if fn is not None and callable(fn):
      table[_key(fn)] = jaxpool_function(name, fn)
  table[_key(TF.logsigmoid)] = jaxpool_function("logsigmoid", TF.logsigmoid)
  for name in DROPOUTS:
    table[_key(getattr(TF, name))] = jaxpool_function(name, getattr(TF, name))
  for name in TORCH_ALIASES:
    fn = getattr(torch, name, None)
    base = name.rstrip("_")
    if fn is not None and hasattr(F, base):
      table[_key(fn)] = jaxpool_function(base, getattr(TF, base, fn))
  for name, symbol in BINARY.items():
    for source in (operator, torch):
      fn = getattr(source, name, None)
      if fn is not None:
        table[_key(fn)] = binary(symbol)
  for name, fn in UNARY.items():
    table[_key(getattr(torch, name))] = unary(fn)
  table[_key(operator.neg)] = negate
  table[_key(torch.neg)] = negate
  table[_key(torch.clamp)] = clamp
  table[_key(torch.clip)] = clamp
  table[_key(operator.getitem)] = getitem
  table[_key(getattr)] = get_attribute
  table.update({_key(k): v for k, v in shapes.functions().items()})
  table[_key(TF.conv1d)] = shapes.conv_function(1)
  table[_key(TF.conv2d)] = shapes.conv_function(2)
  table[_key(TF.conv3d)] = shapes.conv_function(3)
  return table


@functools.lru_cache(maxsize=None)
def method_table() -> dict[str, Handler]:
  import torch
  import torch.nn.functional as TF
  import jaxpool.functional as F
  from jaxpool._src.interop.convert import shapes

  table: dict[str, Handler] = {}
  for name in F.__all__:
    if hasattr(torch.Tensor, name):
      table[name] = jaxpool_function(name, getattr(TF, name, None))
      table[name + "_"] = table[name]
  for name, symbol in BINARY.items():
    table[name] = table[name + "_"] = binary(symbol)
  for name, fn in UNARY.items():
    table[name] = table[name + "_"] = unary(fn)
  table["neg"] = negate
  table["clamp"] = table["clip"] = table["clamp_"] = clamp
  for name in ("contiguous", "clone", "detach"):
    table[name] = same
  table.update(shapes.methods())
  return table


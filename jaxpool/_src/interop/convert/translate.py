"""From the captured graph to a :class:`Program`, node by node.

The :class:`Builder` holds what the handlers (``modules.py`` for
``call_module`` nodes, ``ops.py`` and ``shapes.py`` for functions and
methods) share: each node's value (:mod:`layout`), the names in use, the
submodules, the lines written, and the problems found. A node with no
conversion is recorded and stood in for, so that one error can name them
all; the error is raised before any weight is read.
"""

from __future__ import annotations

import dataclasses
import keyword
from typing import Any, Optional

from jaxpool._src.interop.convert import capture as _capture
from jaxpool._src.interop.convert import layout as L
from jaxpool._src.interop.convert.program import Line, Program, Submodule

FN = _capture.FN
# Names the generated code uses: never a local variable's or attribute's.
RESERVED = frozenset({"F", "jnp", "jax", "nn", "nnx", "jnn", "jnnx",
                      "self", "train", "rngs", "ClassVar", "Any", "torch_paths",
                      "torch_flattened"})
MAX_PROBLEM_LINES = 20  # the whole error stays within 25 lines


class Unsupported(Exception):
  """A node the converter cannot write; the message says why (or '')."""


@dataclasses.dataclass(frozen=True)
class Problem:
  what: str     # "module a.b (torch.nn.X)", "function torch.foo", ...
  reason: str
  node: str
  where: str


class Namer:
  """Unique Python identifiers."""

  def __init__(self, taken: frozenset[str] = frozenset()) -> None:
    self.used: set[str] = set()
    self.taken = taken

  def __call__(self, wanted: str) -> str:
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in wanted)
    name = name.lstrip("_") or name  # fx's "_0" for Sequential's "0"
    if not name or name[0].isdigit():
      name = f"layer_{name}"
    while (name in self.used or name in self.taken or keyword.iskeyword(name)
           or name.startswith("__")):
      name += "_"
    self.used.add(name)
    return name


def _module_attributes() -> frozenset[str]:
  """What linen and NNX Modules already define: not attribute names."""
  import flax.linen as nn
  from flax import nnx
  return frozenset(dir(nn.Module)) | frozenset(dir(nnx.Module)) | RESERVED


class Builder:
  """What the node handlers share (see the module docstring)."""

  def __init__(self, captured: _capture.Captured, channels_last: bool):
    self.cap = captured
    self.channels_last = channels_last
    self.program = Program(captured.class_name, captured.class_name,
                           channels_last)
    self.vals: dict[str, L.Val] = {}
    self.locals = Namer(RESERVED)
    self.attrs = Namer(_module_attributes())
    self.by_path: dict[str, Submodule] = {}
    self.problems: list[Problem] = []
    self.flat_ok: set[str] = set()
    self.node: Any = None

  # -- Values. -------------------------------------------------------------

  def val(self, arg: Any) -> L.Val:
    """The value of an fx argument: a node's, a container's, a constant."""
    import torch.fx
    if isinstance(arg, torch.fx.Node):
      return self.vals[arg.name]
    if isinstance(arg, dict):
      if not all(isinstance(k, str) for k in arg):
        raise Unsupported("a dict with keys that are not strings")
      return L.Seq(tuple(self.val(v) for v in arg.values()),
                   keys=tuple(arg))
    if isinstance(arg, (tuple, list)):
      return L.Seq(tuple(self.val(a) for a in arg),
                   is_list=isinstance(arg, list))
    if isinstance(arg, slice):  # written as in a subscript: a:b:c
      parts = [self.val(p) for p in (arg.start, arg.stop, arg.step)]
      texts = ["" if isinstance(p, L.Py) and p.value is None else L.text(p)
               for p in parts]
      return L.Py(":".join(texts if texts[2] else texts[:2]),
                  slice(*(L.python_value(p) for p in parts)))
    if arg is Ellipsis:
      return L.Py("...", Ellipsis)
    if arg is None or isinstance(arg, (bool, int, float, str)):
      return L.const(arg)
    raise Unsupported(f"an argument of type {type(arg).__name__} "
                      f"({arg!r})")

  def tensor(self, arg: Any, what: str = "input") -> L.Tensor:
    v = self.val(arg) if not isinstance(arg, L.Tensor) else arg
    if not isinstance(v, L.Tensor):
      raise Unsupported(f"its {what} is not a tensor")
    return v

  def example(self, node: Any = None) -> Any:
    """What the node gave on the example input."""
    return self.cap.values.get((node or self.node).name)

  def out_shape(self) -> tuple[int, ...]:
    info = self.example()
    if not isinstance(info, _capture.TensorInfo):
      raise Unsupported("it does not return a tensor")
    return info.shape

  def default_perm(self, rank: int) -> L.Perm:
    return L.channels_last(rank) if self.channels_last else L.identity(rank)

  # -- Code. ---------------------------------------------------------------

  def comment(self) -> str:
    """The node's origin: the PyTorch module path, or the enclosing module
    and the source line."""
    node = self.node
    if node.op == "call_module":
      return str(node.target)
    stack = node.meta.get("nn_module_stack") or {}
    scope = next(reversed(stack.values()))[0] if stack else "forward"
    code = _capture.code_line(node)
    if len(code) > 60:
      code = code[:57] + "..."
    return f"{scope}: {code}" if code else scope

  def line(self, expr: str, nnx: Optional[str] = None,
           name: Optional[str] = None) -> str:
    """Writes ``name = expr`` for the current node; returns the name."""
    var = self.locals(name or self.node.name)
    self.program.lines.append(
        Line(var, expr, expr if nnx is None else nnx, self.comment()))
    return var

  def emit(self, expr: str, perm: L.Perm, *, shape: Optional[tuple] = None,
           flat: Optional[L.FlatOrder] = None,
           nnx: Optional[str] = None) -> L.Tensor:
    """A line computing a tensor; its value."""
    shape = self.out_shape() if shape is None else shape
    if len(perm) != len(shape):
      raise AssertionError(f"layout {perm} for shape {shape}")
    return L.Tensor(self.line(expr, nnx), shape, perm, flat)

  def emit_tuple(self, expr: str, perms: list[L.Perm],
                 nnx: Optional[str] = None) -> L.Seq:
    """A line computing a tuple of tensors (values and indices)."""
    info = self.example()
    var = self.line(expr, nnx)
    items = tuple(L.Tensor(f"{var}[{i}]", t.shape, p)
                  for i, (t, p) in enumerate(zip(info, perms)))
    return L.Seq(items, var)

  def to_perm(self, t: L.Tensor, perm: L.Perm) -> L.Tensor:
    """``t`` in layout ``perm`` (an inline transpose where it differs)."""
    if t.flat is not None:
      raise Unsupported("a flattened map reaches an operation other than "
                        "a Linear (internal)")
    if t.perm == perm:
      return t
    axes = L.transpose_axes(t.perm, perm)
    return L.Tensor(f"jnp.transpose({t.expr}, {axes})", t.shape, perm)

  def add_submodule(self, sub: Submodule) -> Submodule:
    self.program.submodules.append(sub)
    if sub.torch_path:
      self.by_path[sub.torch_path] = sub
    return sub

  def attr_name(self, path: str) -> str:
    return self.attrs(path.replace(".", "_"))

  # -- Problems. -----------------------------------------------------------

  def problem(self, node: Any, reason: str) -> None:
    self.problems.append(Problem(describe(node, self.cap), reason,
                                 node.name, _capture.where(node)))

  def stand_in(self, node: Any) -> L.Val:
    """A value for a node with no conversion, so that the walk goes on."""
    def make(info: Any, expr: str) -> L.Val:
      if isinstance(info, _capture.TensorInfo):
        return L.Tensor(expr, info.shape, self.default_perm(len(info.shape)))
      if isinstance(info, (tuple, list)):
        return L.Seq(tuple(make(v, f"{expr}[{i}]")
                           for i, v in enumerate(info)), expr)
      return L.Py(expr, info)
    return make(self.example(node), node.name)


def describe(node: Any, cap: _capture.Captured) -> str:
  """A node's operation, qualified: module path and class, function, method."""
  if node.op == "call_module":
    m = cap.modules.get(str(node.target))
    cls = type(m)
    return f"module {node.target} ({cls.__module__}.{cls.__qualname__})"
  if node.op == "call_method":
    return f"method Tensor.{node.target}"
  if node.op == "get_attr":
    return f"attribute {node.target}"
  target = node.target
  module = getattr(target, "__module__", None) or ""
  name = getattr(target, "__name__", str(target))
  if module in ("_operator", "operator"):
    module = "operator"
  if name == "fn" and module == "torch.nn.functional":
    name = node.name.rstrip("_0123456789")
  if module.startswith("torch._C") or not module:
    module = "torch"
  return f"function {module}.{name}"


def report(cap: _capture.Captured, problems: list[Problem]) -> str:
  """The one error for every node with no conversion, <= 25 lines."""
  groups: dict[tuple[str, str], list[Problem]] = {}
  for p in problems:
    groups.setdefault((p.what, p.reason), []).append(p)
  lines = [f"{FN}: {cap.class_name} has {len(problems)} operation(s) with no "
           "conversion (nothing was converted):"]
  for (what, reason), ps in list(groups.items())[:MAX_PROBLEM_LINES]:
    nodes = ", ".join(p.node for p in ps[:3]) + (
        f" and {len(ps) - 3} more" if len(ps) > 3 else "")
    at = f" at {ps[0].where}" if ps[0].where else ""
    why = f": {reason}" if reason else ""
    lines.append(f"  - {what}{why} (graph node {nodes}{at})")
  if len(groups) > MAX_PROBLEM_LINES:
    lines.append(f"  ... and {len(groups) - MAX_PROBLEM_LINES} more kinds")
  lines.append(
      "Converted: jaxpool's layers, Conv1d/2d/3d, BatchNorm1d/2d/3d, "
      "Dropout*, Flatten, Identity, their torch.nn.functional forms, "
      "cat/stack/flatten/view/reshape/permute/mean/sum/amax/size and "
      "+ - * /; see https://jaxpool.github.io/jaxpool/porting/.")
  return "\n".join(lines)


def translate(cap: _capture.Captured, channels_last: bool) -> Program:
  """The Program of a captured model; ValueError naming every node with no
  conversion."""
  from jaxpool._src.interop.convert import modules, ops, shapes

  b = Builder(cap, channels_last)
  b.flat_ok = shapes.flattens_feeding_linear(cap)
  for node in cap.graph.nodes:
    b.node = node
    try:
      if node.op == "placeholder":
        b.vals[node.name] = _placeholder(b, node)
      elif node.op == "get_attr":
        b.vals[node.name] = modules.get_attr(b, node)
      elif node.op == "call_module":
        b.vals[node.name] = modules.call_module(b, node)
      elif node.op in ("call_function", "call_method"):
        b.vals[node.name] = ops.call(b, node)
      elif node.op == "output":
        _output(b, node)
    except Unsupported as e:
      b.problem(node, str(e))
      b.vals[node.name] = b.stand_in(node)
  if b.problems:
    raise ValueError(report(cap, b.problems))
  return b.program


def _placeholder(b: Builder, node: Any) -> L.Val:
  info = b.example()
  if not isinstance(info, _capture.TensorInfo):
    raise Unsupported("an input that is not a tensor")
  placeholders = [n for n in b.cap.graph.nodes if n.op == "placeholder"]
  # fx names the argument "input" of nn.Sequential "input_1".
  wanted = "x" if node.name in ("input", "input_1") and len(
      placeholders) == 1 else node.name
  name = b.locals(wanted)
  b.program.inputs.append((name, "jax.Array"))
  return L.Tensor(name, info.shape, b.default_perm(len(info.shape)))


def _output(b: Builder, node: Any) -> None:
  """The return: tensors in the output layout (channels last for maps of
  rank >= 3 unless ``channels_last=False``)."""
  def convert(v: L.Val) -> tuple[L.Val, str]:
    if isinstance(v, L.Tensor):
      if v.flat is not None:
        raise Unsupported("the output is a map flattened in stored order "
                          "(internal)")
      return b.to_perm(v, b.default_perm(v.rank)), "jax.Array"
    if isinstance(v, L.Seq):
      pairs = [convert(i) for i in v.items]
      items = tuple(p for p, _ in pairs)
      same = {t for _, t in pairs}
      one = same.pop() if len(same) == 1 else "Any"
      if v.keys is not None:
        return L.Seq(items, keys=v.keys), f"dict[str, {one}]"
      if v.is_list:
        return L.Seq(items, is_list=True), f"list[{one}]"
      return L.Seq(items), f"tuple[{', '.join(t for _, t in pairs)}]"
    value = L.python_value(v)
    return v, type(value).__name__ if isinstance(
        value, (int, float, bool)) else "Any"
  out, kind = convert(b.val(node.args[0]))
  b.program.output = L.text(out)
  b.program.output_type = kind

"""Capturing a PyTorch model: its graph (``torch.fx`` symbolic tracing) and,
from one run on the example input, every node's shape or value.

The model is traced and run in eval mode (its modes restored afterwards), so
Python branches on ``self.training`` take their eval-mode path; layers with a
train/eval difference become switchable layers all the same.
"""

from __future__ import annotations

import dataclasses
import linecache
import os
import sys
import traceback
from typing import Any, Optional

import numpy as np

FN = "from_torch"
SOURCE = "jaxpool_source"  # node.meta key: (file, line, code) of its origin


@dataclasses.dataclass(frozen=True)
class TensorInfo:
  """A tensor of the example run: shape and dtype (PyTorch's)."""
  shape: tuple[int, ...]
  dtype: str


@dataclasses.dataclass
class Captured:
  """The traced graph, the model's submodules by path, and what each node
  gave on the example input (``TensorInfo``, or the Python value, or a
  tuple of them)."""
  model: Any
  graph: Any
  modules: dict[str, Any]
  values: dict[str, Any]
  inputs: tuple[TensorInfo, ...]

  @property
  def class_name(self) -> str:
    return type(self.model).__name__


def _torch_dir() -> str:
  import torch
  return os.path.dirname(torch.__file__)


def user_frame(frames: Any) -> Optional[tuple[str, int, str]]:
  """The innermost frame outside PyTorch and jaxpool: (file, line, code)."""
  inside = (_torch_dir(), os.path.dirname(os.path.dirname(__file__)))
  found = None
  for f in frames:
    if not f.filename.startswith(inside):
      found = (f.filename, f.lineno or 0, (f.line or "").strip())
  return found


def _calling_frame() -> Optional[tuple[str, int, str]]:
  """The innermost frame of the stack outside PyTorch and jaxpool (the
  model's line that made a node), without symbolising the whole stack."""
  inside = (_torch_dir(), os.path.dirname(os.path.dirname(__file__)))
  frame = sys._getframe(1)
  while frame is not None:
    filename = frame.f_code.co_filename
    if not filename.startswith(inside) and not filename.startswith("<"):
      code = linecache.getline(filename, frame.f_lineno).strip()
      return (filename, frame.f_lineno, code)
    frame = frame.f_back
  return None


def where(node: Any) -> str:
  """``file:line: code`` of a node's source, or ''."""
  frame = node.meta.get(SOURCE)
  return f"{frame[0]}:{frame[1]}: {frame[2]}" if frame else ""


def code_line(node: Any) -> str:
  """The user's source line that made a node ('' if unknown)."""
  frame = node.meta.get(SOURCE)
  return frame[2] if frame else ""


def as_tensors(example_input: Any) -> tuple[Any, ...]:
  """The example input as a tuple of torch tensors (one per argument)."""
  import torch
  items = (tuple(example_input) if isinstance(example_input, (tuple, list))
           else (example_input,))
  if not items:
    raise ValueError(f"{FN}: example_input is empty; expected a tensor or a "
                     "tuple of tensors (one per argument of forward).")
  out = []
  for i, item in enumerate(items):
    if isinstance(item, torch.Tensor):
      out.append(item.detach())
    elif isinstance(item, np.ndarray) or hasattr(item, "__array__"):
      out.append(torch.from_numpy(np.array(item)))
    else:
      raise TypeError(
          f"{FN}: example_input[{i}] is a {type(item).__name__}; expected a "
          "torch.Tensor or a NumPy array (a tuple of them for several "
          "arguments).")
  return tuple(out)


def _modes(model: Any) -> list[tuple[Any, bool]]:
  return [(m, m.training) for m in model.modules()]


def trace(model: Any) -> Any:
  """The fx graph of ``model`` (in eval mode), with source lines recorded;
  data-dependent control flow is a ValueError naming the line."""
  import torch
  import torch.fx

  if not isinstance(model, torch.nn.Module):
    raise TypeError(f"{FN}: torch_module is a {type(model).__name__}; "
                    "expected a torch.nn.Module.")
  class Tracer(torch.fx.Tracer):
    """Records each node's source line (fx's own record_stack_traces
    symbolises every stack, and imports much of PyTorch to do so)."""

    def create_node(self, *args: Any, **kwargs: Any) -> Any:
      node = super().create_node(*args, **kwargs)
      node.meta[SOURCE] = _calling_frame()
      return node

  tracer = Tracer()
  modes = _modes(model)
  model.eval()
  try:
    return tracer.trace(model)
  except Exception as e:  # noqa: BLE001 - re-raised with the user's line
    frame = user_frame(traceback.extract_tb(e.__traceback__))
    at = f" at {frame[0]}:{frame[1]}: {frame[2]}" if frame else ""
    from torch.fx.proxy import TraceError
    if isinstance(e, TraceError):
      raise ValueError(
          f"{FN}: {type(model).__name__}.forward has data-dependent control "
          f"flow{at} (an if, loop or bool() on a tensor's values), which "
          "torch.fx cannot trace; compute the branch from constructor "
          "arguments or shapes, or use torch.where.") from e
    raise ValueError(
        f"{FN}: torch.fx could not trace {type(model).__name__}.forward{at}: "
        f"{type(e).__name__}: {e}") from e
  finally:
    for m, training in modes:
      m.training = training


def run(model: Any, graph: Any, inputs: tuple[Any, ...]) -> dict[str, Any]:
  """Every node's value on ``inputs`` (tensors as ``TensorInfo``), from one
  run of the graph in eval mode without gradients."""
  import torch
  import torch.fx

  module = torch.fx.GraphModule(model, graph)
  values: dict[str, Any] = {}

  def info(v: Any) -> Any:
    if isinstance(v, torch.Tensor):
      return TensorInfo(tuple(v.shape), str(v.dtype).replace("torch.", ""))
    if isinstance(v, torch.Size):
      return tuple(int(s) for s in v)
    if isinstance(v, (tuple, list)):
      return type(v)(info(i) for i in v) if not hasattr(v, "_fields") \
          else tuple(info(i) for i in v)
    return v

  class Recorder(torch.fx.Interpreter):
    def run_node(self, n: Any) -> Any:
      result = super().run_node(n)
      values[n.name] = info(result)
      return result

  placeholders = [n for n in graph.nodes if n.op == "placeholder"]
  if len(placeholders) != len(inputs):
    raise ValueError(
        f"{FN}: {type(model).__name__}.forward takes {len(placeholders)} "
        f"input(s) ({', '.join(n.name for n in placeholders)}) but "
        f"example_input gives {len(inputs)}; pass a tuple with one tensor per "
        "input.")
  modes = _modes(model)
  model.eval()
  try:
    with torch.no_grad():
      Recorder(module).run(*inputs)
  except Exception as e:  # noqa: BLE001 - the model's own error, named
    first = str(e).strip().splitlines()[0] if str(e).strip() else ""
    raise ValueError(
        f"{FN}: {type(model).__name__}.forward fails on example_input "
        f"(shapes {[tuple(t.shape) for t in inputs]}): {type(e).__name__}: "
        f"{first}") from e
  finally:
    for m, training in modes:
      m.training = training
  return values


def capture(model: Any, example_input: Any) -> Captured:
  """Traces ``model`` and runs it once on ``example_input``."""
  inputs = as_tensors(example_input)
  graph = trace(model)
  values = run(model, graph, inputs)
  return Captured(model, graph, dict(model.named_modules()), values,
                  tuple(TensorInfo(tuple(t.shape), str(t.dtype)) for t in
                        inputs))

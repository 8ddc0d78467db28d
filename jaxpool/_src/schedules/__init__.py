"""Schedules: how a window reduction is computed, one per kind of backend.

The family modules (``pool/``) say what to compute; a schedule says how:

- ``cpu`` (:mod:`.cpu`): tuned for XLA:CPU.
- ``xla`` (:mod:`.xla`): portable, for GPU and TPU.

Both give the same values, indices and gradients (PyTorch's). By default
(``auto``) a program carries the schedule of the platform it is traced for
(:func:`run`): ``cpu`` on CPU, ``xla`` on cuda, rocm and tpu; inside
``jax.export`` it carries both and XLA keeps the one for each platform it is
lowered for (``lax.platform_dependent``), so an export for several
platforms holds the right one for each. ``JAXPOOL_SCHEDULE=cpu|xla`` or
:func:`schedule` forces one. A new backend's schedule is a module with the
functions of :class:`.contract.Schedule` (what the families call),
registered in ``_SCHEDULES`` and, if it should be the default somewhere, in
:func:`run`.

Beside the schedules: :mod:`.separable`, the axis-at-a-time reductions of
adaptive and fractional pooling, which take a schedule's ``store``, and
:mod:`.scatter`, unpooling by one scatter, which both schedules use.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

import jax
from jax import lax
from jax.core import Tracer

from jaxpool._src.schedules import cpu
from jaxpool._src.schedules import xla
from jaxpool._src.schedules.contract import Schedule

_SCHEDULES: dict[str, Schedule] = {"cpu": cpu, "xla": xla}
CHOICES = ("auto", *_SCHEDULES)
ENV_VAR = "JAXPOOL_SCHEDULE"

_forced: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "jaxpool_schedule", default=None)


def _check(where: str, name: object) -> str:
  if not isinstance(name, str):
    raise TypeError(f"{where}: the schedule must be a str, one of "
                    f"{', '.join(map(repr, CHOICES))}; got {name!r}.")
  if name not in CHOICES:
    raise ValueError(f"{where}: unknown schedule {name!r}; expected one of "
                     f"{', '.join(map(repr, CHOICES))}.")
  return name


def requested() -> str:
  """The schedule asked for: :func:`schedule`'s, else ``$JAXPOOL_SCHEDULE``,
  else ``"auto"``."""
  forced = _forced.get()
  if forced is not None:
    return forced
  return _check(f"jaxpool: environment variable {ENV_VAR}",
                os.environ.get(ENV_VAR, "auto") or "auto")


@contextlib.contextmanager
def schedule(name: str) -> Iterator[None]:
  """Computes jaxpool's pooling with the schedule ``name`` inside the block.

  ``"auto"`` (the default) uses the ``cpu`` schedule on CPU and the
  portable ``xla`` schedule on GPU and TPU, chosen for the platform a
  function is traced for (both, chosen per platform, inside ``jax.export``);
  ``"cpu"`` or ``"xla"`` forces one on every platform (the
  environment variable ``JAXPOOL_SCHEDULE`` sets the default). Both give
  the same numbers; the choice is made when a function is traced, so a
  ``jax.jit`` function traced before keeps the schedule it was traced with.

  Args:
    name: ``"auto"``, ``"cpu"`` or ``"xla"``.

  Raises:
    ValueError: for an unknown name. TypeError: for a non-string.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool
    >>> import jaxpool.functional as F
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)
    >>> with jaxpool.schedule("xla"):
    ...   y = F.max_pool2d(x, 2)
    >>> y[..., 0]
    Array([[[ 5.,  7.],
            [13., 15.]]], dtype=float32)
  """
  token = _forced.set(_check("jaxpool.schedule", name))
  try:
    yield
  finally:
    _forced.reset(token)


def get(name: str) -> Schedule:
  """The schedule module ``name`` (``"cpu"`` or ``"xla"``)."""
  return _SCHEDULES[name]


# The platform ``auto`` gives each schedule; any other gets ``xla``.
AUTO = {"cpu": "cpu"}

# The module of ``jax.export``'s tracing (``export`` and jax2tf's internal
# entry): a program it traces may be lowered for several platforms.
_EXPORT_MODULE = jax.export.export.__module__


def _exporting() -> bool:
  """Whether ``jax.export`` is tracing the caller (its frames are on the
  stack)."""
  frame = sys._getframe(1)
  while frame is not None:
    if frame.f_globals.get("__name__") == _EXPORT_MODULE:
      return True
    frame = frame.f_back
  return False


def traced_platform() -> str | None:
  """The platform a program traced now will be compiled for, if known:
  that of JAX's default device (``jax.default_device`` or the default
  backend), unless ``jax.export`` is tracing, which may lower for any
  platforms (None)."""
  if _exporting():
    return None
  # (a flag JAX's type stubs do not declare)
  device = getattr(jax.config, "jax_default_device")
  if device is None:
    return jax.default_backend()
  return device if isinstance(device, str) else device.platform


def run(core: Callable[..., Any], arrays: tuple, static: tuple) -> Any:
  """``core(*arrays, *static, schedule_name)`` under the requested schedule.

  Under ``auto``, the schedule of the platform the program is traced for
  (:func:`traced_platform`): ``cpu`` on CPU, ``xla`` elsewhere. Where that
  is not known (inside ``jax.export``), both schedules are traced and
  ``lax.platform_dependent`` keeps the one for each platform the program is
  lowered for; the other is never lowered.

  ``core`` is jitted, so that an eager call compiles one program; inside a
  trace its Python function is called instead (an inner jit would only be
  inlined, after JAX traced, linearized and partially evaluated it apart).
  """
  name = requested()
  if any(isinstance(a, Tracer) for a in jax.tree.leaves(arrays)):
    core = getattr(core, "__wrapped__", core)
  if name == "auto":
    platform = traced_platform()
    if platform is not None:
      name = AUTO.get(platform, "xla")
  if name != "auto":
    return core(*arrays, *static, name)
  return lax.platform_dependent(
      *arrays,
      **{p: (lambda *a, s=s: core(*a, *static, s)) for p, s in AUTO.items()},
      default=lambda *a: core(*a, *static, "xla"))

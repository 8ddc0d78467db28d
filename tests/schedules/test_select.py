"""Choosing a schedule: the platform by default, JAXPOOL_SCHEDULE, and
``jaxpool.schedule``; the choice reaches every jitted core."""

import subprocess
import sys

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import jaxpool
import jaxpool.functional as F
from jaxpool._src import schedules


def _has_reduce_window(x):
  # A new function each time: jit caches traces per function, and the
  # schedule is chosen when tracing (as documented).
  fn = lambda x: F.max_pool2d(x, 3, 2, 1)
  return "reduce_window" in jax.jit(fn).lower(x).as_text()


def test_context_manager_forces_a_schedule_and_restores():
  x = jnp.zeros((2, 8, 8, 3))
  with jaxpool.schedule("xla"):
    assert schedules.requested() == "xla"
    assert _has_reduce_window(x)
    with jaxpool.schedule("cpu"):
      assert not _has_reduce_window(x)
    assert schedules.requested() == "xla"
  with jaxpool.schedule("auto"):
    assert not _has_reduce_window(x)  # this is a CPU


def test_eager_calls_follow_the_schedule():
  """The jitted cores take the schedule as a static argument: an eager
  call under another schedule compiles anew instead of reusing a trace."""
  x = jnp.asarray(np.random.default_rng(0).standard_normal((2, 8, 8, 3)),
                  jnp.float32)
  got = {}
  for name in ("cpu", "xla", "auto"):
    with jaxpool.schedule(name):
      got[name] = F.max_pool2d(x, 3, 2, 1, return_indices=True)
      assert schedules.requested() == name
  for name in ("xla", "auto"):
    np.testing.assert_array_equal(got[name][0], got["cpu"][0])
    np.testing.assert_array_equal(got[name][1], got["cpu"][1])


@pytest.mark.parametrize("name, error", [
    ("gpu", ValueError), ("CPU", ValueError), ("", ValueError),
    (None, TypeError), (1, TypeError)])
def test_bad_schedule_names_are_rejected(name, error):
  with pytest.raises(error, match=r"jaxpool.schedule.*'auto', 'cpu', 'xla'"):
    with jaxpool.schedule(name):
      pass


def _run_with_env(value, code):
  return subprocess.run(
      [sys.executable, "-c", code], capture_output=True, text=True,
      env={**__import__("os").environ, schedules.ENV_VAR: value}, timeout=120)


def test_environment_variable_sets_the_default():
  code = ("import jaxpool._src.schedules as s, jaxpool.functional as F, "
          "jax.numpy as jnp; F.max_pool1d(jnp.zeros((1, 4, 1)), 2); "
          "print(s.requested())")
  for value in ("cpu", "xla", "auto"):
    result = _run_with_env(value, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == value
  result = _run_with_env("tpu", code)
  assert result.returncode != 0
  assert "JAXPOOL_SCHEDULE" in result.stderr and "'tpu'" in result.stderr

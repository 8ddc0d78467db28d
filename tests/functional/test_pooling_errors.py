"""Every invalid argument raises a clear error at call/trace time, naming the
function, the argument and the value."""

import re

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax.experimental import checkify

import jaxpool.functional as F
import jaxpool.nn as jnn
from tests.conftest import torch_or_skip

X2 = jnp.zeros((2, 8, 8, 3))


@pytest.mark.parametrize("call, error, match", [
    (lambda: F.max_pool2d(X2, 0), ValueError,
     r"max_pool2d: kernel_size=0 must be positive"),
    (lambda: F.max_pool2d(X2, (2, -1)), ValueError,
     r"max_pool2d: kernel_size=\(2, -1\) must be positive"),
    (lambda: F.avg_pool2d(X2, 2, 0), ValueError,
     r"avg_pool2d: stride=0 must be positive"),
    (lambda: F.max_pool1d(jnp.zeros((1, 8, 2)), 2, dilation=0), ValueError,
     r"max_pool1d: dilation=0 must be positive"),
    (lambda: F.max_pool2d(X2, 3, padding=-1), ValueError,
     r"max_pool2d: padding=-1 must be non-negative"),
    (lambda: F.max_pool2d(X2, 3, padding=((0, -1), (0, 0))), ValueError,
     r"max_pool2d: padding=.* must be non-negative"),
    (lambda: F.max_pool2d(X2, 3, padding=2), ValueError,
     r"max_pool2d: padding=2 must be at most half of kernel_size=3"),
    (lambda: F.max_pool2d(X2, 3, padding=2, dilation=2), ValueError,
     r"max_pool2d: padding=2 must be at most half .*before dilation"),
    (lambda: F.avg_pool3d(jnp.zeros((1, 4, 4, 4, 1)), 2, padding=(0, 0, 2)),
     ValueError, r"avg_pool3d: padding=\(0, 0, 2\) must be at most half"),
    (lambda: F.max_pool2d(X2, 9), ValueError,
     r"max_pool2d: output size is too small: input size 8 with kernel_size=9"),
    (lambda: F.max_pool1d(jnp.zeros((1, 5, 1)), 3, dilation=3), ValueError,
     r"max_pool1d: output size is too small"),
    (lambda: F.max_pool2d(X2, (2, 2, 2)), ValueError,
     r"max_pool2d: kernel_size=\(2, 2, 2\) has 3 entries; expected an int or "
     r"a sequence of 1 or 2 ints"),
    (lambda: F.avg_pool2d(X2, 2, stride=(1, 1, 1)), ValueError,
     r"avg_pool2d: stride=\(1, 1, 1\) has 3 entries"),
    (lambda: F.max_pool2d(X2, 2, padding=((1, 1),)), ValueError,
     r"max_pool2d: padding=.* must hold exactly 2 \(lo, hi\) pairs"),
    (lambda: F.max_pool2d(X2, 2, padding="FULL"), ValueError,
     r"max_pool2d: padding='FULL' is not a recognised padding string"),
    (lambda: F.max_pool2d(X2, 2.0), TypeError,
     r"max_pool2d: kernel_size=2.0 is not an int or a sequence of ints"),
    (lambda: F.max_pool2d(X2, True), TypeError,
     r"max_pool2d: kernel_size=True is not an int"),
    (lambda: F.max_pool2d(X2, 2, ceil_mode=1), TypeError,
     r"max_pool2d: ceil_mode=1 must be a bool"),
    (lambda: F.max_pool2d(X2, 2, channels_last="yes"), TypeError,
     r"max_pool2d: channels_last='yes' must be a bool"),
    (lambda: F.max_pool2d(jnp.zeros((8, 8)), 2), ValueError,
     r"max_pool2d: input has shape \(8, 8\) \(rank 2\); expected rank 4 "
     r"\(N, H, W, C\) or rank 3"),
    (lambda: F.avg_pool1d(jnp.zeros((1, 2, 3, 4)), 2), ValueError,
     r"avg_pool1d: input has shape \(1, 2, 3, 4\) \(rank 4\); expected rank 3"),
    (lambda: F.max_pool3d(X2[0], 2, channels_last=False), ValueError,
     r"max_pool3d: input .* expected rank 5 \(N, C, D, H, W\)"),
    (lambda: F.avg_pool2d(X2, 2, divisor_override=0), ValueError,
     r"avg_pool2d: divisor_override=0 must be non-zero"),
    (lambda: F.avg_pool2d(X2, 2, divisor_override=1.5), TypeError,
     r"avg_pool2d: divisor_override=1.5 must be an int"),
    (lambda: F.avg_pool2d(jnp.zeros((1, 4, 4, 1), jnp.int32), 2), TypeError,
     r"avg_pool2d: input dtype int32 is not supported; expected a floating"),
    (lambda: F.lp_pool2d(jnp.zeros((1, 4, 4, 1), jnp.int32), 2, 2), TypeError,
     r"lp_pool2d: input dtype int32"),
    (lambda: F.max_pool2d(jnp.zeros((1, 4, 4, 1), bool), 2), TypeError,
     r"max_pool2d: input dtype bool is not supported"),
    (lambda: F.lp_pool2d(X2, 0, 2), ValueError,
     r"lp_pool2d: norm_type=0 must be non-zero"),
    (lambda: F.lp_pool2d(X2, "2", 2), TypeError,
     r"lp_pool2d: norm_type='2' must be a real number"),
])
def test_invalid_arguments_raise(call, error, match):
  with pytest.raises(error, match=match):
    call()


def test_errors_raise_at_trace_time_under_jit():
  with pytest.raises(ValueError, match=r"max_pool2d: padding=2 must be at most"):
    jax.jit(lambda x: F.max_pool2d(x, 3, padding=2))(X2)
  with pytest.raises(ValueError, match=r"AvgPool|avg_pool2d: kernel_size=0"):
    jnn.AvgPool2d(0).apply({}, X2)


V, I = F.max_pool2d(jnp.arange(32.).reshape(2, 4, 4, 1), 2, return_indices=True)


@pytest.mark.parametrize("call, error, match", [
    (lambda: F.max_unpool2d(V, I[:, :1], 2), ValueError,
     r"max_unpool2d: indices shape \(2, 1, 2, 1\) must equal input shape "
     r"\(2, 2, 2, 1\)"),
    (lambda: F.max_unpool2d(V, I.astype(jnp.float32), 2), TypeError,
     r"max_unpool2d: indices dtype float32 must be an integer dtype"),
    (lambda: F.max_unpool2d(V, I, 2, output_size=(6, 4)), ValueError,
     r"max_unpool2d: output_size=\(6, 4\) is invalid: spatial dim 0 is 6, "
     r"outside the sizes 3 to 5 that stride 2 reaches from the default 4"),
    (lambda: F.max_unpool2d(V, I, 2, output_size=(4,)), ValueError,
     r"max_unpool2d: output_size=\(4,\) must have 2 entries \(spatial\) or 4"),
    (lambda: F.max_unpool2d(V, I, 2, output_size=(3, 4, 4, 1)), ValueError,
     r"max_unpool2d: output_size=\(3, 4, 4, 1\) gives the full output shape, "
     r"but its non-spatial dims differ"),
    (lambda: F.max_unpool2d(V, I, 2, output_size="4x4"), TypeError,
     r"max_unpool2d: output_size='4x4' must be a sequence of ints"),
    (lambda: F.max_unpool2d(V, I, 2, padding="SAME"), ValueError,
     r"max_unpool2d: padding='SAME' must be an int"),
    (lambda: F.max_unpool2d(V, I + 100, 2), ValueError,
     r"max_unpool2d: found an invalid max index 105 \(the output planes have "
     r"16 elements"),
    (lambda: F.max_unpool2d(V, I - 100, 2), ValueError,
     r"max_unpool2d: found an invalid max index -95"),
    (lambda: F.max_unpool1d(V, I, 2), ValueError,
     r"max_unpool1d: input has shape \(2, 2, 2, 1\).* expected rank 3"),
])
def test_invalid_unpool_arguments_raise(call, error, match):
  with pytest.raises(error, match=match):
    call()


def test_unpool_out_of_range_indices_under_jit_are_dropped_or_checked():
  bad = I.at[0, 0, 0, 0].set(99).at[1, 1, 1, 0].set(-1)
  unpool = lambda v, i: F.max_unpool2d(v, i, 2)
  out = jax.jit(unpool)(V, bad)
  want = np.array(F.max_unpool2d(V, I, 2))
  want[0, 1, 1, 0] = 0.0  # the dropped values do not appear anywhere
  want[1, 3, 3, 0] = 0.0
  np.testing.assert_array_equal(out, want)
  g = jax.jit(jax.grad(lambda v, i: unpool(v, i).sum()))(V, bad)
  assert g[0, 0, 0, 0] == 0 and g[1, 1, 1, 0] == 0 and g[0, 0, 1, 0] == 1

  checked = jax.jit(checkify.checkify(
      lambda v, i: F.max_unpool2d(v, i, 2, check_indices=True)))
  err, _ = checked(V, bad)
  with pytest.raises(checkify.JaxRuntimeError,
                     match=r"max_unpool2d: found an invalid max index"):
    err.throw()
  err, out_ok = checked(V, I)
  err.throw()  # valid indices: no error
  np.testing.assert_array_equal(out_ok, F.max_unpool2d(V, I, 2))


# ---- PyTorch 2.13's shape rules, each boundary tested on both sides ---------
#
# A case is a jaxpool call on channels-first input, the same PyTorch call and
# the jaxpool error pattern (None where accepted); where PyTorch is installed,
# test_shape_rules_match_torch checks that PyTorch raises exactly there too.

KEY = jax.random.key(0)


def _both(name, x_shape, *args, jax_kw=None, **kw):
  def jax_call():
    return getattr(F, name)(jnp.ones(x_shape), *args, channels_last=False,
                            **kw, **(jax_kw or {}))

  def torch_call():
    import torch
    return getattr(torch.nn.functional, name)(torch.ones(x_shape), *args,
                                              **kw)
  return jax_call, torch_call


def _frac(n, x_shape, k, out):
  return _both(f"fractional_max_pool{n}d", x_shape, k, output_size=out,
               jax_kw={"key": KEY})


_SMALL = r"{fn}: input spatial size .* is smaller than kernel_size=.* \({lt}\)"
_SHAPE_CASES = [
    # avg_pool3d / lp_pool3d: every spatial size >= kernel, padding not
    # counted (pool3d_shape_check's check_input_size), in each dim.
    (*_both("avg_pool3d", (1, 1, 3, 3, 3), (3, 1, 1)), None),
    (*_both("avg_pool3d", (1, 1, 2, 3, 3), (3, 1, 1), padding=(1, 0, 0)),
     _SMALL.format(fn="avg_pool3d", lt="2 < 3")),
    (*_both("avg_pool3d", (1, 1, 3, 2, 3), (1, 3, 1), 1, (0, 1, 0), True),
     _SMALL.format(fn="avg_pool3d", lt="2 < 3")),
    (*_both("avg_pool3d", (1, 1, 3, 3, 4), (1, 1, 4), padding=(0, 0, 2)),
     None),
    (*_both("avg_pool3d", (1, 1, 3, 3, 3), (1, 1, 4), padding=(0, 0, 2)),
     _SMALL.format(fn="avg_pool3d", lt="3 < 4")),
    (*_both("lp_pool3d", (1, 1, 3, 3, 2), 2, (1, 1, 2), ceil_mode=True), None),
    (*_both("lp_pool3d", (1, 1, 3, 3, 1), 2, (1, 1, 2), ceil_mode=True),
     _SMALL.format(fn="lp_pool3d", lt="1 < 2")),
    # ... which 1-d/2-d pooling and max_pool3d do not have.
    (*_both("avg_pool2d", (1, 1, 2, 3), (3, 1), padding=(1, 0)), None),
    (*_both("avg_pool1d", (1, 1, 1), 2, 2, 1), None),
    (*_both("lp_pool2d", (1, 1, 1, 3), 2, (2, 1), ceil_mode=True), None),
    (*_both("max_pool3d", (1, 1, 2, 3, 3), (3, 1, 1), padding=(1, 0, 0)),
     None),
    # fractional_max_pool2d: output + kernel - 1 <= input; 3-d: < input.
    (*_frac(2, (1, 1, 3, 5), 2, (2, 2)), None),
    (*_frac(2, (1, 1, 3, 5), 2, (3, 2)),
     r"fractional_max_pool2d: kernel_size=2 is too large .* in dim H, kernel "
     r"2 and output 3 need output \+ kernel - 1 <= input .* got 3 \+ 2 - 1 > "
     r"3\. Expected a kernel of at most 1 there"),
    (*_frac(2, (1, 1, 5, 3), (1, 3), (2, 1)), None),
    (*_frac(2, (1, 1, 5, 3), (1, 3), (2, 2)),
     r"in dim W, kernel 3 and output 2 .* 2 \+ 3 - 1 > 3"),
    (*_frac(3, (1, 1, 4, 5, 5), 2, (2, 2, 2)), None),
    (*_frac(3, (1, 1, 3, 5, 5), 2, (2, 2, 2)),
     r"fractional_max_pool3d: kernel_size=2 is too large .* in dim D, kernel "
     r"2 and output 2 need output \+ kernel - 1 < input .* got 2 \+ 2 - 1 >= "
     r"3\. Expected a kernel of at most 1 there for output 2"),
    (*_frac(3, (1, 1, 5, 3, 5), 2, (2, 1, 2)), None),
    (*_frac(3, (1, 1, 5, 3, 5), 2, (2, 2, 2)),
     r"in dim H, kernel 2 and output 2 .* 2 \+ 2 - 1 >= 3"),
    (*_frac(3, (1, 1, 5, 5, 2), 1, (2, 2, 1)), None),
    (*_frac(3, (1, 1, 5, 5, 2), 1, (2, 2, 2)),
     r"in dim W, kernel 1 and output 2 .* 2 \+ 1 - 1 >= 2\. Expected an "
     r"output of at most 1 there"),
    (*_frac(3, (1, 1, 1, 5, 5), 1, 1),
     r"1 \+ 1 - 1 >= 1\. Expected an input size of at least 2 there"),
]


@pytest.mark.parametrize("jax_call, torch_call, match", _SHAPE_CASES)
def test_shape_rules(jax_call, torch_call, match):
  del torch_call
  if match is None:
    jax_call()
  else:
    with pytest.raises(ValueError, match=match):
      jax_call()


@pytest.mark.parametrize("jax_call, torch_call, match", _SHAPE_CASES)
def test_shape_rules_match_torch(jax_call, torch_call, match):
  del jax_call
  torch_or_skip()
  if match is None:
    torch_call()
  else:
    with pytest.raises(RuntimeError):
      torch_call()


# Empty dims. PyTorch's rule per family, over the dims of its (N, C, *S) or
# (C, *S) input; jaxpool applies it to the same dims in either layout.
def _empty_calls(n):
  calls = {
      "max_pool": (f"max_pool{n}d", (1,), {}),
      "avg_pool": (f"avg_pool{n}d", (1,), {}),
      "lp_pool": (f"lp_pool{n}d", (2, 1), {}),
      "adaptive_max_pool": (f"adaptive_max_pool{n}d", (2,), {}),
      "adaptive_avg_pool": (f"adaptive_avg_pool{n}d", (2,), {}),
      "adaptive_avg_pool_to_1": (f"adaptive_avg_pool{n}d", (1,), {}),
      "max_unpool": (f"max_unpool{n}d", (1,), {}),
  }
  if n > 1:
    calls["fractional_max_pool"] = (f"fractional_max_pool{n}d", (1,),
                                    {"output_size": 1})
  return calls


def _may_be_empty(family, n, batched, dim):
  """PyTorch 2.13's rule: may torch dim ``dim`` be 0?"""
  if family in ("max_pool", "avg_pool", "lp_pool"):
    return batched and dim == 0  # pool2d/pool3d_shape_check
  if family == "adaptive_avg_pool_to_1":
    return dim < batched + 1  # jaxpool: spatial dims non-empty (see below)
  if family == "adaptive_avg_pool" and n < 3:
    return dim < batched + 1  # only the last two dims are checked
  return dim == 0  # ATen checks dims 1..: the leading dim may be empty


_EMPTY_CASES = [
    (family, n, batched, dim)
    for n in (1, 2, 3) for family in _empty_calls(n)
    for batched in (False, True) for dim in range(n + 1 + batched)]


def _empty_input(n, batched, dim, channels_last):
  shape = [2] * (n + 1 + batched)
  shape[dim] = 0
  if channels_last:  # the same dims, channels moved last
    c = int(batched)
    shape = shape[:c] + shape[c + 1:] + [shape[c]]
  return tuple(shape)


@pytest.mark.parametrize("family, n, batched, dim", _EMPTY_CASES)
@pytest.mark.parametrize("channels_last", [False, True])
def test_empty_dims(family, n, batched, dim, channels_last):
  name, args, kw = _empty_calls(n)[family]
  shape = _empty_input(n, batched, dim, channels_last)
  x = jnp.ones(shape)
  if family == "max_unpool":
    args = (jnp.zeros(shape, jnp.int32),) + args
  if family == "fractional_max_pool":
    kw = dict(kw, key=KEY)
  call = lambda: getattr(F, name)(x, *args, channels_last=channels_last, **kw)
  if _may_be_empty(family, n, batched, dim):
    out = call()
    assert 0 in out.shape
  else:
    what = ("spatial dimension" if dim > batched else
            "channel dimension" if dim == batched else "batch dimension")
    with pytest.raises(ValueError, match=(
        rf"{name}: input has shape {re.escape(str(shape))} with an empty "
        rf"{what} .*; expected non-zero .*spatial sizes")):
      call()


@pytest.mark.parametrize("family, n, batched, dim", _EMPTY_CASES)
def test_empty_dims_match_torch(family, n, batched, dim):
  torch = torch_or_skip()
  name, args, kw = _empty_calls(n)[family]
  shape = _empty_input(n, batched, dim, False)
  x = torch.ones(shape)
  if family == "max_unpool":
    args = (torch.zeros(shape, dtype=torch.long),) + args
  call = lambda: getattr(torch.nn.functional, name)(x, *args, **kw)
  if family == "adaptive_avg_pool_to_1" and dim > batched:
    # PyTorch takes a mean here and gives NaN for empty spatial dims;
    # jaxpool raises (its bins need a non-empty input).
    assert torch.isnan(call()).all()
  elif _may_be_empty(family, n, batched, dim):
    call()
  else:
    with pytest.raises(RuntimeError, match="non-zero|non-batch|Expected"):
      call()


def test_empty_leading_dim_unpools_to_zeros():
  x = jnp.ones((0, 2, 2))  # unbatched, channels first: 0 channels
  out = F.max_unpool2d(x, jnp.zeros(x.shape, jnp.int32), 2,
                       channels_last=False)
  assert out.shape == (0, 4, 4)


# max_unpool: default - stride < output_size < default + stride, >= 0.
@pytest.mark.parametrize("size, ok", [
    ((3, 4), True), ((5, 4), True), ((2, 4), False), ((6, 4), False),
    ((4, 5), True), ((4, 6), False)])
def test_unpool_output_size_range(size, ok):
  x, i = jnp.ones((1, 1, 2, 2)), jnp.zeros((1, 1, 2, 2), jnp.int32)
  call = lambda: F.max_unpool2d(x, i, 2, output_size=size,
                                channels_last=False)
  if ok:
    assert call().shape == (1, 1) + size
  else:
    with pytest.raises(ValueError, match=(
        rf"max_unpool2d: output_size={re.escape(str(size))} is invalid: "
        r"spatial dim \d is \d, outside the sizes 3 to 5 that stride 2 "
        r"reaches from the default 4 .* expected spatial sizes in "
        r"\(3\.\.5, 3\.\.5\) per dim, e\.g\. output_size=\((3|4|5), (4|5)\)")):
      call()
  torch = torch_or_skip()
  tcall = lambda: torch.nn.functional.max_unpool2d(
      torch.ones(1, 1, 2, 2), torch.zeros(1, 1, 2, 2, dtype=torch.long), 2,
      output_size=size)
  if ok:
    tcall()
  else:
    with pytest.raises(ValueError, match="invalid output_size"):
      tcall()


def test_unpool_negative_output_size_raises():
  # default 1, stride 3: PyTorch's range (-2, 4) minus negative sizes.
  x, i = jnp.ones((1, 1, 1)), jnp.zeros((1, 1, 1), jnp.int32)
  with pytest.raises(ValueError, match=(
      r"max_unpool1d: output_size=\(-1,\) is invalid: spatial dim 0 is -1, "
      r"outside the sizes 0 to 3 .* e\.g\. output_size=\(0,\)")):
    F.max_unpool1d(x, i, 1, 3, output_size=(-1,), channels_last=False)

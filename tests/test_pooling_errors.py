"""Every invalid argument raises a clear error at call/trace time, naming the
function, the argument and the value."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax.experimental import checkify

import jaxpool.functional as F
import jaxpool.nn as jnn

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
     r"max_unpool2d: output_size=\(6, 4\) is invalid: spatial dim 0 must lie "
     r"strictly between 2 and 6"),
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

"""Docstring text shared by several layer families, as template fields.

Every docstring template is filled per rank with ``n``, ``sp`` (the spatial
dims) and ``index`` (the flat index formula), plus its family's fields
(these snippets, which may themselves use the rank fields).
"""

# The spatial dims, and the flat index of a cell within its (sample, channel)
# plane, as docstrings spell them per rank.
SPATIAL = {1: "L", 2: "H, W", 3: "D, H, W"}
INDEX = {1: "``w``", 2: "``h * W + w``", 3: "``d * H * W + h * W + w``"}


def rank_fields(n: int) -> dict[str, object]:
  """The fields every template may use for rank ``n`` (0: rank-free)."""
  return dict(n=n, sp=SPATIAL.get(n, ""), index=INDEX.get(n, ""))


KERNEL_STRIDE_ARGS = """\
    kernel_size: window size: an int or {n} ints.
    stride: window stride: an int or {n} ints; ``None`` (default) means
      ``kernel_size``."""

PADDING_ARG = """\
    padding: implicit padding on both sides ({fill}): an int, {n} ints, {n}
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel)."""

LAYOUT_ARG = """\
    channels_last: ``True`` (default) for ``(N, {sp}, C)`` input, ``False``
      for PyTorch's ``(N, C, {sp})``. The numbers are the same either way."""

WINDOW_SHAPE = """\
  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L + pad_lo + pad_hi - {dil}(kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L + pad_lo``
    (the last window must start inside the input or the left padding). An
    output length below 1 is an error."""

# The same, for the research layers, which PyTorch lacks (so no "PyTorch's").
RESEARCH_LAYOUT_ARG = """\
    channels_last: ``True`` (default) for ``(N, {sp}, C)`` input, ``False``
      for ``(N, C, {sp})``. The numbers are the same either way."""

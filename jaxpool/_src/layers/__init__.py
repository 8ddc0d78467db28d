"""Every public layer and per-rank function, defined once (see base.py).

``FAMILIES`` lists the definition modules; ``tools/generate_layers.py``
writes, for each, ``jaxpool/_src/api/<family>.py`` (its per-rank functions,
if any), ``jaxpool/_src/linen/<family>.py`` and ``jaxpool/_src/nnx/<family>.py``.
"""

FAMILIES = (
    # Pooling.
    "max_pool", "max_unpool", "avg_pool", "adaptive", "global_pool", "fractional",
    "stochastic_pool", "learned_pool", "blur_pool", "pyramid_pool",
    # Linear layers and activations.
    "linear", "activations_piecewise", "activations_smooth",
    "activations_axis",
)

"""Every public layer and per-rank function, defined once (see base.py)."""

# The definition modules, in the order their names are listed.
FAMILIES = ("max_pool", "avg_pool", "adaptive", "global_pool", "fractional",
            "linear", "stochastic_pool", "learned_pool", "blur_pool",
            "pyramid_pool")

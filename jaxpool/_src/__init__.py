"""jaxpool's implementation; the public names are in jaxpool.functional, jaxpool.nn, jaxpool.interop."""

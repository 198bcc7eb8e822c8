// Intentionally empty: the target only provides the entry points in FuzzEntryPoints.c.

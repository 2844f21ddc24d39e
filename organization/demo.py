"""Demo data hooks: each app above organization registers its loaders from AppConfig.ready(),
so `seed_demo` (which lives here, on the ground floor) imports none of them.

A store loader is called as `loader(store, users)` with the demo users by username; a scale loader
as `loader(total, stores=..., report=...)` and reports its own progress. Both must be idempotent.
"""

store_loaders: list = []
scale_loaders: list = []


def on_demo_store(loader):
    store_loaders.append(loader)
    return loader


def on_scale(loader):
    scale_loaders.append(loader)
    return loader

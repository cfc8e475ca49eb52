"""The domain layer: tables, rules and state changes, shared by /v3 and /_emulator."""
import importlib
import pkgutil


def load_all() -> None:
    """Import every domain module, so each registers its tables."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")

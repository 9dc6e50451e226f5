"""Run every benchmark in this package with its defaults: ``python -m benchmarks``."""

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    status = 0
    names = sorted(
        module.name
        for module in pkgutil.iter_modules([str(Path(__file__).parent)])
        if not module.name.startswith("_")
    )
    for name in names:
        print(f"== benchmarks.{name}", flush=True)
        module = importlib.import_module(f"benchmarks.{name}")
        status |= module.main([]) or 0
        print(flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())

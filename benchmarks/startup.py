"""Start-up time: median wall time of gapplan commands against bare interpreter and import floors.

Run: python benchmarks/startup.py [RUNS]   (default 20 runs each, alternating commands)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

COMMANDS: dict[str, list[str]] = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "import typer": [sys.executable, "-c", "import typer"],
    "import typer, yaml, pydantic, rich.console": [
        sys.executable,
        "-c",
        "import typer, yaml, pydantic, rich.console",
    ],
    "plan's import floor": [
        sys.executable,
        "-c",
        "import typer, yaml, pydantic, networkx, highspy, rich.console",
    ],
    "gapplan --help": [sys.executable, "-m", "gapplan", "--help"],
    "gapplan roles": [sys.executable, "-m", "gapplan", "roles"],
    "gapplan plan --goal data-analyst": [sys.executable, "-m", "gapplan", "plan", "--goal", "data-analyst"],
}


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, cmd in COMMANDS.items():  # alternate, so drift hits every command alike
            t0 = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            times[name].append((time.perf_counter() - t0) * 1000)
    base = statistics.median(times["python -c pass"])
    print(f"{'command':45} {'median ms':>10} {'x python':>9}")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"{name:45} {med:10.1f} {med / base:9.2f}")


if __name__ == "__main__":
    main()

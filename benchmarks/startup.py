"""Start-up time: median wall time of gapplan commands against the bare interpreter and import floors.

Run: ``python benchmarks/startup.py [RUNS]`` (default 20 runs of each command, alternating, so drift hits
every command alike). What is measured is what an installed user sees on a second run:

- gapplan's ``.pyc`` files are compiled first (``python -m compileall``), and every subprocess runs with
  ``PYTHONDONTWRITEBYTECODE`` removed from its environment (a wheel install has its bytecode; a checkout
  run with that variable set would recompile gapplan on every start);
- the subprocesses share a fresh ``XDG_CACHE_HOME`` (``GAPPLAN_NO_CACHE`` removed), and each gapplan
  command runs once, untimed, before the timed runs, so the catalog cache is written and then hit;
- the gapplan commands run through the installed ``gapplan`` console script, as users start it.

Then the ratios of ``../shared/PERFORMANCE.md`` with their verdicts: ``gapplan --help`` over
``import typer``, ``gapplan roles`` over ``import typer, yaml, pydantic, rich.console`` and
``gapplan plan --goal data-analyst`` over ``import typer, yaml, pydantic, networkx, highspy,
rich.console``.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _targets import Verdict, report

PY = sys.executable
_script = Path(PY).parent / "gapplan"
GAPPLAN = [str(_script)] if _script.is_file() else [PY, "-m", "gapplan"]

FLOORS: dict[str, list[str]] = {
    "python -c pass": [PY, "-c", "pass"],
    "import typer": [PY, "-c", "import typer"],
    "import typer, yaml, pydantic, rich.console": [PY, "-c", "import typer, yaml, pydantic, rich.console"],
    "plan's floor: + networkx, highspy": [
        PY,
        "-c",
        "import typer, yaml, pydantic, networkx, highspy, rich.console",
    ],
}
GAPPLAN_COMMANDS: dict[str, list[str]] = {
    "gapplan --help": [*GAPPLAN, "--help"],
    "gapplan roles": [*GAPPLAN, "roles"],
    "gapplan plan --goal data-analyst": [*GAPPLAN, "plan", "--goal", "data-analyst"],
}
RATIOS = {  # target key: (command, floor)
    "startup-help": ("gapplan --help", "import typer"),
    "startup-roles": ("gapplan roles", "import typer, yaml, pydantic, rich.console"),
    "startup-plan": ("gapplan plan --goal data-analyst", "plan's floor: + networkx, highspy"),
}


def user_env(cache_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "GAPPLAN_NO_CACHE")}
    env["XDG_CACHE_HOME"] = str(cache_home)
    return env


def compile_package(env: dict[str, str]) -> str:
    spec = importlib.util.find_spec("gapplan")
    if spec is None or not spec.submodule_search_locations:
        return "gapplan not found: not compiled"
    pkg = next(iter(spec.submodule_search_locations))
    done = subprocess.run([PY, "-m", "compileall", "-q", pkg], env=env, check=False, capture_output=True)
    return f"compiled {pkg}" if done.returncode == 0 else f"compileall {pkg} failed: {done.stderr[-300:]!r}"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    commands = {**FLOORS, **GAPPLAN_COMMANDS}
    cache_home = Path(tempfile.mkdtemp(prefix="gapplan-startup-xdg-"))
    try:
        env = user_env(cache_home)
        print(compile_package(env))
        failed: dict[str, int] = {}
        for name, cmd in GAPPLAN_COMMANDS.items():  # warm: write the catalog cache (and any missing .pyc)
            rc = subprocess.run(cmd, env=env, capture_output=True, check=False).returncode
            if rc:
                failed[name] = rc
        cached = sorted(p.name for p in (cache_home / "gapplan").glob("*")) if cache_home.is_dir() else []
        print(f"XDG_CACHE_HOME={cache_home}: {len(cached)} cache file(s) after the warm-up run")
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, cmd in commands.items():
                t0 = time.perf_counter()
                rc = subprocess.run(
                    cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
                ).returncode
                times[name].append((time.perf_counter() - t0) * 1000)
                if rc:
                    failed[name] = rc
    finally:
        shutil.rmtree(cache_home, ignore_errors=True)

    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["python -c pass"]
    print(f"\n{'command':45} {'median ms':>10} {'min ms':>8} {'x python':>9}  ({runs} runs each)")
    for name, values in times.items():
        status = f"  exit {failed[name]}!" if name in failed else ""
        print(f"{name:45} {medians[name]:10.1f} {min(values):8.1f} {medians[name] / base:9.2f}{status}")
    verdicts = []
    for key, (command, floor) in RATIOS.items():
        note = f"{medians[command]:.0f} / {medians[floor]:.0f} ms"
        if command in failed:
            note += f"; the command exited {failed[command]}"
        verdicts.append(Verdict(key, medians[command] / medians[floor], note))
    report(verdicts)


if __name__ == "__main__":
    main()

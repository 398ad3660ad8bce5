"""Memory of a running simulation: the process's RSS and peak, and the Python objects each
service (and the simulation) retains, walked in a forked copy so the walk is not in the peak."""

from __future__ import annotations

import gc
import json
import os
import resource
import sys
from pathlib import Path
from types import CodeType, FunctionType, ModuleType

from services.runtime import Runtime
from services.simulation import Simulation

MB = 2**20


def services_of(sim: Simulation) -> dict[str, object]:
    return {"vacancies": sim.vacancies, "discharge": sim.discharge, "broker": sim.broker}


def rss_mb() -> float:
    """Resident set size now (Linux /proc; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return 0.0
    return pages * resource.getpagesize() / MB


def peak_rss_mb() -> float:
    """This process's peak RSS since it started its program: Linux's VmHWM. getrusage's
    figure is not it in a process another started (a spawned worker, a subprocess): it
    begins at the parent's RSS when forked."""
    try:
        status = Path("/proc/self/status").read_text()
        return next(int(line.split()[1]) for line in status.splitlines() if line.startswith(
            "VmHWM:")) / 1024  # fmt: skip
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def retained_mb(sim: Simulation, runtime: Runtime) -> dict[str, float]:
    """MB of Python objects reachable from each service object, then from the simulation;
    an object shared by two owners counts for the first. Classes, modules and code are shared
    by all and not counted; a function counts only its closure (the agenda's tasks), not its
    module. Memory outside Python's objects (SQLite's page cache, C buffers) is not seen."""
    roots: dict[str, object] = {**services_of(sim), "simulation": sim}
    seen = {id(runtime), id(runtime.bus), *(id(r) for r in roots.values())}
    out = {}
    for owner, root in roots.items():
        size, todo = 0, [root]
        while todo:
            obj = todo.pop()
            size += sys.getsizeof(obj)
            refs = (
                [obj.__closure__, obj.__defaults__, obj.__kwdefaults__]
                if isinstance(obj, FunctionType)
                else gc.get_referents(obj)
            )
            for ref in refs:
                if ref is None or id(ref) in seen or isinstance(ref, type | ModuleType | CodeType):
                    continue
                seen.add(id(ref))
                todo.append(ref)
        out[owner] = size / MB
    return out


def memory(sim: Simulation, runtime: Runtime) -> dict[str, float]:
    """Each owner's retained objects, beside the whole process's RSS at the same moment. The
    walk runs in a forked copy of the process (where there is fork): its own bookkeeping (the
    id of every object) would otherwise raise this process's peak RSS, the figure we report."""
    rss = rss_mb()
    if not hasattr(os, "fork"):
        return {**retained_mb(sim, runtime), "process RSS": rss}
    read, write = os.pipe()
    if (pid := os.fork()) == 0:  # the copy: walk, answer, and leave without any clean-up
        try:
            os.close(read)
            os.write(write, json.dumps(retained_mb(sim, runtime)).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        answer = pipe.read()
    os.waitpid(pid, 0)
    return {**json.loads(answer), "process RSS": rss}

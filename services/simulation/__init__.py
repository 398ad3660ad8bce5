"""A synthetic borough that drives the three services through their public commands.

Deterministic by seed: the same seed, size and end date give the same care homes, patients,
delays and placements, so a demo or a test can be repeated exactly. Numbers it is
calibrated to are in `calibration.py`; `Simulation` in `simulation.py` runs it.
"""

from services.simulation.simulation import Config, Simulation

__all__ = ["Config", "Simulation"]

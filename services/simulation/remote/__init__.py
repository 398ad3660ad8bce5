"""The simulated borough driven over HTTP: the three services as separate processes in
production mode (PostgreSQL and Kafka), the simulation a client of their APIs, as real users
are. `RemoteRuntime` stands in for the embedded `Runtime`: its `drain` waits until every
service is quiescent, so the agenda's sync points stay deterministic; every call is retried
until the service is back, and is safe to repeat (see docs/demo-processes.md).

Only HTTP here: nothing imports a service's code, so a service can be killed and restarted
under a run without the client noticing more than a pause.
"""

from services.simulation.remote.runtime import RemoteRuntime

__all__ = ["RemoteRuntime"]

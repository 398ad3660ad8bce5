"""Puts the discharge service's routes on an app with the service they are served by: the one
place that knows both the wired service (bootstrap) and its HTTP routes."""

from __future__ import annotations

from fastapi import FastAPI

from services.discharge.bootstrap import Discharge
from services.discharge.entrypoints import api_fhir, api_residence, returns_api
from services.discharge.entrypoints.api import router
from services.discharge.entrypoints.api_worklist import router as worklist_router


def mount(app: FastAPI, service: Discharge) -> None:
    app.state.discharge = service  # what the routes' `Service` dependency reads
    app.include_router(router)
    app.include_router(returns_api.router)
    app.include_router(worklist_router)
    app.include_router(api_fhir.router)
    app.include_router(api_residence.router)

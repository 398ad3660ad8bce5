"""Puts the vacancies service's routes on an app with the service they are served by: the one
place that knows both the wired service (bootstrap) and its HTTP routes."""

from __future__ import annotations

from fastapi import FastAPI

from services.vacancies.bootstrap import Vacancies
from services.vacancies.entrypoints import api_agencies, api_own_agencies, api_own_homes
from services.vacancies.entrypoints.api import router


def mount(app: FastAPI, service: Vacancies) -> None:
    app.state.vacancies = service  # what the routes' `Service` dependency reads
    app.include_router(router)
    app.include_router(api_own_homes.router)
    app.include_router(api_own_agencies.router)
    app.include_router(api_agencies.router)

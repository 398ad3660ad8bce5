"""Puts the broker service's routes on an app with the service they are served by: the one
place that knows both the wired service (bootstrap) and its HTTP routes."""

from __future__ import annotations

from fastapi import FastAPI

from services.broker.bootstrap import Broker
from services.broker.entrypoints import api, api_home_assessment, reads


def mount(app: FastAPI, service: Broker) -> None:
    app.state.broker = service  # what the routes' `Service` dependency reads
    app.include_router(api.router)
    app.include_router(reads.router)
    app.include_router(api_home_assessment.router)

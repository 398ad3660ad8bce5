"""Puts the broker service's routes on an app with the service they are served by: the one
place that knows both the wired service (bootstrap) and its HTTP routes."""

from __future__ import annotations

from fastapi import FastAPI

from services.broker.bootstrap import Broker
from services.broker.entrypoints import (
    api,
    api_home_assessment,
    api_homecare_reports,
    api_package_offers,
    api_packages,
    reads,
)


def mount(app: FastAPI, service: Broker) -> None:
    app.state.broker = service  # what the routes' `Service` dependency reads
    app.include_router(api.router)
    app.include_router(reads.router)
    app.include_router(api_home_assessment.router)
    app.include_router(api_packages.router)  # home care packages: the broker's side
    app.include_router(api_package_offers.router)  # and the agency's
    app.include_router(api_homecare_reports.router)  # what commissioners ask of home care

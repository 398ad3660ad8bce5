"""What every broker route depends on: the service the app was mounted with."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.broker.bootstrap import Broker


def _service(request: Request) -> Broker:
    return request.app.state.broker  # type: ignore[no-any-return]


Service = Annotated[Broker, Depends(_service)]

"""CLI options bounded by the same field families as the API (`events.bounds`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from events.bounds.check import OutOfBounds, bounded


def within(kind: Any) -> Callable[[Any], Any]:
    """A typer callback: the option's value as `kind` takes it (each value of a repeated
    option), or a clear usage error naming the option (None passes, for options left out)."""

    def check(ctx: typer.Context, param: typer.CallbackParam, value: Any) -> Any:
        if value is None or ctx.resilient_parsing:
            return value
        try:
            if isinstance(value, list | tuple):
                return [bounded(kind, v) for v in value]
            return bounded(kind, value)
        except OutOfBounds as exc:
            raise typer.BadParameter(
                str(exc), param_hint=f"--{param.name}".replace("_", "-")
            ) from None

    return check  # type: ignore[return-value]

"""The HTTP edge of the FHIR routes: answers in application/fhir+json, and every refusal a
route or its dependencies raise (a bound, the access rule, another trust's episode, a
conflict) as an OperationOutcome naming the element, as FHIR clients expect."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from eventsourcing.persistence import RecordConflictError
from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from events.platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from services.discharge.fhir.outcome import element_of, outcome

FHIR_JSON = "application/fhir+json"
# a refusal of the domain by its field, as the Encounter's element
_DOMAIN_FIELDS = {
    "at": "Encounter.period",
    "admitted_at": "Encounter.period.start",
    "nhs_number": "Encounter.subject.identifier.value",
    "care_type": "Encounter.class",
}


class FhirJSON(JSONResponse):
    media_type = FHIR_JSON


class Resource(BaseModel):
    """A FHIR resource (the R4B models check it in full; this is its shape for OpenAPI)."""

    model_config = ConfigDict(extra="allow")
    resourceType: str  # noqa: N815 (FHIR's own name)


class Issue(BaseModel):
    severity: str
    code: str
    diagnostics: str = ""
    expression: list[str] = Field(default_factory=list)


class Outcome(BaseModel):
    """A FHIR OperationOutcome: why the request was refused, naming the element."""

    resourceType: str  # noqa: N815
    issue: list[Issue]


def _refusal(description: str) -> dict[str, Any]:
    return {"description": description, "model": Outcome}  # in the route's media type


REFUSALS: dict[int | str, dict[str, Any]] = {
    403: _refusal("the role may not, or another trust's serviceProvider"),
    404: _refusal("no such Encounter (or another trust's)"),
    409: _refusal("the Encounter clashes with the episode's recorded state"),
    422: _refusal("an element missing or out of its bounds, named in expression"),
}


def refused(status: int, message: str, element: str = "") -> FhirJSON:
    return FhirJSON(outcome(status, message, element), status_code=status)


class FhirRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                first = exc.errors()[0]
                where, loc = first["loc"][0], tuple(first["loc"][1:])
                element = element_of(loc) if where == "body" else ".".join(map(str, loc))
                return refused(422, first["msg"].removeprefix("Value error, "), element)
            except InvalidInput as exc:
                element = exc.field if exc.field.startswith("Encounter") else ""
                element = element or _DOMAIN_FIELDS.get(exc.field, f"Encounter ({exc.field})")
                return refused(422, exc.message, element)
            except Forbidden as exc:
                return refused(403, str(exc))
            except NotFound as exc:
                return refused(404, str(exc))
            except Conflict as exc:
                return refused(409, str(exc))
            except RecordConflictError:
                return refused(409, "someone else changed this at the same time; send it again")
            except StarletteHTTPException as exc:
                # a body FastAPI cannot decode (not UTF-8): refused like any body not JSON,
                # as an OperationOutcome (the app's own handler would answer plain JSON)
                if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
                    return refused(422, "the body is not valid JSON in UTF-8", "Encounter")
                raise

        return answer

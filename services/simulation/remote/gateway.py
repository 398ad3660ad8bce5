"""One address for the dashboard when the services are separate processes: requests under
/vacancies, /discharge and /broker go to that service's process, everything else (the
dashboard's pages, scripts and live stream) to the discharge process, which serves them too.
A killed service makes its pages answer 502 until it is started again."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import Response, StreamingResponse

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


def gateway(urls: dict[str, str], default: str = "discharge") -> FastAPI:
    app = FastAPI(title="Carebridge demo gateway", docs_url=None, redoc_url=None)
    client = httpx.AsyncClient(timeout=httpx.Timeout(30, read=None))

    @app.api_route("/{path:path}", methods=["GET", "POST", "PATCH", "PUT", "DELETE"])
    async def forward(path: str, request: Request) -> Response:
        first = path.split("/", 1)[0]
        base = urls.get(first, urls[default])
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        upstream = client.build_request(
            request.method,
            f"{base}/{path}",
            params=request.query_params,
            headers=headers,
            content=await request.body(),
        )
        try:
            answer = await client.send(upstream, stream=True)
        except httpx.TransportError:
            return Response(f"{first or default} is not answering (restarting?)", status_code=502)
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP}
        return StreamingResponse(_chunks(answer), status_code=answer.status_code, headers=kept)

    return app


async def _chunks(answer: httpx.Response) -> AsyncIterator[bytes]:
    try:
        async for chunk in answer.aiter_raw():
            yield chunk
    finally:
        await answer.aclose()

"""Make the OpenAPI document tell the truth about errors: every 4xx/5xx answer is
`application/problem+json` with the body core/problems.py writes (RFC 9457), not Litestar's
default `{status_code, detail, extra}` JSON."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, Reference, Schema
from litestar.openapi.spec.enums import OpenAPIType

from placement.core.problems import PROBLEM_MEDIA_TYPE

PROBLEM_SCHEMA = Schema(
    type=OpenAPIType.OBJECT,
    required=["type", "title", "status", "detail"],
    properties={
        "type": Schema(type=OpenAPIType.STRING),
        "title": Schema(type=OpenAPIType.STRING),
        "status": Schema(type=OpenAPIType.INTEGER),
        "detail": Schema(type=OpenAPIType.STRING),
        "instance": Schema(type=OpenAPIType.STRING),
        "errors": Schema(type=OpenAPIType.ARRAY, items=Schema(
            type=OpenAPIType.OBJECT, required=["field", "reason"],
            properties={"field": Schema(type=OpenAPIType.STRING),
                        "reason": Schema(type=OpenAPIType.STRING)})),
    },
    description="RFC 9457 problem details; `errors` names every invalid field.",
)


def document_problem_responses(app: Litestar) -> None:
    from litestar._openapi.plugin import OpenAPIPlugin

    openapi = app.plugins.get(OpenAPIPlugin).provide_openapi()
    for path_item in (openapi.paths or {}).values():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(path_item, method, None)
            if operation is None or not operation.responses:
                continue
            for status, response in list(operation.responses.items()):
                if isinstance(response, Reference) or str(status)[0] not in "45":
                    continue
                operation.responses[status] = _problem(response)


def _problem(response: OpenAPIResponse) -> OpenAPIResponse:
    content: dict[str, Any] = {PROBLEM_MEDIA_TYPE: OpenAPIMediaType(schema=PROBLEM_SCHEMA)}
    return OpenAPIResponse(description=response.description, headers=response.headers,
                           content=content, links=response.links)

"""Make the OpenAPI document tell the truth about errors: every 4xx/5xx answer is
`application/problem+json` with the body core/problems.py writes (RFC 9457), not Litestar's
default `{status_code, detail, extra}` JSON."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.openapi.spec import (
    OpenAPI,
    OpenAPIMediaType,
    OpenAPIResponse,
    Reference,
    Schema,
)
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
    """Rewrite the error responses when the document is built: at the first request for it,
    not at start-up (building it for ~200 routes takes seconds that serving need not wait for)."""
    from litestar._openapi.plugin import OpenAPIPlugin

    class ProblemDocumentingPlugin(OpenAPIPlugin):
        __slots__ = ()

        def _build_openapi(self) -> OpenAPI:
            openapi = super()._build_openapi()
            _rewrite_error_responses(openapi)
            return openapi

    # Litestar makes the plugin itself; the registry keeps finding it under OpenAPIPlugin.
    app.plugins.get(OpenAPIPlugin).__class__ = ProblemDocumentingPlugin


def _rewrite_error_responses(openapi: OpenAPI) -> None:
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

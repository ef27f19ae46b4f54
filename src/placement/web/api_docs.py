"""The browsable API documentation at /schema/swagger, served from this machine.

Litestar's Swagger page loads Swagger UI from a CDN and starts it with an inline script; users
behind a municipal firewall have no CDN, and our Content-Security-Policy allows no inline
script. So the page loads Swagger UI 5 (which reads OpenAPI 3.1) from the `swagger-ui-bundle-v2`
package, installed from the package registry and never committed, and starts it with a
same-origin script file.
"""

from __future__ import annotations

from html import escape
from typing import Any

from litestar import Request
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.static_files import create_static_files_router
from swagger_ui_bundle import swagger_ui_path

from placement.auth.access import public

ASSETS_PATH = "/schema-ui"


class LocalSwaggerPlugin(SwaggerRenderPlugin):
    def __init__(self) -> None:
        super().__init__(js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
                         css_url=f"{ASSETS_PATH}/swagger-ui.css",
                         standalone_preset_js_url=f"{ASSETS_PATH}/swagger-ui-standalone-preset.js",
                         path="/swagger")

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        title = escape(str(openapi_schema.get("info", {}).get("title", "API")))
        return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title}</title>
  <link rel="stylesheet" href="{self.css_url}">
</head>
<body>
  <div id="swagger-ui" data-spec-url="/schema/openapi.json"></div>
  <script src="{self.js_url}"></script>
  <script src="{self.standalone_preset_js_url}"></script>
  <script src="/static/swagger-init.js"></script>
</body>
</html>
""".encode()


def swagger_assets_router() -> Any:
    return create_static_files_router(path=ASSETS_PATH, directories=[swagger_ui_path],
                                      **public(), include_in_schema=False, name="swagger-ui")

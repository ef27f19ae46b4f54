"""The OpenAPI document as a client generator reads it: readable component names, typed lists."""

from __future__ import annotations


async def test_components_have_plain_names_and_every_list_types_its_items(client) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200, response.text
    schema = response.json()
    components = schema["components"]["schemas"]
    # A struct name used twice, or a generic Page[...], made Litestar name the component after
    # its module path ("recruitment_leads_schemas_CompetenceIn", "Page_placement.auth...").
    assert [name for name in components if not name.isidentifier() or "_" in name] == []
    pages = {name: body for name, body in components.items() if name.endswith("Page")}
    assert {"CarerPage", "ChildPage", "RequestPage", "LeadPage", "UserPage"} <= set(pages)
    for name, body in pages.items():
        items = body["properties"]["items"]["items"]
        assert "$ref" in items, f"{name} does not say what its items are: {items}"
    listed = schema["paths"]["/api/v1/children"]["get"]["responses"]["200"]["content"]
    assert listed["application/json"]["schema"] == {"$ref": "#/components/schemas/ChildPage"}

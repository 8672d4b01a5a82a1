"""The OpenAPI document is valid and describes every API route.

No OpenAPI meta-schema validator is installed (openapi-spec-validator is not a dependency), so the test checks
the structure OpenAPI 3.1 requires with a hand-written subset of its schema, checks every embedded schema
against JSON Schema 2020-12 (the dialect OpenAPI 3.1 uses, whose meta-schema jsonschema ships), resolves every
$ref, and compares the documented paths with the URL patterns Django actually serves.
"""

import re

import pytest
from django.urls import URLPattern
from jsonschema import Draft202012Validator

from katalog.opendata import api_urls

pytestmark = pytest.mark.django_db

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
STRUCTURE = {
    "type": "object",
    "required": ["openapi", "info", "paths"],
    "properties": {
        "openapi": {"type": "string", "pattern": r"^3\.1\.\d+$"},
        "info": {"type": "object", "required": ["title", "version"],
                 "properties": {"title": {"type": "string", "minLength": 1}, "version": {"type": "string"}}},
        "paths": {
            "type": "object",
            "patternProperties": {"^/": {
                "type": "object",
                "propertyNames": {"enum": sorted(METHODS | {"parameters", "summary", "description", "servers"})},
                "additionalProperties": {
                    "type": "object",
                    "required": ["responses", "operationId", "summary"],
                    "properties": {
                        "operationId": {"type": "string"},
                        "responses": {"type": "object", "minProperties": 1,
                                      "propertyNames": {"pattern": r"^([1-5][0-9X]{2}|default)$"},
                                      "additionalProperties": {"type": "object", "required": ["description"]}},
                        "parameters": {"type": "array", "items": {
                            "type": "object", "required": ["name", "in", "schema"],
                            "properties": {"in": {"enum": ["query", "header", "path", "cookie"]}}}},
                        "requestBody": {"type": "object", "required": ["content"]},
                        "security": {"type": "array"},
                    },
                },
            }},
            "additionalProperties": False,
        },
        "components": {"type": "object"},
    },
}


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _schemas(document):
    yield from document.get("components", {}).get("schemas", {}).values()
    for methods in document["paths"].values():
        for operation in methods.values():
            for parameter in operation.get("parameters", []):
                yield parameter["schema"]
            for media in operation.get("requestBody", {}).get("content", {}).values():
                yield media["schema"]
            for response in operation["responses"].values():
                for media in response.get("content", {}).values():
                    yield media["schema"]


def test_the_document_has_the_structure_openapi_31_requires(document):
    errors = sorted(Draft202012Validator(STRUCTURE).iter_errors(document), key=str)
    assert errors == []


def test_every_embedded_schema_is_valid_json_schema_2020_12(document):
    for schema in _schemas(document):
        Draft202012Validator.check_schema(schema)


def test_every_reference_resolves(document):
    for ref in _refs(document):
        assert ref.startswith("#/"), ref
        node = document
        for part in ref[2:].split("/"):
            assert part in node, ref
            node = node[part]


def test_operation_ids_are_unique_and_path_parameters_declared(document):
    seen = set()
    for path, methods in document["paths"].items():
        for operation in methods.values():
            assert operation["operationId"] not in seen
            seen.add(operation["operationId"])
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == set(re.findall(r"{([^}]+)}", path)), path
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    assert parameter["required"] is True


def test_every_route_django_serves_is_described(client, document):
    served = set()
    for pattern in api_urls.urlpatterns:
        if not isinstance(pattern, URLPattern) or pattern.name in {"openapi-json", "api-root", "docs", "not_found"}:
            continue
        served.add("/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern)))
    assert served and served == set(document["paths"])
    for path, methods in document["paths"].items():
        concrete = re.sub(r"{[^}]+}", "1", path)
        for method in METHODS - {"head", "options", "trace"}:
            if method == "get":
                response = client.get(concrete)
            else:
                response = getattr(client, method)(concrete, data="{}", content_type="application/json")
            if method in methods:  # routed to the operation (401/404/422 are the operation's own answers)
                assert response.status_code != 405, (path, method)
                assert "Alamat API ini tidak ada" not in response.content.decode(), (path, method)
            else:
                assert response.status_code == 405, (path, method)


def test_every_operation_documents_its_permission_and_error_responses(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            assert operation.get("x-katalog-permission"), (path, method)
            assert "Izin" in operation["description"], (path, method)
            for status in ("401", "404", "422", "429"):
                assert status in operation["responses"], (path, method, status)
            if operation.get("x-katalog-scope"):
                assert operation.get("security"), (path, method)
                assert "403" in operation["responses"]


def test_the_bearer_scheme_is_documented(document):
    schemes = document["components"]["securitySchemes"]
    assert any(s["type"] == "http" and s["scheme"] == "bearer" for s in schemes.values())


def test_the_docs_page_lists_every_operation_without_javascript(client, document):
    html = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    for path in document["paths"]:
        assert f"<code>{path}</code>" in html, path
    assert "<script>" not in html  # CSP: no inline script (the settings are a JSON data block)

"""The JSON API v1 (django-ninja): gateway (token, rate limit), access (permissions), operations, errors."""

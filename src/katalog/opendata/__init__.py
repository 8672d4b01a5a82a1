"""Open data: OCDS 1.1 publication, the JSON API v1, the public transparency page, integrator imports."""

"""OCDS 1.1 publication: releases per order event, the catalogue as a framework, packages, validation."""

"""Katalog Lokal: a kabupaten's e-catalogue of local products and UMKM."""

__version__ = "0.1.0"

"""Permission rules of the Kita app, one module per audience (found by rules' autodiscovery)."""

from kita.rules import allocation, catalogue, family, leader  # noqa: F401

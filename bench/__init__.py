"""Benchmarks that print figures. Not installed with the project; run from the source tree."""

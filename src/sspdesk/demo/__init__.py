"""Fictional demo data: a vault a new user can try, and data for screenshots and benchmarks."""

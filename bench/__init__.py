"""Benchmarks for sspdesk: run with `./dev bench`; results go to bench/RESULTS.md."""

"""A BPCC tenant simulator: the seed APIs over a living simulated contact centre.

Run it with `python -m simulator` (see `simulator/__main__.py` for the options). It is
the embedded default tenant of the demo and the upstream of the end-to-end tests.
"""

"""Training files from the dataset: ``fplint export`` (assembly, gating, formats).

``build`` puts turns in the seed's assembly order and decides, per example, whether it is
written or left out (and why); ``formats`` lays an example out as a trainer reads it.
"""

"""Evaluation of a plan against its targets and deadlines (DESIGN.md, Evaluation).

Pure functions over plain inputs (specs.py) returning plain results (results.py), so the
command line, the reports and the window all judge a plan the same way.
"""

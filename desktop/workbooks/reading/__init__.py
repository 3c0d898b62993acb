"""Helpers of ``desktop.workbooks.readers``: one module per family of file formats.

Import the public API from ``desktop.workbooks.readers``, not from here.
"""

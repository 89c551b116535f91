"""PDF output: ReportLab letters and pyHanko signing and validation.

The only package allowed to import ReportLab and pyHanko; services call it.
"""

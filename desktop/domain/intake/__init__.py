"""Understanding what departments send back: workbook grids in, values and progress out.

Pure logic over plain data. The readers (desktop.workbooks.readers) turn files into a
``WorkbookGrid``; the template reader and the free-form reader turn a grid into an
``Extraction``; the import service compares it with the database and writes it.
"""

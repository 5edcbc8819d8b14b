"""An earlier run against this one (``--baseline``): the earlier report.json read a file at a
time and kept on disk (``earlier``), and two versions of one department's file compared
(``compare``): what was fixed, what is still there, what is new."""

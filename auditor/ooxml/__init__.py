"""The .xlsx package itself, shared by the guards, the reader and the reporters: the zip
opened once (``package``) and cell references (``refs``).  Imports nothing of the reader,
the rules or the reporters."""

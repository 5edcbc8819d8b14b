import multiprocessing

from auditor.cli import main

if __name__ == "__main__":
    # a frozen Windows build (PyInstaller and the like) starts its workers through this exe
    multiprocessing.freeze_support()
    main()

# Build the Windows installer: the one-folder application (PyInstaller), its smoke test, then Inno Setup.
# Run from the repository root in PowerShell, with Python 3.11+ and Inno Setup 6 (iscc on the PATH).
$ErrorActionPreference = "Stop"
py -m venv .venv
# The exact versions of the lock file (with their hashes), as the Linux build and CI use them.
.venv\Scripts\pip install --quiet --require-hashes -r packaging\requirements\dev.txt
.venv\Scripts\pip install --quiet --no-deps -e .
.venv\Scripts\pyinstaller --noconfirm --clean packaging\accomp-desktop.spec
.venv\Scripts\python packaging\smoke_test.py dist\accomp-desktop
$version = (.venv\Scripts\python -c "import accomp_desktop; print(accomp_desktop.__version__)")
iscc /DAppVersion=$version packaging\windows\accomp-desktop.iss
Write-Host "Installateur : dist\accomp-desktop-$version-setup.exe"

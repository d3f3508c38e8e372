# Build the Windows installer: the one-folder application (PyInstaller), its smoke test, then Inno Setup.
# Run from the repository root in PowerShell, with Python 3.11+ and Inno Setup 6 (iscc on the PATH).
$ErrorActionPreference = "Stop"
py -m venv .venv
.venv\Scripts\pip install --quiet -e ".[bundle]"
.venv\Scripts\pyinstaller --noconfirm --clean packaging\accomp-desktop.spec
.venv\Scripts\python packaging\smoke_test.py dist\accomp-desktop
$version = (.venv\Scripts\python -c "import accomp_desktop; print(accomp_desktop.__version__)")
iscc /DAppVersion=$version packaging\windows\accomp-desktop.iss
Write-Host "Installateur : dist\accomp-desktop-$version-setup.exe"

; Inno Setup 6 script: the Windows installer of Accomp Desktop, from the one-folder build.
;
; Build on Windows (see packaging/windows/build.ps1):
;   pyinstaller --noconfirm --clean packaging\accomp-desktop.spec
;   iscc /DAppVersion=0.1.0 packaging\windows\accomp-desktop.iss
;
; Per-machine (Program Files, needs administrator rights) or per-user (no rights needed): the installer asks,
; or IT chooses on the command line (/ALLUSERS or /CURRENTUSER, with /VERYSILENT for a deployment).
; accomp-desktop-cli.exe (same folder) runs the batch commands from a console: dossiers, plan-pdf, restaurer.
; The data (database, backups, keys) lives in each user's %LOCALAPPDATA%\accomp-desktop: the uninstaller does
; not touch it, so a reinstall or an upgrade finds every dossier again.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F1C2A7E-3B9D-4E55-9A4C-0D2B7C8E1A31}
AppName=Accomp Desktop
AppVersion={#AppVersion}
AppPublisher=Accomp Desktop
AppComments=Suivi des dossiers de l'accompagnement global France Travail / Département, hors ligne
DefaultDirName={autopf}\Accomp Desktop
DefaultGroupName=Accomp Desktop
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
OutputDir=..\..\dist
OutputBaseFilename=accomp-desktop-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\accomp-desktop.ico
UninstallDisplayIcon={app}\accomp-desktop.exe
LicenseFile=..\..\LICENCES.md
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "Créer un raccourci sur le Bureau"; GroupDescription: "Raccourcis :"

[Files]
Source: "..\..\dist\accomp-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Accomp Desktop"; Filename: "{app}\accomp-desktop.exe"
Name: "{autodesktop}\Accomp Desktop"; Filename: "{app}\accomp-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\accomp-desktop.exe"; Description: "Ouvrir Accomp Desktop"; Flags: nowait postinstall skipifsilent

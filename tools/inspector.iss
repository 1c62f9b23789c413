; SPDX-License-Identifier: GPL-3.0-or-later
; Inno Setup script: the installer of the Windows bundle that `python tools\dist.py` builds in
; dist\inspector-VERSION. Run after it, on Windows:  iscc tools\inspector.iss
; The version comes from the app (tools\dist.py writes build\version.iss from inspector.__version__).
#include "..\build\version.iss"

[Setup]
AppId={{6F0A4E53-5C1B-4C55-9E0B-3B1E0C1D7A41}
AppName=Inspector
AppVersion={#AppVersion}
AppPublisher=Inspector
DefaultDirName={autopf}\Inspector
DefaultGroupName=Inspector
OutputDir=..\dist
OutputBaseFilename=inspector-{#AppVersion}-setup
SetupIconFile=..\resources\icons\inspector.ico
UninstallDisplayIcon={app}\Inspector.exe
Compression=lzma2/max
SolidCompression=yes
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\inspector-{#AppVersion}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Inspector"; Filename: "{app}\Inspector.exe"
Name: "{group}\{cm:UninstallProgram,Inspector}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Inspector"; Filename: "{app}\Inspector.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Inspector.exe"; Description: "{cm:LaunchProgram,Inspector}"; Flags: nowait postinstall skipifsilent

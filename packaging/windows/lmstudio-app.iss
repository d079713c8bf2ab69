; Inno Setup 6 script: the Windows installer of Language Model Studio.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\lmstudio-app.iss
;
; after PyInstaller has built dist\lmstudio-app\ and packaging\make_icons.py build\icons\.
; Installs per user by default (no administrator rights needed in a classroom), or for all
; users when run as administrator; adds a Start-menu entry, an optional desktop icon, opens
; .lmlesson files, and registers an uninstaller (Settings > Apps).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Language Model Studio"
#define AppExe "lmstudio-app.exe"
#define ProgId "LanguageModelStudio.Lesson"
#define Root "..\.."

[Setup]
; A fixed id: upgrades replace the installed version instead of installing beside it.
AppId={{3561EADE-2E0E-54AE-97CE-2095873C08F0}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Language Model Studio developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
SetupIconFile={#Root}\build\icons\lmstudio-app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
LicenseFile={#Root}\LICENSE
OutputDir={#Root}\dist
OutputBaseFilename=LanguageModelStudio-{#AppVersion}-windows-x64-setup
; LZMA2 over the whole folder: torch's DLLs shrink to about a third.
Compression=lzma2/ultra64
SolidCompression=yes
LZMAUseSeparateProcess=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Root}\dist\lmstudio-app\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "io.github.lmstudio_app.LanguageModelStudio"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .lmlesson files (JSON) open in the app: HKA is HKCU for a per-user install, HKLM otherwise.
Root: HKA; Subkey: "Software\Classes\.lmlesson"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.lmlesson"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-lmstudio-lesson"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.lmlesson\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{#AppName} lesson"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".lmlesson"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".txt"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; only what the app itself put beside its files; the user's runs and settings stay
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

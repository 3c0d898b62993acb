; Inno Setup 6 script of InnoTrack: a per-user installer, no administrator rights needed.
;
; Build the one-folder executable first, then compile this script on Windows:
;   python packaging\build.py
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\windows\innotrack.iss
; The setup program is written to dist\InnoTrack-<version>-setup.exe.
;
; Installs to %LOCALAPPDATA%\Programs\InnoTrack ({autopf} in a per-user install) with a
; Start-menu group (the program, the user guide, uninstall) and a desktop shortcut. The
; clerk's data (%LOCALAPPDATA%\InnoTrack: database, backups, logs) is never touched by
; installing, upgrading or uninstalling.
;
; This file is UTF-8 with a byte-order mark (Inno Setup reads Chinese text from it then).

#define AppName "创新型城市建设指标任务填报系统"
#define AppShortName "InnoTrack"
#define AppPublisher "××市科学技术局"
#define AppExe "InnoTrack.exe"
#define DistDir SourcePath + "..\..\dist\InnoTrack"
#ifndef AppVersion
  ; The file version that packaging/build.py put into the executable (from desktop.__version__).
  #define AppVersion GetVersionNumbersString(DistDir + "\" + AppExe)
#endif

[Setup]
; The AppId identifies the program for upgrades and uninstall: never change it.
AppId={{3CA18969-3FC5-58AC-9C59-848151AAFBEF}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoCompany={#AppPublisher}
VersionInfoProductName={#AppName}
; Per user, without administrator rights (office PCs rarely grant them).
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppShortName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#SourcePath}..\..\dist
OutputBaseFilename={#AppShortName}-{#AppVersion}-setup
SetupIconFile={#SourcePath}..\..\resources\icons\innotrack.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; Close a running InnoTrack before files are replaced.
CloseApplications=yes
RestartApplications=no

[Languages]
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#else
; Older Inno Setup without the Chinese (Simplified) messages: the wizard's own buttons stay
; English; our texts below are Chinese either way.
Name: "chs"; MessagesFile: "compiler:Default.isl"
#endif

[CustomMessages]
chs.DesktopIcon=创建桌面快捷方式
chs.ShortcutsGroup=快捷方式：
chs.UserGuide=用户指南
chs.Uninstall=卸载 {#AppName}
chs.LaunchProgram=立即运行 {#AppName}

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; GroupDescription: "{cm:ShortcutsGroup}"

[InstallDelete]
; An upgrade replaces the bundled files as a whole, so no library of an older version is left
; behind to be loaded by mistake. Only the program folder: the clerk's data lives elsewhere.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "{#AppName}"
#if FileExists(DistDir + "\用户指南.pdf")
Name: "{group}\{cm:UserGuide}"; Filename: "{app}\用户指南.pdf"
#elif FileExists(DistDir + "\用户指南.md")
Name: "{group}\{cm:UserGuide}"; Filename: "{app}\用户指南.md"
#endif
Name: "{group}\{cm:Uninstall}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram}"; Flags: nowait postinstall skipifsilent

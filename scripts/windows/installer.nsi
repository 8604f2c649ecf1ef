; The station's Windows installer (村站安装程序), built by scripts/windows/package with
; Debian's makensis:  makensis -DVERSION=0.1.0 -DSTATION_EXE=station.exe -DOUTFILE=setup.exe
;
; Per user, no administrator rights: the program goes to %LOCALAPPDATA%\Programs\
; cunzhan-station, the records stay in %LOCALAPPDATA%\cunzhan-station (the station's own
; default; the installer never writes there except through `station schedule`). Chinese by
; default with an English choice. Shortcuts 「村站」 start `station serve --open`. The nightly
; sync is registered with `station schedule install --time HH:MM`, the same command the
; officer can run later. Uninstalling keeps the records unless the officer ticks the box.
;
; Silent use:  setup.exe /S [/TIME=21:30] [/ENROL=FILE] [/D=DIR]     uninstall.exe /S [/DELETEDATA]
; (/ENROL= enrols the station from the hub's file, as `station init FILE`, for staff who set
; up many PCs; otherwise the officer enrols on the web app's first page.)
Unicode true
Target amd64-unicode        ; the x86 stub is a 32-bit program; 64-bit Windows only
RequestExecutionLevel user
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "pass -DVERSION=x.y.z (from CMake's project VERSION)"
!endif
!ifndef STATION_EXE
  !error "pass -DSTATION_EXE=path/to/station.exe"
!endif
!ifndef README_TXT
  !error "pass -DREADME_TXT=path/to/README-windows.txt"
!endif
!ifndef OUTFILE
  !define OUTFILE "cunzhan-station-${VERSION}-win64-setup.exe"
!endif

!define APP_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\cunzhan-station"
!define REG_KEY "Software\Cunzhan\Station"

!include "MUI2.nsh"
!include "nsDialogs.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

Name "村站 Cunzhan ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\cunzhan-station"
; An upgrade goes where the last install went.
InstallDirRegKey HKCU "${REG_KEY}" "InstallDir"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "Cunzhan station"
VIAddVersionKey /LANG=0 "FileDescription" "村站 Cunzhan station installer"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "Cunzhan project"

Var SyncTime
Var EnrolFile
Var TimeField
Var DeleteData

!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${REG_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_FINISHPAGE_RUN "$INSTDIR\station.exe"
!define MUI_FINISHPAGE_RUN_PARAMETERS "serve --open"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunNow)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
Page custom TimePage TimePageLeave
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default: Chinese, English on request.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString TimeTitle ${LANG_SIMPCHINESE} "夜间自动同步"
LangString TimeTitle ${LANG_ENGLISH} "Nightly sync"
LangString TimeText ${LANG_SIMPCHINESE} "每天在这个时间把本站记录发送到区县中心（时:分，24 小时制）。电脑当时关机的话，开机后会尽快补做。以后可用 station schedule install --time 时:分 修改。"
LangString TimeText ${LANG_ENGLISH} "Every day at this time the station's records are sent to the county hub (HH:MM, 24-hour clock). If the PC is off then, it catches up as soon as it is on. Change it later with station schedule install --time HH:MM."
LangString TimeBad ${LANG_SIMPCHINESE} "请按 时:分 填写时间，例如 21:30。"
LangString TimeBad ${LANG_ENGLISH} "Enter the time as HH:MM, e.g. 21:30."
LangString TaskFailed ${LANG_SIMPCHINESE} "未能登记夜间同步任务。安装已完成；请稍后在命令行运行 station schedule install 再试。"
LangString TaskFailed ${LANG_ENGLISH} "The nightly sync task could not be registered. The program is installed; run station schedule install later to try again."
LangString EnrolFailed ${LANG_SIMPCHINESE} "未能用该注册文件注册本站（已注册过，或文件有误）。可在村站网页或命令行 station init 中再试。"
LangString EnrolFailed ${LANG_ENGLISH} "The station could not be enrolled from that file (already enrolled, or a bad file). Try again on the web app or with station init."
LangString RunNow ${LANG_SIMPCHINESE} "打开村站"
LangString RunNow ${LANG_ENGLISH} "Open Cunzhan"
LangString ShortcutDesc ${LANG_SIMPCHINESE} "村站：在浏览器中登记农产品、揽收和快递服务点"
LangString ShortcutDesc ${LANG_ENGLISH} "Cunzhan station: records in your browser"
LangString DataSection ${LANG_SIMPCHINESE} "同时删除本站数据（记录、注册信息；无法恢复）"
LangString DataSection ${LANG_ENGLISH} "Also delete the station's data (records, enrolment; cannot be undone)"
LangString DataKept ${LANG_SIMPCHINESE} "本站数据已保留在："
LangString DataKept ${LANG_ENGLISH} "The station's data was kept in:"
LangString Need64 ${LANG_SIMPCHINESE} "村站需要 64 位 Windows。"
LangString Need64 ${LANG_ENGLISH} "Cunzhan needs 64-bit Windows."

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(Need64)"
    Abort
  ${EndIf}
  StrCpy $SyncTime "21:30"
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/TIME=" $R1
  ${IfNot} ${Errors}
    StrCpy $SyncTime $R1
  ${EndIf}
  StrCpy $EnrolFile ""
  ClearErrors
  ${GetOptions} $R0 "/ENROL=" $R1
  ${IfNot} ${Errors}
    StrCpy $EnrolFile $R1
  ${EndIf}
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function TimePage
  !insertmacro MUI_HEADER_TEXT "$(TimeTitle)" ""
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 48u "$(TimeText)"
  Pop $0
  ${NSD_CreateText} 0 56u 60u 14u "$SyncTime"
  Pop $TimeField
  nsDialogs::Show
FunctionEnd

Function TimePageLeave
  ${NSD_GetText} $TimeField $SyncTime
  ; station checks the time properly; here only the shape, so the page can say at once.
  StrLen $0 $SyncTime
  StrCpy $1 $SyncTime 1 -3
  ${If} $1 != ":"
  ${OrIf} $0 < 4
  ${OrIf} $0 > 5
    MessageBox MB_ICONEXCLAMATION "$(TimeBad)"
    Abort
  ${EndIf}
FunctionEnd

Section "-station" SecMain
  SetOutPath "$INSTDIR"
  File "/oname=station.exe" "${STATION_EXE}"
  File "/oname=README-windows.txt" "${README_TXT}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Shortcuts 「村站」: the web app, started (or shown again) in the default browser.
  SetShellVarContext current
  CreateShortcut "$SMPROGRAMS\村站.lnk" "$INSTDIR\station.exe" "serve --open" "$INSTDIR\station.exe" 0 \
    SW_SHOWMINIMIZED "" "$(ShortcutDesc)"
  CreateShortcut "$DESKTOP\村站.lnk" "$INSTDIR\station.exe" "serve --open" "$INSTDIR\station.exe" 0 \
    SW_SHOWMINIMIZED "" "$(ShortcutDesc)"

  WriteRegStr HKCU "${REG_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${REG_KEY}" "Version" "${VERSION}"
  WriteRegStr HKCU "${REG_KEY}" "SyncTime" "$SyncTime"
  WriteRegStr HKCU "${APP_KEY}" "DisplayName" "村站 Cunzhan station"
  WriteRegStr HKCU "${APP_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${APP_KEY}" "Publisher" "Cunzhan"
  WriteRegStr HKCU "${APP_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${APP_KEY}" "DisplayIcon" "$INSTDIR\station.exe"
  WriteRegStr HKCU "${APP_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${APP_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${APP_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${APP_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${APP_KEY}" "EstimatedSize" $0

  ; The nightly task, through the program itself (also what an upgrade re-registers).
  nsExec::ExecToLog '"$INSTDIR\station.exe" schedule install --time $SyncTime'
  Pop $0
  ${If} $0 != 0
    DetailPrint "station schedule install: $0"
    MessageBox MB_ICONEXCLAMATION "$(TaskFailed)" /SD IDOK
  ${EndIf}

  ${If} $EnrolFile != ""
    nsExec::ExecToLog '"$INSTDIR\station.exe" init "$EnrolFile"'
    Pop $0
    ${If} $0 != 0
      DetailPrint "station init: $0"
      MessageBox MB_ICONEXCLAMATION "$(EnrolFailed)" /SD IDOK
    ${EndIf}
  ${EndIf}
SectionEnd

Section "-un.program"
  ; The task first, while station.exe is still there to remove it.
  nsExec::ExecToLog '"$INSTDIR\station.exe" schedule remove'
  Pop $0
  SetShellVarContext current
  Delete "$SMPROGRAMS\村站.lnk"
  Delete "$DESKTOP\村站.lnk"
  Delete "$INSTDIR\station.exe"
  Delete "$INSTDIR\README-windows.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${APP_KEY}"
  DeleteRegKey HKCU "${REG_KEY}"
  StrCpy $DeleteData "0"
SectionEnd

; Unticked by default: the records are what the officer cannot get back.
Section /o "un.$(DataSection)" SecData
  StrCpy $DeleteData "1"
  RMDir /r "$LOCALAPPDATA\cunzhan-station"
SectionEnd

Section "-un.report"
  ${If} $DeleteData == "0"
    DetailPrint "$(DataKept) $LOCALAPPDATA\cunzhan-station"
  ${EndIf}
SectionEnd

; After the sections: it selects SecData.
Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DELETEDATA" $R1
  ${IfNot} ${Errors}
    SectionSetFlags ${SecData} ${SF_SELECTED}
  ${EndIf}
FunctionEnd

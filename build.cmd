@echo off
rem Entry point of the build on Windows: compile build\ only when its inputs changed, then run the
rem compiled build directly, passing every argument on.
setlocal
set "ROOT=%~dp0"
set "OUT=%ROOT%.nuke\temp\build"
set "STAMP=%OUT%\.inputs-stamp"
set DOTNET_NOLOGO=1
set DOTNET_CLI_TELEMETRY_OPTOUT=1

where dotnet >nul 2>nul
if errorlevel 1 (
  echo error: the .NET SDK 10 is needed and `dotnet` is not on PATH. Install it, then run this again: 1>&2
  echo   winget install Microsoft.DotNet.SDK.10 1>&2
  echo   or https://dotnet.microsoft.com/download/dotnet/10.0 1>&2
  exit /b 1
)

rem Stale when the output or the stamp is missing, or any input file or folder is newer than the stamp.
powershell -NoProfile -Command ^
  "$r='%ROOT%'; $s='%STAMP%'; if (!(Test-Path '%OUT%\_build.dll') -or !(Test-Path $s)) { exit 1 };" ^
  "$t=(Get-Item $s).LastWriteTimeUtc; $i='build','src\WaveletStack','src\WaveletStack.Targets' | %% { Get-ChildItem -Recurse -Path (Join-Path $r $_) } | ? { $_.FullName -notmatch '\\(bin|obj)(\\|$)' };" ^
  "$i+=Get-Item (Join-Path $r 'Directory.*.props'),(Join-Path $r 'global.json'); if ($i | ? { $_.LastWriteTimeUtc -gt $t }) { exit 1 }; exit 0"
if errorlevel 1 (
  if not exist "%OUT%" mkdir "%OUT%"
  type nul > "%STAMP%.next"
  dotnet build "%ROOT%build\_build.csproj" -o "%OUT%" --nologo -v quiet -clp:NoSummary
  if errorlevel 1 (
    echo error: the build project does not compile; see the errors above. 1>&2
    del "%STAMP%.next"
    exit /b 2
  )
  move /y "%STAMP%.next" "%STAMP%" >nul
)

dotnet "%OUT%\_build.dll" %*
exit /b %ERRORLEVEL%

# Installs roles and features on one server; answers whether it now needs a restart.
# In: {"server": "EX-NODE1", "features": ["Failover-Clustering"]}; the names
# were checked against ClusterForge's catalogue and are checked again here.
$server = [string]$in.server
$features = @($in.features | ForEach-Object { [string]$_ })
foreach ($f in $features) {
    if ($f -notmatch '^[A-Za-z0-9][A-Za-z0-9-]{0,63}$') { Fail 87 "'$f' is not a feature name" }
}
$s = Connect-Server $server
$version = [version](Get-CimInstance -CimSession $s -ClassName Win32_OperatingSystem).Version

if ($version -ge [version]'6.2') {
    $result = Install-WindowsFeature -ComputerName $server -Name $features
    if (-not $result.Success) { Fail 1603 "Install-WindowsFeature on $server did not succeed (exit code $($result.ExitCode))" }
    Write-Answer @{ restartNeeded = ([string]$result.RestartNeeded -ne 'No') }
    exit 0
}

# Windows Server 2008 and 2008 R2 install features only locally: run Server
# Manager there over WinRM (Add-WindowsFeature on 2008 R2, ServerManagerCmd
# on 2008, whose exit codes are 0 done, 1003 nothing to do, 3010 done, restart needed).
$answer = Invoke-Command -ComputerName $server -ArgumentList (, $features) -ScriptBlock {
    param([string[]]$names)
    if (Get-Module -ListAvailable ServerManager) {
        Import-Module ServerManager
        $r = Add-WindowsFeature -Name $names
        return @{ ok = [bool]$r.Success; restart = ([string]$r.RestartNeeded -ne 'No'); code = [int]$r.ExitCode }
    }
    # ServerManagerCmd takes one role or feature per -install.
    $restart = $false
    foreach ($name in $names) {
        & ServerManagerCmd.exe -install $name | Out-Null
        $code = $LASTEXITCODE
        if (@(0, 1003, 3010) -notcontains $code) { return @{ ok = $false; restart = $restart; code = $code } }
        $restart = $restart -or ($code -eq 3010)
    }
    return @{ ok = $true; restart = $restart; code = 0 }
}
if (-not $answer.ok) { Fail 1603 "Server Manager on $server did not install $($features -join ', ') (exit code $($answer.code))" }
Write-Answer @{ restartNeeded = [bool]$answer.restart }

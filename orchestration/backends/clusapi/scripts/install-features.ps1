# Installs roles and features on one server; answers whether it now needs a restart.
# In: {"server": "EX-NODE1", "features": ["Failover-Clustering"], "source": ""}; the
# names were checked against ClusterForge's catalogue and are checked again
# here. "source" names installation media (sources\sxs) for what 2012 and later
# keep off disk (.NET Framework 3.5); "" for none.
$server = [string]$in.server
$features = @($in.features | ForEach-Object { [string]$_ })
$source = [string]$in.source
foreach ($f in $features) {
    if ($f -notmatch '^[A-Za-z0-9][A-Za-z0-9-]{0,63}$') { Fail 87 "'$f' is not a feature name" }
}
$s = Connect-Server $server
$version = [version](Get-CimInstance -CimSession $s -ClassName Win32_OperatingSystem).Version

if ($version -ge [version]'6.2') {
    $options = @{ ComputerName = $server; Name = $features; ErrorAction = 'Stop' }
    if ($source) { $options.Source = $source }
    try {
        $result = Install-WindowsFeature @options
    } catch {
        # 0x800F081F (CBS_E_SOURCE_MISSING, 2148468767 unsigned): the payload is
        # off disk and the source does not hold it.
        if ($_.Exception.HResult -eq 0x800F081F -or "$_" -match '0x800F081F') {
            Fail 2148468767 "the source files for $($features -join ', ') could not be found on $server$(if ($source) { " at $source" })"
        }
        throw
    }
    if (-not $result.Success) { Fail 1603 "Install-WindowsFeature on $server did not succeed (exit code $($result.ExitCode))" }
    Write-Answer @{ restartNeeded = ([string]$result.RestartNeeded -ne 'No') }
    exit 0
}

# Windows Server 2008 R2 installs features only locally: run Server Manager
# there over WinRM. (2008 RTM/SP1 nodes, which have no WinRM, never get here:
# ClusterForge starts ServerManagerCmd on them through WMI.)
$answer = Invoke-Command -ComputerName $server -ArgumentList (, $features) -ScriptBlock {
    param([string[]]$names)
    Import-Module ServerManager
    $r = Add-WindowsFeature -Name $names
    return @{ ok = [bool]$r.Success; restart = ([string]$r.RestartNeeded -ne 'No'); code = [int]$r.ExitCode }
}
if (-not $answer.ok) { Fail 1603 "Server Manager on $server did not install $($features -join ', ') (exit code $($answer.code))" }
Write-Answer @{ restartNeeded = [bool]$answer.restart }

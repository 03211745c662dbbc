# Installs roles and features on one server; answers whether it now needs a restart.
# In: {"server": "EX-NODE1", "features": ["Failover-Clustering"]}; the names
# were checked against ClusterForge's catalogue and are checked again here.
$server = [string]$in.server
$features = @($in.features | ForEach-Object { [string]$_ })
foreach ($f in $features) {
    if ($f -notmatch '^[A-Za-z0-9][A-Za-z0-9-]{0,63}$') { Fail 87 "'$f' is not a feature name" }
}
$result = Install-WindowsFeature -ComputerName $server -Name $features
if (-not $result.Success) { Fail 1603 "Install-WindowsFeature on $server did not succeed: $($result.ExitCode)" }
Write-Answer @{ restartNeeded = ([string]$result.RestartNeeded -ne 'No') }

# What validation and node preparation need to know about one server, in the
# JSON form of ServerFacts (orchestration/server_facts_json.h).
# In: {"server": "EX-NODE1"}
$server = [string]$in.server
$s = Connect-Server $server

function Read-Registry([uint32]$hive, [string]$key, [string]$value) {
    $r = Invoke-CimMethod -CimSession $s -ClassName StdRegProv -MethodName GetStringValue `
        -Arguments @{ hDefKey = $hive; sSubKeyName = $key; sValueName = $value }
    if ($r.ReturnValue -eq 0) { return $r.sValue } else { return $null }
}
function Test-RegistryKey([uint32]$hive, [string]$parent, [string]$child) {
    $r = Invoke-CimMethod -CimSession $s -ClassName StdRegProv -MethodName EnumKey `
        -Arguments @{ hDefKey = $hive; sSubKeyName = $parent }
    return ($r.ReturnValue -eq 0 -and $r.sNames -and ($r.sNames -contains $child))
}
$HKLM = [uint32]2147483650

$cs = Get-CimInstance -CimSession $s -ClassName Win32_ComputerSystem
$os = Get-CimInstance -CimSession $s -ClassName Win32_OperatingSystem
$cpu = @(Get-CimInstance -CimSession $s -ClassName Win32_Processor)[0]
$architecture = switch ([int]$cpu.Architecture) { 0 { 'x86' } 6 { 'ia64' } 9 { 'x64' } default { 'unknown' } }
$edition = 'Standard'
foreach ($e in 'Datacenter', 'Enterprise', 'Web', 'Foundation', 'Essentials') {
    if ($os.Caption -match $e) { $edition = $e; break }
}
$installationType = Read-Registry $HKLM 'SOFTWARE\Microsoft\Windows NT\CurrentVersion' 'InstallationType'
$installationType = if ($installationType -eq 'Server Core') { 'Server Core' } else { 'Full' }

# Win32_ServerFeature names features by display name; Get-WindowsFeature on
# this host gives the ServerManager names ClusterForge uses.
$features = @()
try {
    $features = @(Get-WindowsFeature -ComputerName $server | Where-Object { $_.Installed } | ForEach-Object { $_.Name })
} catch {
    $features = @(Get-CimInstance -CimSession $s -ClassName Win32_ServerFeature | ForEach-Object {
        switch ($_.Name) { 'Failover Clustering' { 'Failover-Clustering' } default { $_.Name } } })
}

$adapters = @()
$nics = @{}
Get-CimInstance -CimSession $s -ClassName Win32_NetworkAdapter | ForEach-Object { $nics[[int]$_.Index] = $_.NetConnectionID }
foreach ($c in @(Get-CimInstance -CimSession $s -ClassName Win32_NetworkAdapterConfiguration -Filter 'IPEnabled = TRUE')) {
    for ($i = 0; $i -lt @($c.IPAddress).Count; $i++) {
        $address = @($c.IPAddress)[$i]
        if ($address -notmatch '^\d+\.\d+\.\d+\.\d+$') { continue }
        $mask = [System.Net.IPAddress]::Parse(@($c.IPSubnet)[$i]).GetAddressBytes()
        $prefix = 0
        foreach ($b in $mask) { $prefix += ([Convert]::ToString($b, 2) -replace '0', '').Length }
        $gateway = $null
        if ($c.DefaultIPGateway) {
            $gateway = @($c.DefaultIPGateway | Where-Object { $_ -match '^\d+\.\d+\.\d+\.\d+$' })[0]
        }
        $adapters += @{ name = [string]$nics[[int]$c.Index]; address = $address; prefixLength = $prefix;
                        dhcp = [bool]$c.DHCPEnabled; gateway = $gateway }
    }
}

$services = @(Get-CimInstance -CimSession $s -ClassName Win32_Service |
    ForEach-Object { @{ name = $_.Name; running = ($_.State -eq 'Running') } })
$updates = @(Get-CimInstance -CimSession $s -ClassName Win32_QuickFixEngineering |
    Where-Object { $_.HotFixID -match '^KB\d+$' } | ForEach-Object { $_.HotFixID })

# The Failover Clusters firewall group: MSFT_NetFirewallRule where the server
# has it (2012 and later), else the rules in the firewall policy's registry key.
$firewall = $true
try {
    $rules = @(Get-CimInstance -CimSession $s -Namespace root/StandardCimv2 -ClassName MSFT_NetFirewallRule |
        Where-Object { $_.DisplayGroup -eq 'Failover Clusters' -and $_.Direction -eq 1 })
    $firewall = $rules.Count -gt 0 -and -not ($rules | Where-Object { $_.Enabled -ne 1 })
} catch {
    $policy = 'SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\FirewallRules'
    $r = Invoke-CimMethod -CimSession $s -ClassName StdRegProv -MethodName EnumValues `
        -Arguments @{ hDefKey = $HKLM; sSubKeyName = $policy }
    # Rule texts name their group by resource id; the cluster's own rules name its service.
    $rules = @($r.sNames | ForEach-Object { Read-Registry $HKLM $policy $_ } | Where-Object { $_ -match 'Svc=clussvc' -and $_ -match 'Dir=In' })
    $firewall = $rules.Count -gt 0 -and -not ($rules | Where-Object { $_ -notmatch 'Active=TRUE' })
}

# Disks on shared buses (Fibre Channel, iSCSI, SAS), by the identity every node sees alike.
$sharedDisks = @()
try {
    $sharedDisks = @(Get-CimInstance -CimSession $s -Namespace root/Microsoft/Windows/Storage -ClassName MSFT_Disk |
        Where-Object { @(6, 9, 10) -contains [int]$_.BusType -and -not $_.IsBoot -and -not $_.IsSystem } |
        ForEach-Object { $_.UniqueId })
} catch {
    $sharedDisks = @(Get-CimInstance -CimSession $s -ClassName Win32_DiskDrive |
        Where-Object { $_.InterfaceType -eq 'SCSI' -and $_.Index -ne 0 -and $_.SerialNumber } |
        ForEach-Object { ([string]$_.SerialNumber).Trim() })
}

$restartPending = (Test-RegistryKey $HKLM 'SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing' 'RebootPending') -or
                  (Test-RegistryKey $HKLM 'SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update' 'RebootRequired')
$clusterName = Read-Registry $HKLM 'Cluster' 'ClusterName'

Write-Answer @{
    name = $cs.Name; domain = $cs.Domain
    os = @{ caption = $os.Caption.Trim(); edition = $edition; version = $os.Version;
            servicePack = [int]$os.ServicePackMajorVersion; architecture = $architecture; installationType = $installationType }
    features = $features; adapters = $adapters; services = $services; updates = $updates
    firewallAllowsClustering = [bool]$firewall; restartPending = [bool]$restartPending
    sharedDisks = $sharedDisks; clusterName = $clusterName
}

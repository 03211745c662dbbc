<#
.SYNOPSIS
    Installs ClusterForge as a Windows service on a management server and
    checks that it answers.

.DESCRIPTION
    1. Copies clusterforge.exe (built with the windows-msvc preset) to -InstallDir.
    2. Creates -DataDir (job database, logs) with Modify for the service account only
       besides Administrators and SYSTEM.
    3. Writes -InstallDir\clusterforge.json: the clusapi backend, -DataDir, -Listen.
    4. Reserves the listen URL for the account in http.sys (netsh http add urlacl),
       binds -CertificateThumbprint for https (netsh http add sslcert).
    5. Opens the port in Windows Firewall for -AllowedFrom.
    6. Runs `clusterforge install --account <account> --config <file>` and starts the service.
       A gMSA (DOMAIN\name$) needs no password. A plain domain account (for
       domains below the 2012 schema, which have no gMSA) needs -Credential:
       the script checks the password against the domain, grants the account
       "Log on as a service" here, and hands the password to the SCM through
       WMI (Win32_Service.Change), never on a command line.
    7. Makes the first admin token (clusterforge token create), prints it once,
       and waits for GET /readyz to answer 200 with it.

    Plain http is for loopback: an http -Listen on any other address needs
    -AllowInsecureHttp (bearer tokens would cross the network in clear);
    use https with -CertificateThumbprint instead.

    The account needs, and this script does not grant (see deploy/windows/README.md):
    local Administrators on every cluster node and on the witness file server;
    "Create Computer objects" on the OU the cluster's name object is created in
    (or a prestaged, disabled cluster name object it has Full Control of).

.EXAMPLE
    .\install.ps1 -Account 'CONTOSO\svc-clusterforge$' -Listen 'https://*:8443' `
        -CertificateThumbprint 0123456789ABCDEF0123456789ABCDEF01234567 -AllowedFrom 10.0.0.0/24

.EXAMPLE
    .\install.ps1 -Account 'CONTOSO\svc-clusterforge' -Credential (Get-Credential 'CONTOSO\svc-clusterforge') `
        -Listen 'https://*:8443' -CertificateThumbprint 0123456789ABCDEF0123456789ABCDEF01234567

.EXAMPLE
    .\install.ps1 -Uninstall
#>
[CmdletBinding(DefaultParameterSetName = 'Install')]
param(
    [Parameter(ParameterSetName = 'Install', Mandatory = $true)]
    [ValidatePattern('^[^\\/\[\]:;|=,+*?<>"]+\\[^\\/\[\]:;|=,+*?<>"$]+\$?$')]
    [string]$Account,

    # The password of a plain domain account; a gMSA (ending in $) takes none.
    [Parameter(ParameterSetName = 'Install')]
    [System.Management.Automation.PSCredential]$Credential,

    [Parameter(ParameterSetName = 'Install')]
    [string]$SourceDir = (Join-Path $PSScriptRoot '..\..\build-msvc\bin'),

    [string]$InstallDir = (Join-Path $env:ProgramFiles 'ClusterForge'),
    [string]$DataDir = (Join-Path $env:ProgramData 'ClusterForge'),

    [Parameter(ParameterSetName = 'Install')]
    [ValidatePattern('^https?://(\*|\+|[A-Za-z0-9.-]+):\d{1,5}$')]
    [string]$Listen = 'http://127.0.0.1:8080',

    [Parameter(ParameterSetName = 'Install')]
    [switch]$AllowInsecureHttp,

    [Parameter(ParameterSetName = 'Install')]
    [ValidatePattern('^[0-9A-Fa-f]{40}$')]
    [string]$CertificateThumbprint,

    [Parameter(ParameterSetName = 'Install')]
    [string[]]$AllowedFrom = @('LocalSubnet'),

    [Parameter(ParameterSetName = 'Install')]
    [ValidateRange(1, 64)]
    [int]$Workers = 4,

    [Parameter(ParameterSetName = 'Uninstall', Mandatory = $true)]
    [switch]$Uninstall
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$identity = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
if (-not $identity.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw 'Run this script in an elevated PowerShell (as an administrator of this server).'
}

$exe = Join-Path $InstallDir 'clusterforge.exe'
$config = Join-Path $InstallDir 'clusterforge.json'
$firewallRule = 'ClusterForge REST API'

# netsh answers in the console's language; only its exit code is checked.
function Invoke-Netsh([string[]]$Arguments, [switch]$AllowFailure) {
    $output = & netsh.exe @Arguments 2>&1
    if ($LASTEXITCODE -ne 0 -and -not $AllowFailure) {
        throw "netsh $($Arguments -join ' ') failed: $output"
    }
}

function Get-UrlParts([string]$Url) {
    if ($Url -notmatch '^(https?)://([^:]+):(\d+)$') { throw "-Listen must look like http://HOST:PORT, not $Url" }
    [pscustomobject]@{ Scheme = $Matches[1]; Host = $Matches[2]; Port = [int]$Matches[3]; Reservation = "$($Matches[1])://$($Matches[2]):$($Matches[3])/" }
}

if ($Uninstall) {
    if (Test-Path $exe) { & $exe uninstall; if ($LASTEXITCODE -ne 0) { throw 'clusterforge uninstall failed' } }
    if (Test-Path $config) {
        $old = Get-Content $config -Raw | ConvertFrom-Json
        $parts = Get-UrlParts $old.listen
        Invoke-Netsh @('http', 'delete', 'urlacl', "url=$($parts.Reservation)") -AllowFailure
        if ($parts.Scheme -eq 'https') { Invoke-Netsh @('http', 'delete', 'sslcert', "ipport=0.0.0.0:$($parts.Port)") -AllowFailure }
    }
    Get-NetFirewallRule -DisplayName $firewallRule -ErrorAction SilentlyContinue | Remove-NetFirewallRule
    Write-Host "ClusterForge is uninstalled. $DataDir (jobs, reports, logs) is kept; delete it yourself if you no longer need it."
    return
}

$url = Get-UrlParts $Listen
if ($url.Scheme -eq 'https' -and -not $CertificateThumbprint) { throw '-Listen https://... needs -CertificateThumbprint.' }
if ($url.Scheme -eq 'http' -and $url.Host -notmatch '^(127\.|localhost$)' -and -not $AllowInsecureHttp) {
    throw "-Listen $Listen would send bearer tokens in clear over the network: use https with -CertificateThumbprint, or pass -AllowInsecureHttp."
}
if ($url.Port -lt 1 -or $url.Port -gt 65535) { throw "port $($url.Port) is out of range" }

$managed = $Account.EndsWith('$')
if ($managed) {
    if ($Credential) { throw "$Account is a group managed service account: it takes no -Credential." }
    # A gMSA must be installed on this server before a service can log on as it.
    if (Get-Command Test-ADServiceAccount -ErrorAction SilentlyContinue) {
        $samName = $Account.Split('\')[1]
        if (-not (Test-ADServiceAccount -Identity $samName)) {
            throw "$Account cannot be used on this server: run Install-ADServiceAccount $samName, and allow this computer in PrincipalsAllowedToRetrieveManagedPassword."
        }
    } else {
        Write-Warning 'The ActiveDirectory module is not installed; not checking that the gMSA is usable here.'
    }
} else {
    if (-not $Credential) { $Credential = Get-Credential -UserName $Account -Message "The password of $Account (a plain domain account)" }
    if ($Credential.UserName -ne $Account) { throw "-Credential is for $($Credential.UserName), not for -Account $Account." }
    # A wrong password found now, not when the service first fails to log on.
    Add-Type -AssemblyName System.DirectoryServices.AccountManagement
    $domain = New-Object System.DirectoryServices.AccountManagement.PrincipalContext('Domain', $Account.Split('\')[0])
    if (-not $domain.ValidateCredentials($Account.Split('\')[1], $Credential.GetNetworkCredential().Password)) {
        throw "The domain does not accept the password given for $Account."
    }
}

# "Log on as a service" (SeServiceLogonRight), which services.msc grants when
# an account is set there and CreateService does not.
function Grant-ServiceLogonRight([string]$Name) {
    Add-Type -TypeDefinition @'
using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Security.Principal;
public static class ClusterForgeLsa {
    [StructLayout(LayoutKind.Sequential)] struct UnicodeString { public ushort Length; public ushort MaximumLength; public IntPtr Buffer; }
    [StructLayout(LayoutKind.Sequential)] struct ObjectAttributes { public int Length; public IntPtr RootDirectory; public IntPtr ObjectName; public uint Attributes; public IntPtr SecurityDescriptor; public IntPtr SecurityQualityOfService; }
    [DllImport("advapi32.dll")] static extern uint LsaOpenPolicy(IntPtr system, ref ObjectAttributes attributes, uint access, out IntPtr policy);
    [DllImport("advapi32.dll")] static extern uint LsaAddAccountRights(IntPtr policy, byte[] sid, UnicodeString[] rights, uint count);
    [DllImport("advapi32.dll")] static extern uint LsaClose(IntPtr policy);
    [DllImport("advapi32.dll")] static extern int LsaNtStatusToWinError(uint status);
    public static void Grant(string account, string right) {
        var sid = (SecurityIdentifier)new NTAccount(account).Translate(typeof(SecurityIdentifier));
        var bytes = new byte[sid.BinaryLength];
        sid.GetBinaryForm(bytes, 0);
        var attributes = new ObjectAttributes();
        IntPtr policy;
        uint status = LsaOpenPolicy(IntPtr.Zero, ref attributes, 0x810 /* POLICY_CREATE_ACCOUNT | POLICY_LOOKUP_NAMES */, out policy);
        if (status != 0) throw new Win32Exception(LsaNtStatusToWinError(status));
        var name = new UnicodeString();
        name.Buffer = Marshal.StringToHGlobalUni(right);
        name.Length = (ushort)(right.Length * 2);
        name.MaximumLength = (ushort)(name.Length + 2);
        try {
            status = LsaAddAccountRights(policy, bytes, new[] { name }, 1);
            if (status != 0) throw new Win32Exception(LsaNtStatusToWinError(status));
        } finally {
            Marshal.FreeHGlobal(name.Buffer);
            LsaClose(policy);
        }
    }
}
'@
    [ClusterForgeLsa]::Grant($Name, 'SeServiceLogonRight')
}

Write-Host "Copying clusterforge.exe to $InstallDir"
$built = Join-Path $SourceDir 'clusterforge.exe'
if (-not (Test-Path $built)) { throw "$built does not exist: build with 'cmake --preset windows-msvc' and 'cmake --build --preset windows-msvc' first, or pass -SourceDir." }
$existing = Get-Service -Name ClusterForge -ErrorAction SilentlyContinue
if ($existing -and $existing.Status -ne 'Stopped') { Stop-Service ClusterForge }
New-Item -ItemType Directory -Force -Path $InstallDir | Out-Null
Copy-Item $built $exe -Force

Write-Host "Preparing $DataDir"
New-Item -ItemType Directory -Force -Path $DataDir | Out-Null
# Only Administrators, SYSTEM and the service account: the database holds
# every job's spec, and the DPAPI-sealed witness keys.
& icacls.exe $DataDir /inheritance:r /grant:r '*S-1-5-32-544:(OI)(CI)F' '*S-1-5-18:(OI)(CI)F' "${Account}:(OI)(CI)M" | Out-Null
if ($LASTEXITCODE -ne 0) { throw "icacls could not set the permissions of $DataDir" }

Write-Host "Writing $config"
[ordered]@{
    listen   = $Listen
    dataDir  = $DataDir
    backend  = 'clusapi'
    workers  = $Workers
    logLevel = 'info'
    allowInsecureHttp = [bool]$AllowInsecureHttp
} | ConvertTo-Json | Set-Content -Path $config -Encoding ASCII

Write-Host "Reserving $($url.Reservation) for $Account in http.sys"
Invoke-Netsh @('http', 'delete', 'urlacl', "url=$($url.Reservation)") -AllowFailure
Invoke-Netsh @('http', 'add', 'urlacl', "url=$($url.Reservation)", "user=$Account", 'listen=yes', 'delegate=no')
if ($url.Scheme -eq 'https') {
    Write-Host "Binding certificate $CertificateThumbprint to port $($url.Port)"
    $appId = '{6f8c7a4e-3c1b-4f0e-9a52-1c9b7d2e5a10}'  # ClusterForge's, constant so a reinstall replaces its binding
    Invoke-Netsh @('http', 'delete', 'sslcert', "ipport=0.0.0.0:$($url.Port)") -AllowFailure
    Invoke-Netsh @('http', 'add', 'sslcert', "ipport=0.0.0.0:$($url.Port)", "certhash=$CertificateThumbprint", "appid=$appId", 'certstorename=MY')
}

Write-Host "Allowing TCP $($url.Port) from $($AllowedFrom -join ', ')"
Get-NetFirewallRule -DisplayName $firewallRule -ErrorAction SilentlyContinue | Remove-NetFirewallRule
# No -Program: http.sys receives the connections in the kernel (System), not clusterforge.exe.
New-NetFirewallRule -DisplayName $firewallRule -Direction Inbound -Protocol TCP -LocalPort $url.Port `
    -RemoteAddress $AllowedFrom -Action Allow -Profile Domain | Out-Null

if ($existing) {
    & $exe uninstall | Out-Null
}
Write-Host "Installing the service to run as $Account"
& $exe install --account $Account --config $config
if ($LASTEXITCODE -ne 0) { throw 'clusterforge install failed (its message is above)' }
if (-not $managed) {
    Write-Host "Granting $Account 'Log on as a service' and giving the SCM its password"
    Grant-ServiceLogonRight $Account
    $service = Get-CimInstance -ClassName Win32_Service -Filter "Name='ClusterForge'"
    $changed = Invoke-CimMethod -InputObject $service -MethodName Change `
        -Arguments @{ StartName = $Account; StartPassword = $Credential.GetNetworkCredential().Password }
    if ($changed.ReturnValue -ne 0) { throw "Win32_Service.Change could not set the account's password (return value $($changed.ReturnValue))." }
}
Start-Service ClusterForge

# The first admin token: shown here once; the service keeps only its hash.
$tokenName = "admin-$(Get-Date -Format yyyyMMddHHmmss)"
$tokenOutput = & $exe token create --data-dir $DataDir --name $tokenName --role admin
if ($LASTEXITCODE -ne 0) { throw "clusterforge token create failed: $tokenOutput" }
$token = ($tokenOutput | Select-Object -Last 1).Trim()
Write-Host "Admin token '$tokenName' (shown this once; store it now, e.g. in a secret vault):"
Write-Host "  $token"
$headers = @{ Authorization = "Bearer $token" }

$probeHost = if ($url.Host -in @('*', '+')) { 'localhost' } else { $url.Host }
$readyz = "$($url.Scheme)://${probeHost}:$($url.Port)/readyz"
Write-Host "Waiting for $readyz"
$deadline = (Get-Date).AddMinutes(2)
while ($true) {
    try {
        $answer = Invoke-RestMethod -Uri $readyz -Headers $headers -TimeoutSec 5
        Write-Host "ClusterForge is ready: $($answer | ConvertTo-Json -Compress)"
        break
    } catch {
        $status = $null
        if ($_.Exception.PSObject.Properties['Response'] -and $_.Exception.Response) { $status = [int]$_.Exception.Response.StatusCode }
        if ((Get-Date) -gt $deadline) {
            $events = Get-EventLog -LogName Application -Source ClusterForge -Newest 5 -ErrorAction SilentlyContinue |
                ForEach-Object { "  $($_.TimeGenerated) $($_.EntryType): $($_.Message)" }
            throw "ClusterForge did not become ready at $readyz (last answer: $(if ($status) { $status } else { $_.Exception.Message })).`nRecent Event Log entries:`n$($events -join "`n")`nThe service log is in $DataDir\clusterforge.log."
        }
        Start-Sleep -Seconds 2
    }
}

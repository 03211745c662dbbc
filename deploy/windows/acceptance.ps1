<#
.SYNOPSIS
    Runs ClusterForge end to end in a lab of your own and reports how it went.

.DESCRIPTION
    What an administrator runs on the management server of a lab with two or
    more spare nodes, a file server and a domain, to see ClusterForge do the
    runbook on real Windows:

      1. Checks the prerequisites of every node and of the witness's file
         server from here: WMI over DCOM, the remote SCM, the admin shares
         (ADMIN$, C$), WinRM on 2008 R2 and later; the Windows version of each.
      2. Installs the service with install.ps1 (unless -BaseUrl names one
         already running) and makes a token of its own for this run.
      3. Asks the service for a dry run of the runbook: what it would change,
         and what it would refuse (the service account's right to create
         computer objects, a missing admin share, a feature the nodes' Windows
         lacks).
      4. Drives the runbook: PUT /v1/clusters/{name} with the body in -Runbook,
         then a cluster validation.
      5. Tears down what it made: destroys the cluster (deleting its computer
         object) and removes the witness share if ClusterForge made it.
      6. Revokes its token and writes one report, acceptance-report.json and
         acceptance-report.html, in -ReportDir: every step with its timing and
         message, every event, the nodes' Windows versions, and the Win32 code
         of anything that failed.

    -DryRun does 1 and, when the service already runs (-BaseUrl, -Token), 3:
    it installs, creates and changes nothing.

.PARAMETER Runbook
    A JSON file: the body of PUT /v1/clusters/{name} (see the service's
    /docs, example "runbook"), with the nodes, networks and witness of your lab.

.PARAMETER ClusterName
    The cluster to create; it must not exist yet.

.PARAMETER InstallArguments
    The arguments for install.ps1, as a hashtable: @{ Account = 'CONTOSO\svc-cf$'; Listen = 'http://127.0.0.1:8080' }.

.PARAMETER BaseUrl
    A ClusterForge already running; the script then installs nothing.

.PARAMETER Token
    An admin token for -BaseUrl (the script makes its own when it installs).

.EXAMPLE
    .\acceptance.ps1 -Runbook .\lab-runbook.json -ClusterName LABCLUSTER -InstallArguments @{ Account = 'LAB\svc-cf$' }

.EXAMPLE
    .\acceptance.ps1 -Runbook .\lab-runbook.json -ClusterName LABCLUSTER -DryRun
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [ValidateScript({ Test-Path $_ -PathType Leaf })]
    [string]$Runbook,

    [Parameter(Mandatory = $true)]
    [ValidatePattern('^[A-Za-z0-9][A-Za-z0-9-]{0,14}$')]
    [string]$ClusterName,

    [hashtable]$InstallArguments = @{},

    [ValidatePattern('^https?://[^/]+$')]
    [string]$BaseUrl,

    [string]$Token,

    [string]$DataDir = (Join-Path $env:ProgramData 'ClusterForge'),

    [string]$ReportDir = (Join-Path (Get-Location) "acceptance-$(Get-Date -Format yyyyMMdd-HHmmss)"),

    [ValidateRange(1, 600)]
    [int]$JobTimeoutMinutes = 180,

    [switch]$DryRun
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

$body = Get-Content -Raw -Path $Runbook | ConvertFrom-Json
$nodes = @($body.nodes)
if ($nodes.Count -lt 1) { throw "$Runbook names no nodes" }
$fileServer = $null
if ($body.PSObject.Properties['quorum'] -and $body.quorum.PSObject.Properties['fileShareWitness']) {
    if ($body.quorum.fileShareWitness.path -match '^\\\\([^\\]+)\\') { $fileServer = $Matches[1] }
}
New-Item -ItemType Directory -Force -Path $ReportDir | Out-Null

$report = [ordered]@{
    startedAt = (Get-Date).ToUniversalTime().ToString('o')
    managementServer = $env:COMPUTERNAME
    runbook = (Resolve-Path $Runbook).Path
    cluster = $ClusterName
    dryRun = [bool]$DryRun
    servers = @()
    phases = @()
    outcome = 'running'
}

function Add-Phase([string]$name, [scriptblock]$action) {
    $phase = [ordered]@{ name = $name; startedAt = (Get-Date).ToUniversalTime().ToString('o'); status = 'running' }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    try {
        $details = & $action
        $phase.status = 'succeeded'
        if ($null -ne $details) { $phase.details = $details }
    } catch {
        $phase.status = 'failed'
        $phase.error = "$_"
        if ($_.Exception.PSObject.Properties['Data'] -and $_.Exception.Data['job']) { $phase.job = $_.Exception.Data['job'] }
    }
    $phase.seconds = [math]::Round($clock.Elapsed.TotalSeconds, 1)
    $script:report.phases += $phase
    Write-Host ("{0,-28} {1,-10} {2,8}s {3}" -f $name, $phase.status, $phase.seconds, $(if ($phase.Contains('error')) { $phase.error } else { '' }))
    return $phase.status -eq 'succeeded'
}

# ---- 1. Prerequisites, from this host --------------------------------------

function Test-Server([string]$name, [string]$role) {
    $server = [ordered]@{ name = $name; role = $role; checks = [ordered]@{} }
    try {
        $os = Get-WmiObject -Class Win32_OperatingSystem -ComputerName $name -ErrorAction Stop
        $server.os = [ordered]@{ caption = "$($os.Caption)".Trim(); version = $os.Version; servicePack = [int]$os.ServicePackMajorVersion }
        $server.checks.wmi = 'ok'
    } catch {
        $server.checks.wmi = "no answer over DCOM: $($_.Exception.Message). Enable the firewall rule group ""Windows Management Instrumentation (WMI)"" on $name."
    }
    try {
        [void][System.ServiceProcess.ServiceController]::GetServices($name)
        $server.checks.remoteAdministration = 'ok'
    } catch {
        $server.checks.remoteAdministration = "the service control manager does not answer: $($_.Exception.Message). Enable the firewall rule group ""Remote Administration"" on $name."
    }
    foreach ($share in 'ADMIN$', 'C$') {
        $server.checks[$share] = if (Test-Path "\\$name\$share") { 'ok' } else {
            "\\$name\$share is not reachable: the admin shares are off (AutoShareServer = 0) or this account is not an administrator of $name"
        }
    }
    if ($server.Contains('os') -and [version]$server.os.version -ge [version]'6.1') {
        try {
            [void](Test-WSMan -ComputerName $name -ErrorAction Stop)
            $server.checks.winrm = 'ok'
        } catch {
            $server.checks.winrm = "WinRM does not answer: run 'winrm quickconfig' on $name and enable the firewall rule group ""Windows Remote Management"""
        }
    }
    $server.ready = -not ($server.checks.Values | Where-Object { $_ -ne 'ok' })
    return $server
}

$prerequisitesMet = Add-Phase 'prerequisites' {
    foreach ($n in $nodes) { $script:report.servers += Test-Server $n 'node' }
    if ($fileServer) { $script:report.servers += Test-Server $fileServer 'file share witness' }
    $blocked = @($script:report.servers | Where-Object { -not $_.ready } | ForEach-Object { $_.name })
    if ($blocked.Count -gt 0) { throw "not ready: $($blocked -join ', ') (see servers in the report)" }
}

# ---- The REST API ------------------------------------------------------------

# One request; answers status, headers and the parsed body, whatever the status.
function Invoke-Api([string]$method, [string]$path, $json = $null, [hashtable]$headers = @{}) {
    $request = [System.Net.HttpWebRequest]::Create("$script:BaseUrl$path")
    $request.Method = $method
    $request.Headers.Add('Authorization', "Bearer $script:Token")
    foreach ($k in $headers.Keys) { $request.Headers.Add($k, $headers[$k]) }
    $request.Timeout = 90000
    if ($null -ne $json) {
        $bytes = [Text.Encoding]::UTF8.GetBytes(($json | ConvertTo-Json -Depth 20 -Compress))
        $request.ContentType = 'application/json'
        $request.ContentLength = $bytes.Length
        $stream = $request.GetRequestStream(); $stream.Write($bytes, 0, $bytes.Length); $stream.Close()
    }
    try {
        $response = $request.GetResponse()
    } catch [System.Net.WebException] {
        if (-not $_.Exception.Response) { throw }
        $response = $_.Exception.Response
    }
    $reader = New-Object IO.StreamReader($response.GetResponseStream())
    $text = $reader.ReadToEnd(); $reader.Close()
    $answer = [ordered]@{ status = [int]$response.StatusCode; etag = $response.Headers['ETag']; body = $null }
    $response.Close()
    if ($text) { $answer.body = $text | ConvertFrom-Json }
    return $answer
}

function Assert-Status($answer, [int[]]$expected, [string]$what) {
    if ($expected -notcontains $answer.status) {
        $detail = if ($answer.body -and $answer.body.PSObject.Properties['detail']) { $answer.body.detail } else { '' }
        throw "$what answered $($answer.status): $detail"
    }
}

# Follows a job with long polls until it ends; returns it with its events.
function Wait-ClusterForgeJob([string]$id) {
    $deadline = (Get-Date).AddMinutes($JobTimeoutMinutes)
    $job = (Invoke-Api GET "/v1/jobs/$id").body
    $etag = $null
    while (@('succeeded', 'failed', 'cancelled') -notcontains $job.status) {
        if ((Get-Date) -gt $deadline) { throw "job $id did not finish within $JobTimeoutMinutes minutes" }
        $answer = Invoke-Api GET "/v1/jobs/$id" $null $(if ($etag) { @{ 'Prefer' = 'wait=30'; 'If-None-Match' = $etag } } else { @{} })
        if ($answer.status -eq 200) { $job = $answer.body; $etag = $answer.etag }
    }
    $events = @(); $after = 0
    do {
        $page = (Invoke-Api GET "/v1/jobs/$id/events?after=$after").body
        $events += @($page.items)
        if (@($page.items).Count -gt 0) { $after = @($page.items)[-1].sequence }
    } while (@($page.items).Count -gt 0)
    return [ordered]@{
        id = $job.id; kind = $job.kind; status = $job.status
        startedAt = $job.startedAt; finishedAt = $job.finishedAt
        steps = @($job.progress.steps | ForEach-Object {
            $seconds = $null
            if ($_.startedAt -and $_.finishedAt) { $seconds = [math]::Round(([datetime]$_.finishedAt - [datetime]$_.startedAt).TotalSeconds, 1) }
            [ordered]@{ name = $_.name; status = $_.status; seconds = $seconds; message = $_.message } })
        error = $job.error
        win32 = $(if ($job.error -and $job.error.PSObject.Properties['win32']) { $job.error.win32 } else { $null })
        result = $job.result
        events = @($events | ForEach-Object { [ordered]@{ at = $_.time; level = $_.level; step = $_.step; message = $_.message } })
    }
}

# Starts a job and follows it; a job that does not succeed fails the phase.
function Invoke-ClusterForgeJob([string]$method, [string]$path, $json = $null, [hashtable]$headers = @{}) {
    $accepted = Invoke-Api $method $path $json $headers
    Assert-Status $accepted @(202) "$method $path"
    $job = Wait-ClusterForgeJob $accepted.body.id
    if ($job.status -ne 'succeeded') {
        $failure = New-Object Exception("job $($job.id) ($($job.kind)) $($job.status)$(if ($job.win32) { ": $($job.win32.name) ($($job.win32.code))" })")
        $failure.Data['job'] = $job
        throw $failure
    }
    return $job
}

# ---- 2. The service and a token --------------------------------------------

$installedHere = $false
$tokenName = "acceptance-$(Get-Date -Format yyyyMMddHHmmss)"
if (-not $prerequisitesMet -and -not $DryRun) {
    Write-Host 'the prerequisites are not met: nothing installed or changed'
    $BaseUrl = $null
} elseif (-not $BaseUrl) {
    if ($DryRun) {
        Write-Host 'dry run: no service at -BaseUrl, so the service account''s rights are not checked (install first, or run without -DryRun)'
    } else {
        $ok = Add-Phase 'install' {
            & (Join-Path $PSScriptRoot 'install.ps1') @InstallArguments | Out-Host
            $listen = if ($InstallArguments.ContainsKey('Listen')) { $InstallArguments['Listen'] } else { 'http://127.0.0.1:8080' }
            $script:BaseUrl = $listen -replace '//(\*|\+|0\.0\.0\.0)', '//localhost'
            $exe = Join-Path $(if ($InstallArguments.ContainsKey('InstallDir')) { $InstallArguments['InstallDir'] } else { Join-Path $env:ProgramFiles 'ClusterForge' }) 'clusterforge.exe'
            $made = & $exe token create --data-dir $DataDir --name $tokenName --role admin
            if ($LASTEXITCODE -ne 0) { throw "clusterforge token create failed: $made" }
            $script:Token = ($made | Select-Object -Last 1).Trim()
            $script:installedHere = $true
            [ordered]@{ baseUrl = $script:BaseUrl; token = $tokenName }
        }
        if (-not $ok) { $BaseUrl = $null }
    }
} elseif (-not $Token) {
    throw '-BaseUrl needs -Token (an admin token of that service)'
}

if ($BaseUrl) {
    [void](Add-Phase 'service ready' {
        $ready = Invoke-Api GET '/readyz'
        Assert-Status $ready @(200) 'GET /readyz'
        $ready.body
    })

    # ---- 3. The dry run: what would change, what would be refused ----------
    $planned = Add-Phase 'dry run' {
        $plan = Invoke-Api PUT "/v1/clusters/${ClusterName}?dryRun=true" $body
        Assert-Status $plan @(200) 'the dry run'
        if ($plan.body.PSObject.Properties['refusal'] -and $plan.body.refusal) { throw "the service would refuse: $($plan.body.refusal.detail)" }
        $plan.body
    }

    # ---- 4. The runbook, then a validation of the cluster ------------------
    if (-not $DryRun -and $planned) {
        $created = Add-Phase 'runbook' { Invoke-ClusterForgeJob PUT "/v1/clusters/$ClusterName" $body }
        [void](Add-Phase 'validation' {
            $job = Invoke-ClusterForgeJob POST '/v1/validations' @{ cluster = $ClusterName }
            $reportId = @($job.result.PSObject.Properties | ForEach-Object { $_.Value } |
                Where-Object { $_ -and $_.PSObject.Properties['reportId'] } | ForEach-Object { $_.reportId })[0]
            $job.report = (Invoke-Api GET "/v1/validations/$reportId").body
            $job
        })

        # ---- 5. Tear down what the run made ------------------------------
        if ($created -or (Invoke-Api GET "/v1/clusters/$ClusterName").status -eq 200) {
            [void](Add-Phase 'teardown' {
                $cluster = Invoke-Api GET "/v1/clusters/$ClusterName"
                Assert-Status $cluster @(200) "GET /v1/clusters/$ClusterName"
                Invoke-ClusterForgeJob DELETE "/v1/clusters/${ClusterName}?deleteComputerAccount=true&removeWitnessShare=true" $null @{ 'If-Match' = $cluster.etag }
            })
        }
    }

    if ($installedHere) {
        [void](Add-Phase 'revoke token' { Assert-Status (Invoke-Api DELETE "/v1/tokens/$tokenName") @(204) 'revoking the token' })
    }
}

# ---- 6. The report --------------------------------------------------------

$report.finishedAt = (Get-Date).ToUniversalTime().ToString('o')
$report.outcome = if ($report.phases | Where-Object { $_.status -ne 'succeeded' }) { 'failed' } else { 'succeeded' }
$jsonPath = Join-Path $ReportDir 'acceptance-report.json'
$report | ConvertTo-Json -Depth 20 | Set-Content -Path $jsonPath -Encoding UTF8

function H($text) { [System.Net.WebUtility]::HtmlEncode("$text") }
$html = New-Object Text.StringBuilder
[void]$html.Append("<!DOCTYPE html><html><head><meta charset=""utf-8""><title>ClusterForge acceptance: $(H $ClusterName)</title>")
[void]$html.Append('<style>body{font-family:Segoe UI,sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}.failed{color:#b00}.succeeded{color:#070}</style></head><body>')
[void]$html.Append("<h1>ClusterForge acceptance: $(H $ClusterName) <span class=""$(H $report.outcome)"">$(H $report.outcome)</span></h1>")
[void]$html.Append("<p>From $(H $report.managementServer), $(H $report.startedAt) to $(H $report.finishedAt)$(if ($DryRun) { ', dry run' }).</p>")
[void]$html.Append('<h2>Servers</h2><table><tr><th>Server</th><th>Role</th><th>Windows</th><th>Checks</th></tr>')
foreach ($s in $report.servers) {
    $os = if ($s.Contains('os')) { "$($s.os.caption) SP$($s.os.servicePack) ($($s.os.version))" } else { 'unknown' }
    $checks = ($s.checks.Keys | ForEach-Object { "$_`: $($s.checks[$_])" }) -join "`n"
    [void]$html.Append("<tr><td>$(H $s.name)</td><td>$(H $s.role)</td><td>$(H $os)</td><td><pre>$(H $checks)</pre></td></tr>")
}
[void]$html.Append('</table><h2>Phases</h2><table><tr><th>Phase</th><th>Status</th><th>Seconds</th><th>Error</th></tr>')
foreach ($p in $report.phases) {
    [void]$html.Append("<tr><td>$(H $p.name)</td><td class=""$(H $p.status)"">$(H $p.status)</td><td>$(H $p.seconds)</td><td>$(if ($p.Contains('error')) { H $p.error })</td></tr>")
}
[void]$html.Append('</table>')
foreach ($p in $report.phases) {
    $job = if ($p.Contains('job')) { $p.job } elseif ($p.Contains('details') -and $p.details -is [System.Collections.IDictionary] -and $p.details.Contains('steps')) { $p.details } else { $null }
    if (-not $job) { continue }
    [void]$html.Append("<h2>$(H $p.name): job $(H $job.id) ($(H $job.kind))</h2>")
    if ($job.win32) { [void]$html.Append("<p class=""failed"">$(H $job.win32.name) ($(H $job.win32.code))</p>") }
    [void]$html.Append('<table><tr><th>Step</th><th>Status</th><th>Seconds</th><th>Message</th></tr>')
    foreach ($st in $job.steps) {
        [void]$html.Append("<tr><td>$(H $st.name)</td><td class=""$(H $st.status)"">$(H $st.status)</td><td>$(H $st.seconds)</td><td>$(H $st.message)</td></tr>")
    }
    [void]$html.Append('</table><details><summary>Events</summary><table><tr><th>At</th><th>Level</th><th>Step</th><th>Message</th></tr>')
    foreach ($e in $job.events) {
        [void]$html.Append("<tr><td>$(H $e.at)</td><td>$(H $e.level)</td><td>$(H $e.step)</td><td>$(H $e.message)</td></tr>")
    }
    [void]$html.Append('</table></details>')
}
[void]$html.Append('</body></html>')
$htmlPath = Join-Path $ReportDir 'acceptance-report.html'
Set-Content -Path $htmlPath -Value $html.ToString() -Encoding UTF8

Write-Host "outcome: $($report.outcome)"
Write-Host "report:  $jsonPath"
Write-Host "         $htmlPath"
if ($report.outcome -ne 'succeeded') { exit 1 }

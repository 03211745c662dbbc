# Shared by every ClusterForge script: strict mode, the arguments (JSON on
# standard input, never script text), one JSON answer on standard output, and
# failures as {"error": {"code": <Win32>, "message": ...}}.
Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$in = [Console]::In.ReadToEnd() | ConvertFrom-Json

function Write-Answer($value) {
    [Console]::Out.Write(($value | ConvertTo-Json -Depth 8 -Compress))
}

# The Win32 code behind an exception: an HRESULT of FACILITY_WIN32
# (0x8007xxxx) carries it; a CIM or WinRM error names it; else ERROR_GEN_FAILURE.
function Get-Win32Code($err) {
    $e = $err.Exception
    while ($e) {
        if ($e.PSObject.Properties['NativeErrorCode'] -and $e.NativeErrorCode -is [int] -and $e.NativeErrorCode -gt 0) {
            return $e.NativeErrorCode
        }
        $h = $e.HResult
        if (($h -band 0xFFFF0000) -eq 0x80070000) { return $h -band 0xFFFF }
        if ($e.PSObject.Properties['ErrorData'] -and $e.ErrorData -and $e.ErrorData.CimInstanceProperties['error_Code']) {
            $c = [int64]$e.ErrorData.CimInstanceProperties['error_Code'].Value
            if (($c -band 0xFFFF0000) -eq 0x80070000) { return [int]($c -band 0xFFFF) }
        }
        $e = $e.InnerException
    }
    return 31
}

function Fail([long]$code, [string]$message) {
    Write-Answer @{ error = @{ code = $code; message = $message } }
    exit 1
}

# A CIM session to a server over DCOM, which Windows Server 2008 answers
# without WinRM. An unreachable server is RPC_S_SERVER_UNAVAILABLE (1722).
function Connect-Server([string]$server) {
    try {
        $option = New-CimSessionOption -Protocol Dcom
        return New-CimSession -ComputerName $server -SessionOption $option -OperationTimeoutSec 60
    } catch {
        $code = Get-Win32Code $_
        $hint = ''
        if ($code -eq 1722) {
            # Keep in step with remoteAdministrationHint (os_capabilities.cpp).
            $hint = "; check that $server is on and reachable, and that its Windows Firewall allows the rule groups " +
                '"Windows Management Instrumentation (WMI)" and "Remote Administration" (and "Windows Remote Management" from 2008 R2)'
        }
        Fail $code "cannot reach ${server}: $($_.Exception.Message)$hint"
    }
}

trap {
    Fail (Get-Win32Code $_) $_.Exception.Message
}

# Restarts one server and returns when WMI answers on it again.
# In: {"server": "EX-NODE1", "timeoutSeconds": 1200}
$server = [string]$in.server
Restart-Computer -ComputerName $server -Force -Wait -For Wmi -Timeout ([int]$in.timeoutSeconds) -Delay 5
Write-Answer @{ restarted = $true }

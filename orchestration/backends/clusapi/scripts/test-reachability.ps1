# Whether one server reaches an address: an ICMP echo sent from that server
# (Win32_PingStatus there), as validation's network test probes it.
# In: {"from": "EX-NODE1", "address": "10.0.1.12"}; the address is a checked IPv4 address.
$from = [string]$in.from
$address = [System.Net.IPAddress]::Parse([string]$in.address).ToString()
$s = Connect-Server $from
$ping = Get-CimInstance -CimSession $s -ClassName Win32_PingStatus -Filter "Address = '$address' AND Timeout = 2000"
Write-Answer @{ reachable = ($ping.StatusCode -eq 0) }

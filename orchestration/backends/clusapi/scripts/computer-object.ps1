# A computer object of this server's domain, by name (without the $):
# whether it exists and whether it is enabled. A destroyed cluster leaves its
# cluster name object behind, disabled (userAccountControl bit 2).
# In: {"name": "EXCLUSTER"}
$searcher = [adsisearcher]"(&(objectCategory=computer)(sAMAccountName=$($in.name)`$))"
[void]$searcher.PropertiesToLoad.Add('userAccountControl')
$found = $searcher.FindOne()
if (-not $found) { Write-Answer @{ exists = $false; enabled = $false }; exit 0 }
$flags = [int]$found.Properties['useraccountcontrol'][0]
Write-Answer @{ exists = $true; enabled = (($flags -band 2) -eq 0) }

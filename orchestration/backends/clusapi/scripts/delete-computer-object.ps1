# Deletes a disabled computer object of this server's domain (what a
# destroyed cluster left behind), with whatever it holds. An enabled one is
# in use and is refused with ERROR_ACCESS_DENIED (5); a missing one is
# ERROR_NO_SUCH_USER (1317).
# In: {"name": "EXCLUSTER"}
$searcher = [adsisearcher]"(&(objectCategory=computer)(sAMAccountName=$($in.name)`$))"
[void]$searcher.PropertiesToLoad.Add('userAccountControl')
$found = $searcher.FindOne()
if (-not $found) { Fail 1317 "no computer object named $($in.name)" }
if (([int]$found.Properties['useraccountcontrol'][0] -band 2) -eq 0) {
    Fail 5 "the computer object $($in.name)`$ is enabled: a live server or cluster uses it"
}
$found.GetDirectoryEntry().DeleteTree()
Write-Answer @{ deleted = $true }

# The clusters of this server's domain: the computer objects of cluster
# names, which carry the servicePrincipalName MSClusterVirtualServer/<name>
# (what Get-Cluster -Domain searches). AD-detached clusters have no such
# object; they are found by name only.
# In: {}
$searcher = [adsisearcher]'(&(objectCategory=computer)(servicePrincipalName=MSClusterVirtualServer/*))'
$searcher.PageSize = 500
[void]$searcher.PropertiesToLoad.Add('name')
$names = @($searcher.FindAll() | ForEach-Object { [string]$_.Properties['name'][0] } | Sort-Object -Unique)
Write-Answer @{ clusters = $names }

# Whether this service's account may create computer objects in the
# container that holds a node's computer account, where CreateCluster makes
# the cluster name object. Read from the container's access rules for the
# account and its groups: Create Child for computer objects (or for any
# class), not denied. CreateCluster's own answer stays the last word.
# In: {"node": "EX-NODE1"}
$node = [string]$in.node
if ($node -notmatch '^[A-Za-z0-9][A-Za-z0-9-]{0,14}$') { Fail 87 "'$node' is not a computer name" }
$searcher = [adsisearcher]"(&(objectCategory=computer)(sAMAccountName=$node`$))"
$found = $searcher.FindOne()
if (-not $found) { Fail 1317 "the domain has no computer account named $node" }
$container = [adsi]($found.GetDirectoryEntry().Parent)
$identity = [Security.Principal.WindowsIdentity]::GetCurrent()
$sids = @($identity.User) + @($identity.Groups)
$computerClass = [guid]'bf967a86-0de6-11d0-a285-00aa003049e2'
$allowed = $false
$denied = $false
foreach ($rule in $container.ObjectSecurity.GetAccessRules($true, $true, [Security.Principal.SecurityIdentifier])) {
    if ($sids -notcontains $rule.IdentityReference) { continue }
    if (($rule.ActiveDirectoryRights -band [DirectoryServices.ActiveDirectoryRights]::CreateChild) -eq 0) { continue }
    if ($rule.ObjectType -ne [guid]::Empty -and $rule.ObjectType -ne $computerClass) { continue }
    if ($rule.PropagationFlags -band [Security.AccessControl.PropagationFlags]::InheritOnly) { continue }
    if ([string]$rule.AccessControlType -eq 'Deny') { $denied = $true } else { $allowed = $true }
}
Write-Answer @{ allowed = ($allowed -and -not $denied); container = [string]$container.distinguishedName }

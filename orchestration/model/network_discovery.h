// How Windows (2008 and later) turns the nodes' adapters into cluster
// networks and the static addresses into the Cluster Name's dependencies.
// The simulated lab and a dry run's picture of a cluster to be made both use
// these, so the two cannot disagree with each other.
//
// One cluster network per subnet on which any node has an adapter: in a
// multi-site cluster each site's networks reach only that site's nodes, and
// that is normal. A network with a default gateway on it, or carrying a
// cluster address, is open to clients; the others carry only cluster traffic.
#pragma once

#include <string>
#include <vector>

#include "orchestration/model/cluster_model.h"

namespace cf {

// The networks of a cluster of `nodes` (their facts now). Networks in `known`
// (matched by subnet) keep their name, role and metric, as the cluster keeps
// them; a new subnet gets the next free "Cluster Network N". Interfaces are
// read from the adapters, so an adapter added to a node later shows up.
std::vector<ClusterNetwork> discoverNetworks(const std::vector<ServerFacts>& nodes,
                                             const std::vector<StaticAddress>& addresses,
                                             const std::vector<ClusterNetwork>& known);

// "[Cluster IP Address]", or "([Cluster IP Address] or [Cluster IP Address 10.1.0.50])"
// for a cluster with an address on several subnets.
std::string nameDependencyOf(const std::vector<StaticAddress>& addresses);

}  // namespace cf

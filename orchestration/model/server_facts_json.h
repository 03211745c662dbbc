// The JSON form of ServerFacts: how a lab inventory describes a server and
// how the ClusAPI backend's server-facts PowerShell script answers, so both
// are read by one checked parser. Missing lists mean empty; a missing
// clusterName (or null) means the server is in no cluster.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "orchestration/model/cluster_model.h"

namespace cf {

// Throws std::invalid_argument naming the bad field below `where`.
ServerFacts serverFactsFromJson(const nlohmann::json& json, const std::string& where);
nlohmann::json toJson(const ServerFacts& facts);

}  // namespace cf

#include "orchestration/cluster_model.h"

#include <algorithm>

#include "orchestration/computer_name.h"

namespace cf {

bool ServerFacts::hasFeature(const std::string& feature) const {
  return std::any_of(features.begin(), features.end(),
                     [&](const std::string& f) { return sameName(f, feature); });
}

std::vector<std::string> ClusterState::nodeNames() const {
  std::vector<std::string> names;
  for (const auto& node : nodes) names.push_back(node.name);
  return names;
}

bool sameNodeSet(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  auto canonicalSorted = [](const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (const auto& n : names) out.push_back(canonicalName(n));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  return canonicalSorted(a) == canonicalSorted(b);
}

}  // namespace cf
